import type { CameraHealth, CameraStatus } from '../../src-shared/model/camera.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface HealthRow {
  camera_id: string;
  status: CameraStatus;
  since: string;
  checked_at: string;
  last_error: string | null;
}

function toHealth(row: HealthRow): CameraHealth {
  return { cameraId: row.camera_id, status: row.status, since: row.since, checkedAt: row.checked_at, lastError: row.last_error };
}

/**
 * Each camera's last health verdict as the `camera.status` events carried it.
 * Only status changes are events, so `checkedAt` is the check that made the change,
 * exactly what a workstation's replica holds too.
 */
export class CameraHealthProjection {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly allStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO camera_health (camera_id, status, since, checked_at, last_error)
      VALUES (@cameraId, @status, @since, @checkedAt, @lastError)
      ON CONFLICT (camera_id) DO UPDATE SET status = excluded.status, since = excluded.since,
        checked_at = excluded.checked_at, last_error = excluded.last_error`);
    this.getStmt = db.prepare('SELECT * FROM camera_health WHERE camera_id = ?');
    this.allStmt = db.prepare('SELECT * FROM camera_health ORDER BY camera_id');
  }

  upsert(health: CameraHealth): void {
    this.upsertStmt.run(health);
  }

  get(cameraId: string): CameraHealth | null {
    const row = this.getStmt.get(cameraId) as HealthRow | undefined;
    return row ? toHealth(row) : null;
  }

  list(): CameraHealth[] {
    return (this.allStmt.all() as HealthRow[]).map(toHealth);
  }
}
