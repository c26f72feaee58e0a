import type { DepartmentInput, RoutingRuleInput } from '../../src-shared/model/field-report.js';
import type { CommandType } from '../../src-shared/protocol/sync-protocol.js';
import { DEMO_ADMIN_UNITS } from './demo-seed.js';

/**
 * Demo departments (Hậu Giang agencies before the 2025 reorganisation, plus the
 * People's Committee of each unit) and routing rules: category × unit → department.
 * 'khac' has no rule on purpose, so the demo shows the triage queue.
 */
export const DEMO_DEPARTMENTS: readonly DepartmentInput[] = [
  { id: 'van-phong-ubnd', name: 'Văn phòng UBND tỉnh', shortName: 'VP UBND' },
  { id: 'so-gtvt', name: 'Sở Giao thông vận tải', shortName: 'Sở GTVT' },
  { id: 'so-xay-dung', name: 'Sở Xây dựng', shortName: 'Sở XD' },
  { id: 'so-tnmt', name: 'Sở Tài nguyên và Môi trường', shortName: 'Sở TN&MT' },
  { id: 'so-y-te', name: 'Sở Y tế', shortName: 'Sở YT' },
  { id: 'cong-an-tinh', name: 'Công an tỉnh', shortName: 'CA tỉnh' },
  ...DEMO_ADMIN_UNITS.map((u) => ({ id: `ubnd-${u.id}`, name: `UBND ${u.kind === 'district' ? 'huyện' : u.kind === 'town' ? 'thị xã' : 'thành phố'} ${u.name}`, shortName: `UBND ${u.name}` })),
];

/** Province-wide services and their department; unit ids below go to the unit's UBND. */
const PROVINCE_WIDE: readonly [string, string][] = [
  ['giao-thong', 'so-gtvt'],
  ['moi-truong', 'so-tnmt'],
  ['cap-thoat-nuoc', 'so-xay-dung'],
  ['chieu-sang', 'so-xay-dung'],
  ['an-ninh-trat-tu', 'cong-an-tinh'],
  ['an-toan-thuc-pham', 'so-y-te'],
  ['dich-vu-cong', 'van-phong-ubnd'],
];
const PER_UNIT = ['trat-tu-do-thi', 'cay-xanh', 'chieu-sang'] as const;

export const DEMO_ROUTING_RULES: readonly RoutingRuleInput[] = [
  ...PROVINCE_WIDE.map(([serviceCode, departmentId]) => ({ id: `${serviceCode}--tinh`, serviceCode, unitId: null, departmentId })),
  ...PER_UNIT.flatMap((serviceCode) => DEMO_ADMIN_UNITS.map((u) => ({ id: `${serviceCode}--${u.id}`, serviceCode, unitId: u.id, departmentId: `ubnd-${u.id}` }))),
];

/**
 * Seeds what is missing (a restart adds nothing twice) through the command bus as
 * 'system', so the saves are ordinary events every workstation replicates.
 */
export function seedDemoReportRouting(deps: {
  hasDepartment(id: string): boolean;
  hasRule(id: string): boolean;
  execute(type: CommandType, payload: unknown): void;
}): void {
  for (const department of DEMO_DEPARTMENTS) if (!deps.hasDepartment(department.id)) deps.execute('department.save', { department });
  for (const rule of DEMO_ROUTING_RULES) if (!deps.hasRule(rule.id)) deps.execute('routing-rule.save', { rule });
}
