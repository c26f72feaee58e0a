import { describe, expect, it } from 'vitest';
import {
  applyReportEvent,
  applySlaWarned,
  decideReportAction,
  decideRoutingChange,
  duplicateCandidates,
  FieldReportSchema,
  formatReportId,
  nearestUnit,
  publicTimeline,
  latestPublicNote,
  routeReport,
  toOpen311Status,
  toVietnamIso,
  vietnamDay,
  REPORT_STATUSES,
  type FieldReport,
  type ReportActionRequest,
} from '../../../src-shared/model/field-report.js';
import { findService, REPORT_SERVICES, validateAttributes } from '../../../src-shared/model/report-catalog.js';
import { interpretReportEvent, REPORT_COMMAND_SCHEMAS, reportEventType } from '../../../src-shared/protocol/report-events.js';
import { COMMAND_SCHEMAS } from '../../../src-shared/protocol/sync-protocol.js';
import type { User } from '../../../src-shared/model/user.js';

const operator: User = { id: 'u-op1', username: 'vanhanh1', displayName: 'Nguyễn Văn An', role: 'operator' };
const admin: User = { id: 'u-admin', username: 'quantri', displayName: 'Phạm Quốc Dũng', role: 'admin' };
const AT = '2026-11-28T08:04:05.000Z';

function report(overrides: Partial<FieldReport> = {}): FieldReport {
  return FieldReportSchema.parse({
    id: 'PA-20261128-0001',
    token: '01JTOKEN',
    serviceCode: 'giao-thong',
    location: { lat: 9.785, lon: 105.47, address: '12 Trần Hưng Đạo, Vị Thanh', addressId: '', unitId: 'vi-thanh' },
    description: 'Ổ gà lớn giữa đường',
    attributes: { 'loai-su-co': 'mat-duong' },
    mediaUrls: [],
    reporter: { email: 'dan@example.vn', phone: '0901234567', firstName: 'An', lastName: 'Nguyễn', deviceId: null, accountId: null },
    channel: 'open311',
    apiKeyId: 'key-1',
    status: 'received',
    departmentId: null,
    receivedAt: AT,
    updatedAt: AT,
    dueAt: '2026-12-01T08:04:05.000Z',
    duplicateOf: null,
    duplicateSuggestions: [],
    slaAlerts: [],
    history: [{ at: AT, actor: 'open311:key-1', action: 'receive', toStatus: 'received', note: 'Trung tâm đã tiếp nhận phản ánh.', visibility: 'public' }],
    ...overrides,
  });
}

const dept = { id: 'so-gtvt', name: 'Sở Giao thông vận tải', active: true };

/** Applies a decided action (throws on refusal): the shape the server and a replica share. */
function step(r: FieldReport, request: ReportActionRequest, lookups = {}, user: User = operator): FieldReport {
  const d = decideReportAction(user, r, request, lookups);
  if (!d.ok) throw new Error(`${d.code}: ${d.message}`);
  return applyReportEvent(r, d.value, user.id, AT);
}

describe('field report rules', () => {
  it('walks received → classified → forwarded → in_progress → resolved, one history entry per step', () => {
    let r = report();
    r = step(r, { action: 'classify', serviceCode: 'chieu-sang' });
    expect(r).toMatchObject({ status: 'classified', serviceCode: 'chieu-sang', dueAt: '2026-11-30T08:04:05.000Z' });
    r = step(r, { action: 'forward', departmentId: 'so-gtvt' }, { department: dept });
    expect(r).toMatchObject({ status: 'forwarded', departmentId: 'so-gtvt' });
    r = step(r, { action: 'start' });
    r = step(r, { action: 'resolve', publicNote: 'Đã thay bóng đèn.' });
    expect(r.status).toBe('resolved');
    expect(r.history.map((h) => [h.action, h.toStatus, h.actor])).toEqual([
      ['receive', 'received', 'open311:key-1'],
      ['classify', 'classified', 'u-op1'],
      ['forward', 'forwarded', 'u-op1'],
      ['start', 'in_progress', 'u-op1'],
      ['resolve', 'resolved', 'u-op1'],
    ]);
    expect(toOpen311Status(r.status)).toBe('closed');
    expect(latestPublicNote(r)).toBe('Đã thay bóng đèn.');
  });

  it('validates transitions', () => {
    const rejected = step(report(), { action: 'reject', reason: 'Không thuộc thẩm quyền' });
    expect(rejected.status).toBe('rejected');
    expect(decideReportAction(operator, rejected, { action: 'resolve', publicNote: 'x' })).toMatchObject({ ok: false, code: 'invalid-transition' });
    expect(decideReportAction(operator, report(), { action: 'start' })).toMatchObject({ ok: false, code: 'invalid-transition' });
    expect(decideReportAction(operator, report(), { action: 'forward', departmentId: 'so-gtvt' }, { department: dept })).toMatchObject({
      ok: false,
      code: 'invalid-transition',
    });
    expect(decideReportAction(operator, report(), { action: 'classify', serviceCode: 'khong-co' })).toMatchObject({ ok: false, code: 'bad-request' });
    const classified = step(report(), { action: 'classify', serviceCode: 'giao-thong' });
    expect(decideReportAction(operator, classified, { action: 'forward', departmentId: 'x' }, { department: null })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(decideReportAction(operator, classified, { action: 'forward', departmentId: 'so-gtvt' }, { department: { ...dept, active: false } })).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
    // A note is fine in any status, even a closed one.
    expect(decideReportAction(operator, rejected, { action: 'note', text: 'Đã gọi lại cho người dân', visibility: 'internal' }).ok).toBe(true);
  });

  it('merge: not into itself, not into a duplicate or a rejected report; the duplicate points at the original', () => {
    const r = report({ id: 'PA-20261128-0002' });
    const original = report({ id: 'PA-20261128-0001' });
    expect(decideReportAction(operator, r, { action: 'merge', intoReportId: r.id }, { target: r })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(decideReportAction(operator, r, { action: 'merge', intoReportId: 'PA-x' }, { target: null })).toMatchObject({ ok: false, code: 'not-found' });
    const dup = report({ id: 'PA-20261128-0003', status: 'duplicate', duplicateOf: original.id });
    expect(decideReportAction(operator, r, { action: 'merge', intoReportId: dup.id }, { target: dup })).toMatchObject({ ok: false, code: 'invalid-transition' });
    const rejected = report({ id: 'PA-20261128-0004', status: 'rejected' });
    expect(decideReportAction(operator, r, { action: 'merge', intoReportId: rejected.id }, { target: rejected })).toMatchObject({ ok: false, code: 'invalid-transition' });
    const merged = step(r, { action: 'merge', intoReportId: original.id }, { target: original });
    expect(merged).toMatchObject({ status: 'duplicate', duplicateOf: original.id });
    expect(toOpen311Status(merged.status)).toBe('closed');
    expect(latestPublicNote(merged)).toContain(original.id);
    expect(decideReportAction(operator, merged, { action: 'merge', intoReportId: original.id }, { target: original })).toMatchObject({ ok: false });
  });

  it('operators handle reports; only admins manage departments and routing', () => {
    expect(decideRoutingChange(operator)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideRoutingChange({ ...operator, role: 'supervisor' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideRoutingChange(admin).ok).toBe(true);
  });

  it('maps every status onto Open311 open/closed', () => {
    expect(Object.fromEntries(REPORT_STATUSES.map((s) => [s, toOpen311Status(s)]))).toEqual({
      received: 'open',
      classified: 'open',
      forwarded: 'open',
      in_progress: 'open',
      resolved: 'closed',
      rejected: 'closed',
      duplicate: 'closed',
    });
  });

  it('the public timeline hides internal notes', () => {
    let r = step(report(), { action: 'note', text: 'Người dân này phản ánh nhiều lần', visibility: 'internal' });
    r = step(r, { action: 'note', text: 'Đang xác minh hiện trường', visibility: 'public' });
    const timeline = publicTimeline(r);
    expect(timeline.map((s) => s.note)).toEqual(['Trung tâm đã tiếp nhận phản ánh.', 'Đang xác minh hiện trường']);
    expect(JSON.stringify(timeline)).not.toContain('nhiều lần');
    r = step(r, { action: 'note', text: 'Nội bộ sau cùng', visibility: 'internal' });
    expect(latestPublicNote(r)).toBe('Đang xác minh hiện trường');
  });

  it('SLA thresholds are remembered once each', () => {
    const r = applySlaWarned(report(), { reportId: 'PA-20261128-0001', threshold: 'warn', alertId: 'a1', departmentId: null }, AT);
    expect(applySlaWarned(r, { reportId: r.id, threshold: 'warn', alertId: 'a2', departmentId: null }, AT)).toBe(r);
    expect(r.slaAlerts).toEqual([{ threshold: 'warn', alertId: 'a1', at: AT }]);
  });
});

describe('routing, units, duplicates, times', () => {
  it('routes by (service, unit) first, then the service fallback', () => {
    const rules = [
      { id: 'r1', serviceCode: 'cay-xanh', unitId: 'vi-thanh', departmentId: 'ubnd-vi-thanh' },
      { id: 'r2', serviceCode: 'cay-xanh', unitId: null, departmentId: 'so-xay-dung' },
      { id: 'r3', serviceCode: 'giao-thong', unitId: 'nga-bay', departmentId: 'so-gtvt' },
    ];
    expect(routeReport(rules, 'cay-xanh', 'vi-thanh')?.id).toBe('r1');
    expect(routeReport(rules, 'cay-xanh', 'nga-bay')?.id).toBe('r2');
    expect(routeReport(rules, 'cay-xanh', null)?.id).toBe('r2');
    expect(routeReport(rules, 'giao-thong', 'vi-thanh')).toBeNull();
    expect(routeReport(rules, 'khac', 'vi-thanh')).toBeNull();
  });

  it('places a position in the nearest unit within reach', () => {
    const units = [
      { id: 'vi-thanh', lat: 9.785, lon: 105.47 },
      { id: 'nga-bay', lat: 9.815, lon: 105.82 },
    ];
    expect(nearestUnit(units, 9.79, 105.48)?.id).toBe('vi-thanh');
    expect(nearestUnit(units, 9.8, 105.8)?.id).toBe('nga-bay');
    expect(nearestUnit(units, 21.03, 105.85)).toBeNull();
  });

  it('suggests open reports of the same service within 50 m, nearest first', () => {
    const base = { lat: 9.785, lon: 105.47 };
    const at = (id: string, dLatM: number, extra: Partial<FieldReport> = {}): FieldReport =>
      report({ id, location: { ...report().location, lat: base.lat + dLatM / 111_195, lon: base.lon }, ...extra });
    const reports = [
      at('PA-a', 30),
      at('PA-b', 10),
      at('PA-c', 80),
      at('PA-d', 5, { serviceCode: 'moi-truong' }),
      at('PA-e', 5, { status: 'resolved' }),
    ];
    expect(duplicateCandidates(reports, 'giao-thong', base.lat, base.lon)).toEqual(['PA-b', 'PA-a']);
  });

  it('writes times in Vietnam time with the offset and makes citizen-friendly ids', () => {
    expect(toVietnamIso('2026-11-28T08:04:05.000Z')).toBe('2026-11-28T15:04:05+07:00');
    expect(toVietnamIso('2026-11-28T20:00:00Z')).toBe('2026-11-29T03:00:00+07:00');
    expect(vietnamDay(Date.parse('2026-11-28T20:00:00Z'))).toBe('20261129');
    expect(formatReportId('20261129', 7)).toBe('PA-20261129-0007');
  });
});

describe('catalogue and protocol', () => {
  it('has the ten services with Vietnamese names and SLA hours', () => {
    expect(REPORT_SERVICES.map((s) => s.code)).toEqual([
      'giao-thong', 'trat-tu-do-thi', 'moi-truong', 'chieu-sang', 'cap-thoat-nuoc', 'cay-xanh', 'an-ninh-trat-tu', 'an-toan-thuc-pham', 'dich-vu-cong', 'khac',
    ]);
    for (const s of REPORT_SERVICES) expect(s.slaHours).toBeGreaterThan(0);
  });

  it('checks attributes against the definition', () => {
    const gt = findService('giao-thong')!;
    expect(validateAttributes(gt, {})).toMatchObject({ ok: false, code: 'bad-request' });
    expect(validateAttributes(gt, { 'loai-su-co': 'bay' })).toMatchObject({ ok: false });
    expect(validateAttributes(gt, { 'loai-su-co': 'mat-duong', la: 'x' })).toMatchObject({ ok: false });
    expect(validateAttributes(gt, { 'loai-su-co': ' mat-duong ' })).toEqual({ ok: true, value: { 'loai-su-co': 'mat-duong' } });
    const mt = findService('moi-truong')!;
    expect(validateAttributes(mt, { 'loai-o-nhiem': ['rac-thai', 'tieng-on'] })).toEqual({ ok: true, value: { 'loai-o-nhiem': ['rac-thai', 'tieng-on'] } });
    const ctn = findService('cap-thoat-nuoc')!;
    expect(validateAttributes(ctn, { 'do-sau-ngap-cm': 'sâu' })).toMatchObject({ ok: false });
    expect(validateAttributes(ctn, { 'do-sau-ngap-cm': '30' }).ok).toBe(true);
  });

  it('registers the report commands and reads the report events back', () => {
    for (const type of Object.keys(REPORT_COMMAND_SCHEMAS)) expect(Object.keys(COMMAND_SCHEMAS)).toContain(type);
    expect(COMMAND_SCHEMAS['report.note'].safeParse({ reportId: 'PA-1', text: 'x'.repeat(2001), visibility: 'public' }).success).toBe(false);
    const d = decideReportAction(operator, report(), { action: 'note', text: 'ghi chú', visibility: 'internal' });
    if (!d.ok) throw new Error(d.message);
    const event = { seq: 1, id: 'e1', type: reportEventType('note'), at: AT, actor: 'u-op1', subject: 'PA-20261128-0001', commandId: null, data: d.value };
    expect(interpretReportEvent(event)).toMatchObject({ kind: 'report.changed', change: { visibility: 'internal' } });
    expect(interpretReportEvent({ ...event, type: 'report.resolved' })).toBeNull();
    expect(interpretReportEvent({ ...event, type: 'report.received', data: report() })).toMatchObject({ kind: 'report.received' });
  });
});
