import { BasemapSettingSchema, type BasemapSetting } from '../../../src-shared/model/map.js';
import type { CacheDb } from '../cache/cache-database.js';

/** The basemap someone chose on this workstation, as kept in cache.db (`map_basemap`). */
export interface StoredBasemap {
  setting: BasemapSetting;
  revision: number;
  setBy: string | null;
  setAt: string;
}

interface Row {
  setting: string;
  revision: number;
  set_by: string | null;
  set_at: string;
}

export class BasemapStore {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: CacheDb) {
    this.getStmt = db.prepare<[], Row>('SELECT setting, revision, set_by, set_at FROM map_basemap WHERE id = 1');
    this.putStmt = db.prepare<[string, number, string | null, string]>(
      `INSERT INTO map_basemap (id, setting, revision, set_by, set_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET setting = excluded.setting, revision = excluded.revision, set_by = excluded.set_by, set_at = excluded.set_at`,
    );
  }

  /** The stored choice; null when there is none or it no longer parses (then the default applies). */
  get(): StoredBasemap | null {
    const row = this.getStmt.get();
    if (!row) return null;
    let json: unknown;
    try {
      json = JSON.parse(row.setting);
    } catch {
      return null;
    }
    const parsed = BasemapSettingSchema.safeParse(json);
    return parsed.success ? { setting: parsed.data, revision: row.revision, setBy: row.set_by, setAt: row.set_at } : null;
  }

  put(stored: StoredBasemap): void {
    this.putStmt.run(JSON.stringify(stored.setting), stored.revision, stored.setBy, stored.setAt);
  }
}
