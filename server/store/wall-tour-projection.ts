import type { WallTour } from '../../src-shared/model/wall.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Shared wall tours as the `tour.saved` / `tour.deleted` events left them. */
export class WallTourProjection {
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly getStmt;
  private readonly allStmt;
  private readonly layoutToursStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO wall_tours (id, name, kind, updated_at, updated_by, data)
      VALUES (@id, @name, @kind, @updatedAt, @updatedBy, @data)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by, data = excluded.data`);
    this.deleteStmt = db.prepare('DELETE FROM wall_tours WHERE id = ?');
    this.getStmt = db.prepare('SELECT data FROM wall_tours WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM wall_tours ORDER BY id').pluck();
    this.layoutToursStmt = db.prepare("SELECT data FROM wall_tours WHERE kind = 'layouts' ORDER BY id").pluck();
  }

  upsert(tour: WallTour): void {
    this.upsertStmt.run({
      id: tour.id,
      name: tour.name,
      kind: tour.steps.kind,
      updatedAt: tour.updatedAt,
      updatedBy: tour.updatedBy,
      data: JSON.stringify(tour),
    });
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  get(id: string): WallTour | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as WallTour);
  }

  has(id: string): boolean {
    return this.getStmt.get(id) !== undefined;
  }

  list(): WallTour[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as WallTour);
  }

  /** Ids of the tours that step through `layoutId` (a layout they use must not vanish under them). */
  toursUsingLayout(layoutId: string): string[] {
    return (this.layoutToursStmt.all() as string[])
      .map((data) => JSON.parse(data) as WallTour)
      .filter((tour) => tour.steps.kind === 'layouts' && tour.steps.layoutIds.includes(layoutId))
      .map((tour) => tour.id);
  }
}
