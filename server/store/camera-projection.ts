import type { Camera } from '../../src-shared/model/camera.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** The camera registry as the `camera.saved` events built it; kept in step by the same transaction. */
export class CameraProjection {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly allStmt;
  private readonly enabledStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO cameras (id, enabled, name, kind, area, sub_url, updated_at, updated_by, data)
      VALUES (@id, @enabled, @name, @kind, @area, @subUrl, @updatedAt, @updatedBy, @data)
      ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, name = excluded.name, kind = excluded.kind,
        area = excluded.area, sub_url = excluded.sub_url, updated_at = excluded.updated_at,
        updated_by = excluded.updated_by, data = excluded.data`);
    this.getStmt = db.prepare('SELECT data FROM cameras WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM cameras ORDER BY id').pluck();
    this.enabledStmt = db.prepare('SELECT data FROM cameras WHERE enabled = 1 ORDER BY id').pluck();
  }

  upsert(camera: Camera): void {
    this.upsertStmt.run({
      id: camera.id,
      enabled: camera.enabled ? 1 : 0,
      name: camera.name,
      kind: camera.kind,
      area: camera.area,
      subUrl: camera.subUrl,
      updatedAt: camera.updatedAt,
      updatedBy: camera.updatedBy,
      data: JSON.stringify(camera),
    });
  }

  get(id: string): Camera | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as Camera);
  }

  has(id: string): boolean {
    return this.getStmt.get(id) !== undefined;
  }

  list(): Camera[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as Camera);
  }

  listEnabled(): Camera[] {
    return (this.enabledStmt.all() as string[]).map((data) => JSON.parse(data) as Camera);
  }
}
