import type { CacheDb } from './cache-database.js';

/** The tables a KeyedReplica may use: fixed names, so no caller can inject SQL through one. */
export type KeyedTable = 'cameras' | 'camera_health' | 'wall_layouts' | 'wall_tours' | 'known_workstations'
  | 'wall_displays'
  | 'report_departments'
  | 'routing_rules';

/**
 * A table of JSON documents by id. The video wall's replicas are small (hundreds of
 * cameras, dozens of layouts) and always read whole or by id, so one shape serves them all.
 */
export class KeyedReplica<T> {
  private readonly getStmt;
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly clearStmt;

  constructor(db: CacheDb, table: KeyedTable) {
    this.getStmt = db.prepare<[string], { data: string }>(`SELECT data FROM ${table} WHERE id = ?`);
    this.allStmt = db.prepare<[], { data: string }>(`SELECT data FROM ${table} ORDER BY id`);
    this.upsertStmt = db.prepare<[string, string]>(
      `INSERT INTO ${table} (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data`,
    );
    this.deleteStmt = db.prepare<[string]>(`DELETE FROM ${table} WHERE id = ?`);
    this.clearStmt = db.prepare(`DELETE FROM ${table}`);
  }

  get(id: string): T | null {
    const row = this.getStmt.get(id);
    return row ? (JSON.parse(row.data) as T) : null;
  }

  all(): T[] {
    return this.allStmt.all().map((row) => JSON.parse(row.data) as T);
  }

  upsert(id: string, value: T): void {
    this.upsertStmt.run(id, JSON.stringify(value));
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  /** Call inside a transaction: a snapshot replaces everything at once. */
  replaceAll(entries: readonly (readonly [string, T])[]): void {
    this.clearStmt.run();
    for (const [id, value] of entries) this.upsert(id, value);
  }
}
