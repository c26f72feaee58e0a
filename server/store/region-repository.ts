import type { SqliteDatabase } from './sqlite-database.js';

export interface AdminUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly lat: number;
  readonly lon: number;
}

/** Administrative units of the region (demo data today, official boundaries later). */
export class RegionRepository {
  private readonly listStmt;
  private readonly insertStmt;

  constructor(db: SqliteDatabase) {
    this.listStmt = db.prepare('SELECT id, name, kind, lat, lon FROM admin_units ORDER BY id');
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO admin_units (id, name, kind, lat, lon) VALUES (@id, @name, @kind, @lat, @lon)');
  }

  listUnits(): AdminUnit[] {
    return this.listStmt.all() as AdminUnit[];
  }

  addUnits(units: readonly AdminUnit[]): void {
    for (const unit of units) this.insertStmt.run(unit);
  }
}
