import type { Alert } from '../../../src-shared/model/alert.js';
import type { CacheDb } from './cache-database.js';

interface AlertRow {
  data: string;
}

/** The alerts the server sent, exactly as its projection holds them; no optimistic effects live here. */
export class AlertReplica {
  private readonly getStmt;
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly clearStmt;
  private readonly countStmt;

  constructor(private readonly db: CacheDb) {
    this.getStmt = db.prepare<[string], AlertRow>('SELECT data FROM alerts WHERE id = ?');
    this.allStmt = db.prepare<[], AlertRow>('SELECT data FROM alerts');
    this.countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM alerts');
    this.upsertStmt = db.prepare(
      `INSERT INTO alerts (id, state, severity, urgency, category, owner_id, raised_at, updated_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, severity = excluded.severity,
         urgency = excluded.urgency, category = excluded.category, owner_id = excluded.owner_id,
         raised_at = excluded.raised_at, updated_at = excluded.updated_at, data = excluded.data`,
    );
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

  /** Call inside a transaction: a snapshot replaces everything at once. */
  replaceAll(alerts: readonly Alert[]): void {
    this.clearStmt.run();
    for (const alert of alerts) this.upsert(alert);
  }
}
