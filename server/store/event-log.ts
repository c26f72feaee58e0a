import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly subject: string;
  readonly commandId: string | null;
  readonly data: unknown;
}

type EventRow = [number, string, string, string, string, string, string | null, string];

/**
 * The append-only log. `append` must run inside the caller's transaction so the
 * event, its projection change and the command record commit together.
 */
export class EventLog {
  private readonly readHead;
  private readonly writeHead;
  private readonly insert;
  private readonly selectRange;
  private readonly selectOldest;
  private readonly deleteUpTo;
  private readonly countForCommand;

  constructor(private readonly db: SqliteDatabase) {
    this.readHead = db.prepare("SELECT value FROM meta WHERE key = 'head_seq'").pluck();
    this.writeHead = db.prepare("UPDATE meta SET value = ? WHERE key = 'head_seq'");
    this.insert = db.prepare(
      'INSERT INTO events (seq, id, type, at, actor, subject, command_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectRange = db
      .prepare('SELECT seq, id, type, at, actor, subject, command_id, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
      .raw();
    this.selectOldest = db.prepare('SELECT MIN(seq) FROM events').pluck();
    this.deleteUpTo = db.prepare('DELETE FROM events WHERE seq <= ?');
    this.countForCommand = db.prepare('SELECT COUNT(*) FROM events WHERE command_id = ?').pluck();
  }

  /** seq = head + 1; only valid inside a transaction (checked, since a torn head would break gap-freeness). */
  append(event: NewEvent): SyncEvent {
    if (!this.db.inTransaction) throw new Error('EventLog.append must run inside a transaction');
    const seq = this.headSeq() + 1;
    this.insert.run(seq, event.id, event.type, event.at, event.actor, event.subject, event.commandId, JSON.stringify(event.data));
    this.writeHead.run(seq);
    return { seq, ...event };
  }

  headSeq(): number {
    return this.readHead.get() as number;
  }

  /** The oldest seq still kept; head + 1 when nothing is kept (so cursor = head is always fine). */
  oldestSeq(): number {
    const oldest = this.selectOldest.get() as number | null;
    return oldest ?? this.headSeq() + 1;
  }

  read(afterSeq: number, limit: number): SyncEvent[] {
    const rows = this.selectRange.all(afterSeq, limit) as EventRow[];
    const events: SyncEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      events[i] = { seq: r[0], id: r[1], type: r[2], at: r[3], actor: r[4], subject: r[5], commandId: r[6], data: JSON.parse(r[7]) };
    }
    return events;
  }

  /** Keeps the `retain` newest events; returns how many were removed. */
  prune(retain: number): number {
    const cutoff = this.headSeq() - Math.max(1, retain);
    if (cutoff < this.oldestSeq()) return 0;
    return this.deleteUpTo.run(cutoff).changes;
  }

  eventsForCommand(commandId: string): number {
    return this.countForCommand.get(commandId) as number;
  }
}
