import { describe, expect, it } from 'vitest';
import { DepartmentInputSchema, RoutingRuleInputSchema } from '../../../src-shared/model/field-report.js';
import { findService } from '../../../src-shared/model/report-catalog.js';
import { DEMO_DEPARTMENTS, DEMO_ROUTING_RULES, seedDemoReportRouting } from '../../../server/demo/demo-report-seed.js';
import { DEMO_ADMIN_UNITS } from '../../../server/demo/demo-seed.js';

describe('demo departments and routing rules', () => {
  it('are valid, consistent and leave "khac" to the triage queue', () => {
    const departments = new Set(DEMO_DEPARTMENTS.map((d) => DepartmentInputSchema.parse(d).id));
    expect(departments.size).toBe(DEMO_DEPARTMENTS.length);
    const units = new Set(DEMO_ADMIN_UNITS.map((u) => u.id));
    const pairs = new Set<string>();
    for (const input of DEMO_ROUTING_RULES) {
      const rule = RoutingRuleInputSchema.parse(input);
      expect(findService(rule.serviceCode), rule.id).not.toBeNull();
      expect(departments.has(rule.departmentId), rule.id).toBe(true);
      if (rule.unitId !== null) expect(units.has(rule.unitId), rule.id).toBe(true);
      const pair = `${rule.serviceCode}|${rule.unitId ?? '*'}`;
      expect(pairs.has(pair), pair).toBe(false);
      pairs.add(pair);
    }
    expect(DEMO_ROUTING_RULES.some((r) => r.serviceCode === 'khac')).toBe(false);
  });

  it('seeds only what is missing, departments before rules', () => {
    const sent: string[] = [];
    seedDemoReportRouting({ hasDepartment: (id) => id !== 'so-y-te', hasRule: (id) => id !== 'an-toan-thuc-pham--tinh', execute: (type) => sent.push(type) });
    expect(sent).toEqual(['department.save', 'routing-rule.save']);
  });
});
