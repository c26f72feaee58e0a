import type { FieldReport, ReportStatus } from '../../src-shared/model/field-report.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Filters of `ReportProjection.query` (all optional but the limit). */
export interface ReportFilter {
  ids?: readonly string[];
  serviceCodes?: readonly string[];
  statuses?: readonly ReportStatus[];
  /** received_ms, inclusive. */
  startMs?: number;
  endMs?: number;
  limit: number;
}

/** Metres per degree of latitude, rounded down (the box only has to contain the circle). */
const M_PER_DEG_LAT = 110_000;

/** Field reports as their events built them; kept in step with the log by the same transaction. */
export class ReportProjection {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly byTokenStmt;
  private readonly allStmt;
  private readonly openStmt;
  private readonly nearStmt;
  private readonly dayMaxStmt;

  constructor(private readonly db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO reports (id, token, service_code, status, department_id, unit_id, lat, lon, received_at, received_ms, updated_at, due_at, data)
      VALUES (@id, @token, @serviceCode, @status, @departmentId, @unitId, @lat, @lon, @receivedAt, @receivedMs, @updatedAt, @dueAt, @data)
      ON CONFLICT (id) DO UPDATE SET service_code = excluded.service_code, status = excluded.status,
        department_id = excluded.department_id, unit_id = excluded.unit_id, lat = excluded.lat, lon = excluded.lon,
        updated_at = excluded.updated_at, due_at = excluded.due_at, data = excluded.data`);
    this.getStmt = db.prepare('SELECT data FROM reports WHERE id = ?').pluck();
    this.byTokenStmt = db.prepare('SELECT id FROM reports WHERE token = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM reports ORDER BY received_ms DESC, id DESC').pluck();
    this.openStmt = db
      .prepare("SELECT data FROM reports WHERE status IN ('received', 'classified', 'forwarded', 'in_progress') ORDER BY received_ms, id")
      .pluck();
    this.nearStmt = db
      .prepare(
        `SELECT data FROM reports WHERE service_code = @serviceCode AND lat BETWEEN @s AND @n AND lon BETWEEN @w AND @e
           AND status IN ('received', 'classified', 'forwarded', 'in_progress')`,
      )
      .pluck();
    // A range on the primary key, not LIKE (which ignores case and so cannot use the index): one seek per submit.
    this.dayMaxStmt = db.prepare('SELECT MAX(CAST(substr(id, 13) AS INTEGER)) FROM reports WHERE id >= ? AND id < ?').pluck();
  }

  upsert(report: FieldReport): void {
    this.upsertStmt.run({
      id: report.id,
      token: report.token,
      serviceCode: report.serviceCode,
      status: report.status,
      departmentId: report.departmentId,
      unitId: report.location.unitId,
      lat: report.location.lat,
      lon: report.location.lon,
      receivedAt: report.receivedAt,
      receivedMs: Date.parse(report.receivedAt),
      updatedAt: report.updatedAt,
      dueAt: report.dueAt,
      data: JSON.stringify(report),
    });
  }

  get(id: string): FieldReport | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as FieldReport);
  }

  idForToken(token: string): string | null {
    return (this.byTokenStmt.get(token) as string | undefined) ?? null;
  }

  /** Newest first. */
  list(): FieldReport[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as FieldReport);
  }

  /** Open reports (received … in_progress), oldest first: the SLA checker's round. */
  listOpen(): FieldReport[] {
    return (this.openStmt.all() as string[]).map((data) => JSON.parse(data) as FieldReport);
  }

  /** Open reports of a service inside a box around (lat, lon) at least `radiusM` wide; the caller measures exactly. */
  openNear(serviceCode: string, lat: number, lon: number, radiusM: number): FieldReport[] {
    const dLat = radiusM / M_PER_DEG_LAT;
    const dLon = radiusM / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    const rows = this.nearStmt.all({ serviceCode, s: lat - dLat, n: lat + dLat, w: lon - dLon, e: lon + dLon }) as string[];
    return rows.map((data) => JSON.parse(data) as FieldReport);
  }

  /** The highest n of the ids PA-<day>-<n> so far (0 when none). */
  maxNumberOfDay(day: string): number {
    return (this.dayMaxStmt.get(`PA-${day}-`, `PA-${day}.`) as number | null) ?? 0;
  }

  /** Newest first (received time, then id). */
  query(filter: ReportFilter): FieldReport[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const inList = (column: string, values: readonly string[]): void => {
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      inList('id', filter.ids);
    }
    if (filter.serviceCodes) {
      if (filter.serviceCodes.length === 0) return [];
      inList('service_code', filter.serviceCodes);
    }
    if (filter.statuses) {
      if (filter.statuses.length === 0) return [];
      inList('status', filter.statuses);
    }
    if (filter.startMs !== undefined) {
      where.push('received_ms >= ?');
      params.push(filter.startMs);
    }
    if (filter.endMs !== undefined) {
      where.push('received_ms <= ?');
      params.push(filter.endMs);
    }
    const limit = Math.max(0, Math.min(10_000, Math.floor(filter.limit)));
    const sql = `SELECT data FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY received_ms DESC, id DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).pluck().all(...params) as string[]).map((data) => JSON.parse(data) as FieldReport);
  }
}
