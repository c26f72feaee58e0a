import type { WallLayout } from '../../src-shared/model/wall.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Shared wall layouts as the `layout.saved` / `layout.deleted` events left them. */
export class WallLayoutProjection {
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly getStmt;
  private readonly allStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO wall_layouts (id, name, grid, updated_at, updated_by, data)
      VALUES (@id, @name, @grid, @updatedAt, @updatedBy, @data)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, grid = excluded.grid,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by, data = excluded.data`);
    this.deleteStmt = db.prepare('DELETE FROM wall_layouts WHERE id = ?');
    this.getStmt = db.prepare('SELECT data FROM wall_layouts WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM wall_layouts ORDER BY id').pluck();
  }

  upsert(layout: WallLayout): void {
    this.upsertStmt.run({
      id: layout.id,
      name: layout.name,
      grid: layout.grid,
      updatedAt: layout.updatedAt,
      updatedBy: layout.updatedBy,
      data: JSON.stringify(layout),
    });
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  get(id: string): WallLayout | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as WallLayout);
  }

  has(id: string): boolean {
    return this.getStmt.get(id) !== undefined;
  }

  list(): WallLayout[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as WallLayout);
  }
}
