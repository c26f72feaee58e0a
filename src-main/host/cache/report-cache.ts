import type { Department, FieldReport, RoutingRule } from '../../../src-shared/model/field-report.js';
import type { CacheDb } from './cache-database.js';
import { KeyedReplica } from './keyed-replica.js';

interface ReportRow {
  data: string;
}

/**
 * The field reports this workstation keeps in cache.db: replicas of the server's
 * reports (the whole report as JSON, beside the columns a desk filters on),
 * departments and routing rules. Written only by the batch applier; read by the
 * reports API, which overlays the outbox's pending steps.
 */
export class ReportCache {
  readonly departments: KeyedReplica<Department>;
  readonly routingRules: KeyedReplica<RoutingRule>;
  private readonly getStmt;
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly countStmt;
  private readonly idsStmt;
  private readonly clearStmt;

  constructor(db: CacheDb) {
    this.departments = new KeyedReplica(db, 'report_departments');
    this.routingRules = new KeyedReplica(db, 'routing_rules');
    this.getStmt = db.prepare<[string], ReportRow>('SELECT data FROM reports WHERE id = ?');
    this.allStmt = db.prepare<[], ReportRow>('SELECT data FROM reports ORDER BY received_at DESC, id DESC');
    this.upsertStmt = db.prepare(
      `INSERT INTO reports (id, status, service_code, unit_id, department_id, received_at, due_at, data)
       VALUES (@id, @status, @serviceCode, @unitId, @departmentId, @receivedAt, @dueAt, @data)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, service_code = excluded.service_code, unit_id = excluded.unit_id,
         department_id = excluded.department_id, received_at = excluded.received_at, due_at = excluded.due_at, data = excluded.data`,
    );
    this.countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM reports');
    this.idsStmt = db.prepare<[], string>('SELECT id FROM reports').pluck();
    this.clearStmt = db.prepare('DELETE FROM reports');
  }

  get(id: string): FieldReport | null {
    const row = this.getStmt.get(id);
    return row ? (JSON.parse(row.data) as FieldReport) : null;
  }

  /** Newest first (received_at, then id). */
  all(): FieldReport[] {
    return this.allStmt.all().map((row) => JSON.parse(row.data) as FieldReport);
  }

  upsert(report: FieldReport): void {
    this.upsertStmt.run({
      id: report.id,
      status: report.status,
      serviceCode: report.serviceCode,
      unitId: report.location.unitId,
      departmentId: report.departmentId,
      receivedAt: report.receivedAt,
      dueAt: report.dueAt,
      data: JSON.stringify(report),
    });
  }

  /** Just the ids (no JSON parsed): what a snapshot tells windows may have changed or gone. */
  ids(): string[] {
    return this.idsStmt.all();
  }

  /** Call inside a transaction: a snapshot replaces every report at once. */
  replaceAll(reports: readonly FieldReport[]): void {
    this.clearStmt.run();
    for (const report of reports) this.upsert(report);
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }
}
