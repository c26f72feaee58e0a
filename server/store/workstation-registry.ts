import type { WorkstationAnnounce } from '../../src-shared/model/wall.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** A workstation's wall monitors as it last announced them; what a supervisor picks from to push. */
export interface KnownWorkstationRecord extends WorkstationAnnounce {
  announcedAt: string;
}

/** The `workstation.announced` events folded into one row per workstation (the last announce wins). */
export class WorkstationRegistry {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly allStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO workstations (id, name, announced_at, announced_by, data)
      VALUES (@id, @name, @announcedAt, @announcedBy, @data)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, announced_at = excluded.announced_at,
        announced_by = excluded.announced_by, data = excluded.data`);
    this.getStmt = db.prepare('SELECT data FROM workstations WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM workstations ORDER BY id').pluck();
  }

  upsert(announce: WorkstationAnnounce, announcedAt: string, announcedBy: string): void {
    const record: KnownWorkstationRecord = { ...announce, announcedAt };
    this.upsertStmt.run({ id: announce.workstationId, name: announce.name, announcedAt, announcedBy, data: JSON.stringify(record) });
  }

  get(workstationId: string): KnownWorkstationRecord | null {
    const data = this.getStmt.get(workstationId) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as KnownWorkstationRecord);
  }

  list(): KnownWorkstationRecord[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as KnownWorkstationRecord);
  }
}
