import type { Alert } from '../../../src-shared/model/alert.js';
import type { CacheDb } from './cache-database.js';

interface AlertRow {
  data: string;
}

/** Rows per statement in upsertMany: one statement call per row costs more than SQLite's own work for it. */
const ROWS_PER_STATEMENT = 25;
const COLUMNS = 9;

function upsertSql(rows: number): string {
  const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))').join(', ');
  return `INSERT INTO alerts (id, state, severity, urgency, category, owner_id, raised_at, updated_at, data)
       VALUES ${values}
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, severity = excluded.severity,
         urgency = excluded.urgency, category = excluded.category, owner_id = excluded.owner_id,
         raised_at = excluded.raised_at, updated_at = excluded.updated_at, data = excluded.data`;
}

/** The alerts the server sent, exactly as its projection holds them; no optimistic effects live here. */
export class AlertReplica {
  private readonly getStmt;
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly upsertManyStmt;
  private readonly manyArgs: unknown[] = new Array<unknown>(ROWS_PER_STATEMENT * COLUMNS);
  private readonly clearStmt;
  private readonly countStmt;

  constructor(private readonly db: CacheDb) {
    this.getStmt = db.prepare<[string], AlertRow>('SELECT data FROM alerts WHERE id = ?');
    this.allStmt = db.prepare<[], AlertRow>('SELECT data FROM alerts');
    this.countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM alerts');
    this.upsertStmt = db.prepare(upsertSql(1));
    this.upsertManyStmt = db.prepare(upsertSql(ROWS_PER_STATEMENT));
    this.clearStmt = db.prepare('DELETE FROM alerts');
  }

  get(id: string): Alert | null {
    const row = this.getStmt.get(id);
    return row ? (JSON.parse(row.data) as Alert) : null;
  }

  all(): Alert[] {
    return this.allStmt.all().map((row) => JSON.parse(row.data) as Alert);
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  /**
   * `json`, when given, is the alert's JSON text as the server sent it, already
   * known to parse to exactly `alert`: stored as it is, not serialised again. As
   * bytes it must be valid UTF-8; CAST stores them as TEXT without transcoding.
   */
  upsert(alert: Alert, json?: string | Uint8Array): void {
    // Positional binding: this runs once per event during catch-up.
    this.upsertStmt.run(
      alert.id,
      alert.state,
      alert.severity,
      alert.urgency,
      alert.category,
      alert.ownerId,
      alert.raisedAt,
      alert.updatedAt,
      json ?? JSON.stringify(alert),
    );
  }

  /**
   * upsert for each alert, `json[i]` going with `alerts[i]`; the ids must differ
   * (a batch's touched alerts do). Call inside a transaction: this is the catch-up path.
   */
  upsertMany(alerts: readonly Alert[], json: readonly (string | Uint8Array | undefined)[]): void {
    const args = this.manyArgs;
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= alerts.length; i += ROWS_PER_STATEMENT) {
      for (let r = 0; r < ROWS_PER_STATEMENT; r++) {
        const alert = alerts[i + r]!;
        const k = r * COLUMNS;
        args[k] = alert.id;
        args[k + 1] = alert.state;
        args[k + 2] = alert.severity;
        args[k + 3] = alert.urgency;
        args[k + 4] = alert.category;
        args[k + 5] = alert.ownerId;
        args[k + 6] = alert.raisedAt;
        args[k + 7] = alert.updatedAt;
        args[k + 8] = json[i + r] ?? JSON.stringify(alert);
      }
      this.upsertManyStmt.run(args);
    }
    for (; i < alerts.length; i++) this.upsert(alerts[i]!, json[i]);
    args.fill(undefined); // hold no alert longer than the call
  }

  /** Call inside a transaction: a snapshot replaces everything at once. */
  replaceAll(alerts: readonly Alert[]): void {
    this.clearStmt.run();
    for (const alert of alerts) this.upsert(alert);
  }
}
