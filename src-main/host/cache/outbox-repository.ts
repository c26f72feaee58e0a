import type { RejectedCommand } from '../../../src-shared/desktop-api.js';
import type { ErrorCode } from '../../../src-shared/result.js';
import type { CacheDb } from './cache-database.js';

/**
 * Operator commands waiting for the server. A row is written before the command
 * is sent, gets `acked_seq` when the server's ack names the event, and is deleted
 * only when the cursor has passed that seq (in the batch transaction), so the
 * optimistic view never flickers between "acked" and "applied".
 */
export interface OutboxEntry {
  localSeq: number;
  commandId: string;
  type: string;
  payload: unknown;
  userId: string;
  queuedAt: string;
  attempts: number;
  lastError: string | null;
  ackedSeq: number | null;
}

interface OutboxRow {
  local_seq: number;
  command_id: string;
  type: string;
  payload: string;
  user_id: string;
  queued_at: string;
  attempts: number;
  last_error: string | null;
  acked_seq: number | null;
}

interface RejectedRow {
  command_id: string;
  type: string;
  alert_id: string | null;
  action: string;
  code: string;
  message: string;
  queued_at: string;
  rejected_at: string;
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    localSeq: row.local_seq,
    commandId: row.command_id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    userId: row.user_id,
    queuedAt: row.queued_at,
    attempts: row.attempts,
    lastError: row.last_error,
    ackedSeq: row.acked_seq,
  };
}

/** What a rejected command was about, for the operator's list. */
export function describeCommand(type: string, payload: unknown): { alertId: string | null; action: string } {
  const p = (payload ?? {}) as { alertId?: unknown; action?: unknown };
  const alertId = typeof p.alertId === 'string' ? p.alertId : null;
  if (type === 'alert.raise') return { alertId, action: 'raise' };
  return { alertId, action: typeof p.action === 'string' ? p.action : type };
}

export class OutboxRepository {
  private readonly insertStmt;
  private readonly nextStmt;
  private readonly pendingStmt;
  private readonly getStmt;
  private readonly attemptStmt;
  private readonly errorStmt;
  private readonly ackStmt;
  private readonly deleteAppliedStmt;
  private readonly deleteStmt;
  private readonly unackedCountStmt;
  private readonly userCountStmt;
  private readonly insertRejectedStmt;
  private readonly rejectedStmt;
  private readonly dismissStmt;

  constructor(private readonly db: CacheDb) {
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (command_id, type, payload, user_id, queued_at) VALUES (@commandId, @type, @payload, @userId, @queuedAt)`,
    );
    this.nextStmt = db.prepare<[], OutboxRow>(
      'SELECT * FROM outbox WHERE acked_seq IS NULL ORDER BY local_seq LIMIT 1',
    );
    this.pendingStmt = db.prepare<[], OutboxRow>('SELECT * FROM outbox ORDER BY local_seq');
    this.getStmt = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE command_id = ?');
    this.attemptStmt = db.prepare<[string | null, string]>(
      'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE command_id = ?',
    );
    this.errorStmt = db.prepare<[string | null, string]>('UPDATE outbox SET last_error = ? WHERE command_id = ?');
    this.ackStmt = db.prepare<[number, string]>('UPDATE outbox SET acked_seq = ?, last_error = NULL WHERE command_id = ?');
    this.deleteAppliedStmt = db.prepare<[number]>('DELETE FROM outbox WHERE acked_seq IS NOT NULL AND acked_seq <= ?');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM outbox WHERE command_id = ?');
    this.unackedCountStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE acked_seq IS NULL');
    this.userCountStmt = db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM outbox WHERE user_id = ? AND acked_seq IS NULL',
    );
    this.insertRejectedStmt = db.prepare(
      `INSERT OR REPLACE INTO rejected_commands (command_id, type, payload, user_id, alert_id, action, code, message, queued_at, rejected_at)
       VALUES (@commandId, @type, @payload, @userId, @alertId, @action, @code, @message, @queuedAt, @rejectedAt)`,
    );
    this.rejectedStmt = db.prepare<[], RejectedRow>('SELECT * FROM rejected_commands ORDER BY rejected_at, command_id');
    this.dismissStmt = db.prepare<[string]>('DELETE FROM rejected_commands WHERE command_id = ?');
  }

  /**
   * The operator sees "queued" as soon as this returns, so this one commit is
   * fsynced (synchronous=FULL) even though the cache otherwise runs NORMAL: a power
   * cut must not lose an action the screen said it kept. Replica batches can be
   * fetched again from the server; this cannot.
   */
  enqueue(entry: { commandId: string; type: string; payload: unknown; userId: string; queuedAt: string }): void {
    this.db.pragma('synchronous = FULL');
    try {
      this.insertStmt.run({ ...entry, payload: JSON.stringify(entry.payload) });
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /** Several commands in one fsynced transaction: all are queued, or (on any error) none. */
  enqueueMany(entries: readonly { commandId: string; type: string; payload: unknown; userId: string; queuedAt: string }[]): void {
    this.db.pragma('synchronous = FULL');
    try {
      this.db.transaction(() => {
        for (const entry of entries) this.insertStmt.run({ ...entry, payload: JSON.stringify(entry.payload) });
      })();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /** The oldest command the server has not acknowledged: the flusher sends strictly in this order. */
  nextUnacked(): OutboxEntry | null {
    const row = this.nextStmt.get();
    return row ? toEntry(row) : null;
  }

  get(commandId: string): OutboxEntry | null {
    const row = this.getStmt.get(commandId);
    return row ? toEntry(row) : null;
  }

  /** Every command not yet reflected in the replica, oldest first. */
  pending(): OutboxEntry[] {
    return this.pendingStmt.all().map(toEntry);
  }

  recordAttempt(commandId: string, error: string | null = null): void {
    this.attemptStmt.run(error, commandId);
  }

  noteError(commandId: string, error: string | null): void {
    this.errorStmt.run(error, commandId);
  }

  /** The server applied it as `seq`; if the replica already holds that seq the row goes now. */
  markAcked(commandId: string, seq: number, cursor: number): void {
    if (seq <= cursor) this.deleteStmt.run(commandId);
    else this.ackStmt.run(seq, commandId);
  }

  /** Inside the batch transaction: commands whose event the replica now holds. */
  deleteAppliedUpTo(cursor: number): number {
    return this.deleteAppliedStmt.run(cursor).changes;
  }

  unackedCount(): number {
    return this.unackedCountStmt.get()!.n;
  }

  unackedCountForUser(userId: string): number {
    return this.userCountStmt.get(userId)!.n;
  }

  /** A final refusal: the row moves to rejected_commands in one transaction. */
  reject(commandId: string, code: ErrorCode, message: string, rejectedAt: string): RejectedCommand | null {
    return this.db.transaction(() => {
      const entry = this.get(commandId);
      if (!entry) return null;
      const { alertId, action } = describeCommand(entry.type, entry.payload);
      this.insertRejectedStmt.run({
        commandId,
        type: entry.type,
        payload: JSON.stringify(entry.payload),
        userId: entry.userId,
        alertId,
        action,
        code,
        message,
        queuedAt: entry.queuedAt,
        rejectedAt,
      });
      this.deleteStmt.run(commandId);
      return { commandId, type: entry.type, alertId, action, code, message, queuedAt: entry.queuedAt, rejectedAt };
    })();
  }

  rejected(): RejectedCommand[] {
    return this.rejectedStmt.all().map((row) => ({
      commandId: row.command_id,
      type: row.type,
      alertId: row.alert_id,
      action: row.action,
      code: row.code as ErrorCode,
      message: row.message,
      queuedAt: row.queued_at,
      rejectedAt: row.rejected_at,
    }));
  }

  dismissRejected(commandId: string): boolean {
    return this.dismissStmt.run(commandId).changes > 0;
  }
}
