import type { SqliteDatabase } from '../store/sqlite-database.js';

export type DossierWarningThreshold = 'at-risk' | 'overdue';

export interface DossierWarningRecord {
  dossierCode: string;
  threshold: DossierWarningThreshold;
  alertId: string;
  handlingAgencyId: string;
  raisedAt: string;
}

interface Row {
  dossier_code: string;
  threshold: DossierWarningThreshold;
  alert_id: string;
  handling_agency_id: string;
  raised_at: string;
}

const AT_RISK = 1;
const OVERDUE = 2;
const BIT: Record<DossierWarningThreshold, number> = { 'at-risk': AT_RISK, overdue: OVERDUE };

/**
 * Which (dossier, threshold) warnings were raised, so each is raised once, across
 * restarts: the table `dossier_warning_log` (migration 14) in the server's database,
 * where a row commits in the same transaction as its alert. A copy is kept in memory
 * (a bit mask per dossier) for the checker's rounds.
 */
export class DossierWarningLog {
  private readonly raised = new Map<string, number>();
  private readonly insertStmt;
  private readonly hasStmt;

  constructor(private readonly db: SqliteDatabase) {
    this.insertStmt = db.prepare(
      'INSERT OR IGNORE INTO dossier_warning_log (dossier_code, threshold, alert_id, handling_agency_id, raised_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.hasStmt = db.prepare('SELECT 1 FROM dossier_warning_log WHERE dossier_code = ? AND threshold = ?');
    for (const row of db.prepare('SELECT dossier_code, threshold FROM dossier_warning_log').iterate() as IterableIterator<Pick<Row, 'dossier_code' | 'threshold'>>) {
      this.raised.set(row.dossier_code, (this.raised.get(row.dossier_code) ?? 0) | (BIT[row.threshold] ?? 0));
    }
  }

  /** From the in-memory copy (fast; the checker re-checks the table inside its transaction). */
  has(dossierCode: string, threshold: DossierWarningThreshold): boolean {
    return ((this.raised.get(dossierCode) ?? 0) & BIT[threshold]) !== 0;
  }

  /** From the table itself (inside a transaction: the authority). */
  hasStored(dossierCode: string, threshold: DossierWarningThreshold): boolean {
    return this.hasStmt.get(dossierCode, threshold) !== undefined;
  }

  /** Writes the row (call inside the alert's transaction); false when it was already there. */
  insert(record: DossierWarningRecord): boolean {
    return this.insertStmt.run(record.dossierCode, record.threshold, record.alertId, record.handlingAgencyId, record.raisedAt).changes === 1;
  }

  /** Marks the in-memory copy, after the transaction committed. */
  remember(dossierCode: string, threshold: DossierWarningThreshold): void {
    this.raised.set(dossierCode, (this.raised.get(dossierCode) ?? 0) | BIT[threshold]);
  }

  list(): DossierWarningRecord[] {
    const rows = this.db
      .prepare('SELECT dossier_code, threshold, alert_id, handling_agency_id, raised_at FROM dossier_warning_log ORDER BY raised_at, dossier_code, threshold')
      .all() as Row[];
    return rows.map((r) => ({ dossierCode: r.dossier_code, threshold: r.threshold, alertId: r.alert_id, handlingAgencyId: r.handling_agency_id, raisedAt: r.raised_at }));
  }
}
