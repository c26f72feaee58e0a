import type { Department, RoutingRule } from '../../src-shared/model/field-report.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Departments (`department.saved`); kept in step with the log by the same transaction. */
export class DepartmentProjection {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly allStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO departments (id, name, active, updated_at, data) VALUES (@id, @name, @active, @updatedAt, @data)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active, updated_at = excluded.updated_at, data = excluded.data`);
    this.getStmt = db.prepare('SELECT data FROM departments WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM departments ORDER BY id').pluck();
  }

  upsert(department: Department): void {
    this.upsertStmt.run({ id: department.id, name: department.name, active: department.active ? 1 : 0, updatedAt: department.updatedAt, data: JSON.stringify(department) });
  }

  get(id: string): Department | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as Department);
  }

  list(): Department[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as Department);
  }
}

/** Routing rules (`routing-rule.saved` / `routing-rule.deleted`). */
export class RoutingRuleProjection {
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly getStmt;
  private readonly allStmt;
  private readonly forServiceStmt;

  constructor(db: SqliteDatabase) {
    this.upsertStmt = db.prepare(`
      INSERT INTO routing_rules (id, service_code, unit_id, department_id, updated_at, data)
      VALUES (@id, @serviceCode, @unitId, @departmentId, @updatedAt, @data)
      ON CONFLICT (id) DO UPDATE SET service_code = excluded.service_code, unit_id = excluded.unit_id,
        department_id = excluded.department_id, updated_at = excluded.updated_at, data = excluded.data`);
    this.deleteStmt = db.prepare('DELETE FROM routing_rules WHERE id = ?');
    this.getStmt = db.prepare('SELECT data FROM routing_rules WHERE id = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM routing_rules ORDER BY id').pluck();
    this.forServiceStmt = db.prepare('SELECT data FROM routing_rules WHERE service_code = ? ORDER BY id').pluck();
  }

  upsert(rule: RoutingRule): void {
    this.upsertStmt.run({
      id: rule.id,
      serviceCode: rule.serviceCode,
      unitId: rule.unitId,
      departmentId: rule.departmentId,
      updatedAt: rule.updatedAt,
      data: JSON.stringify(rule),
    });
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  get(id: string): RoutingRule | null {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as RoutingRule);
  }

  list(): RoutingRule[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as RoutingRule);
  }

  forService(serviceCode: string): RoutingRule[] {
    return (this.forServiceStmt.all(serviceCode) as string[]).map((data) => JSON.parse(data) as RoutingRule);
  }
}
