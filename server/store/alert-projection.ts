import type { Alert } from '../../src-shared/model/alert.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Current state of every alert, kept in step with the log by the same transaction. */
export class AlertProjection {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly allStmt;
  private readonly openCountStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO alerts (id, state, severity, urgency, category, owner_id, raised_at, updated_at, data)
      VALUES (@id, @state, @severity, @urgency, @category, @ownerId, @raisedAt, @updatedAt, @data)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state, severity = excluded.severity,
        urgency = excluded.urgency, category = excluded.category, owner_id = excluded.owner_id,
        raised_at = excluded.raised_at, updated_at = excluded.updated_at, data = excluded.data`);
    this.getStmt = db.prepare('SELECT data FROM alerts WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM alerts ORDER BY raised_at, id').pluck();
    this.openCountStmt = db.prepare("SELECT COUNT(*) FROM alerts WHERE state NOT IN ('resolved', 'closed')").pluck();
  }

  upsert(alert: Alert): void {
    this.upsertStmt.run({
      id: alert.id,
      state: alert.state,
      severity: alert.severity,
      urgency: alert.urgency,
      category: alert.category,
      ownerId: alert.ownerId,
      raisedAt: alert.raisedAt,
      updatedAt: alert.updatedAt,
      data: JSON.stringify(alert),
    });
  }

  get(id: string): Alert | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as Alert);
  }

  list(): Alert[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as Alert);
  }

  openCount(): number {
    return this.openCountStmt.get() as number;
  }
}
