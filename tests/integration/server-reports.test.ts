import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRE_NAME } from '../../src-shared/model/field-report.js';
import type { CommandAck } from '../../src-shared/protocol/sync-protocol.js';
import { interpretReportEvent } from '../../src-shared/protocol/report-events.js';
import { ulid } from '../../src-shared/ulid.js';
import type { ReportSubmission } from '../../server/reports/reports-port.js';
import { DEMO_ADMIN_UNITS } from '../../server/demo/demo-seed.js';
import { connectReplica, login, sendCommand, startTestServer, TEST_PASSWORD, TEST_USERS, type Replica, type TestServer } from '../unit/server/support/server-test-kit.js';

const ADMIN = { username: 'adm', password: TEST_PASSWORD, displayName: 'Phạm Quốc Dũng', role: 'admin' as const };
const VI_THANH = { lat: 9.785, lon: 105.47 };
/** Metres north of Vị Thanh's centre, as a position. */
const north = (m: number): { lat: number; lon: number } => ({ lat: VI_THANH.lat + m / 111_195, lon: VI_THANH.lon });

function submission(overrides: Partial<ReportSubmission> = {}): ReportSubmission {
  return {
    serviceCode: 'giao-thong',
    lat: VI_THANH.lat,
    lon: VI_THANH.lon,
    addressString: 'Đường 3/2, phường 5, Vị Thanh',
    addressId: null,
    description: 'Ổ gà lớn trước cổng trường, xe máy dễ té ngã',
    attributes: { 'loai-su-co': 'mat-duong' },
    mediaUrl: 'https://anh.example.vn/o-ga.jpg',
    reporter: { email: 'dan@example.vn', phone: '0901234567', firstName: 'An', lastName: 'Nguyễn', deviceId: null, accountId: null },
    apiKeyId: 'key-test',
    channel: 'open311',
    ...overrides,
  };
}

async function startReportServer(): Promise<TestServer> {
  return startTestServer({ cameraHealth: false, reportSla: false, adminUnits: DEMO_ADMIN_UNITS, seedUsers: [...TEST_USERS, ADMIN] });
}

async function setUpRouting(send: (type: string, payload: unknown) => Promise<CommandAck>): Promise<void> {
  expect(await send('department.save', { department: { id: 'so-gtvt', name: 'Sở Giao thông vận tải' } })).toMatchObject({ ok: true });
  expect(await send('department.save', { department: { id: 'ubnd-vi-thanh', name: 'UBND thành phố Vị Thanh' } })).toMatchObject({ ok: true });
  expect(await send('routing-rule.save', { rule: { id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt' } })).toMatchObject({ ok: true });
  expect(await send('routing-rule.save', { rule: { id: 'cx-vt', serviceCode: 'cay-xanh', unitId: 'vi-thanh', departmentId: 'ubnd-vi-thanh' } })).toMatchObject({ ok: true });
}

describe('field reports on the server', () => {
  let server: TestServer;
  let op: Replica;
  let adm: Replica;
  const send = (who: Replica, type: string, payload: unknown): Promise<CommandAck> => sendCommand(who.socket, { commandId: ulid(), type, payload });

  beforeAll(async () => {
    server = await startReportServer();
    op = await connectReplica(server.url, await login(server.url, 'op1'), server.inspect.headSeq());
    adm = await connectReplica(server.url, await login(server.url, 'adm'), server.inspect.headSeq());
  });
  afterAll(async () => {
    op.socket.disconnect();
    adm.socket.disconnect();
    await server.stop();
  });

  it('departments and routing rules: admins only, checked', async () => {
    expect(await send(op, 'department.save', { department: { id: 'so-gtvt', name: 'Sở GTVT' } })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await send(op, 'routing-rule.save', { rule: { id: 'x', serviceCode: 'giao-thong', departmentId: 'so-gtvt' } })).toMatchObject({ ok: false, code: 'forbidden' });
    await setUpRouting((type, payload) => send(adm, type, payload));
    expect(await send(op, 'routing-rule.delete', { ruleId: 'gt' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await send(adm, 'routing-rule.save', { rule: { id: 'gt-2', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt' } })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await send(adm, 'routing-rule.save', { rule: { id: 'r', serviceCode: 'khong-co', departmentId: 'so-gtvt' } })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(adm, 'routing-rule.save', { rule: { id: 'r', serviceCode: 'cay-xanh', departmentId: 'khong-co' } })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(adm, 'routing-rule.save', { rule: { id: 'r', serviceCode: 'cay-xanh', unitId: 'ha-noi', departmentId: 'so-gtvt' } })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(adm, 'routing-rule.delete', { ruleId: 'khong-co' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(server.reports.routingRules().map((r) => r.id)).toEqual(['cx-vt', 'gt']);
    expect(server.reports.departments().map((d) => d.id)).toEqual(['so-gtvt', 'ubnd-vi-thanh']);
  });

  let routedId = '';
  let triageId = '';

  it('submit: auto-routed by "system" when a rule matches, left in triage otherwise; Open311 view with +07:00', async () => {
    const routed = server.reports.submit(submission({ receivedAt: '2026-11-28T08:04:05Z' }));
    if (!routed.ok) throw new Error(routed.message);
    routedId = routed.value.id;
    expect(routedId).toBe('PA-20261128-0001');
    expect(server.reports.byToken(routed.value.token)).toEqual({ token: routed.value.token, service_request_id: routedId });
    const view = server.reports.get(routedId)!;
    expect(view).toMatchObject({
      service_request_id: routedId,
      status: 'open',
      extended_status: 'forwarded',
      service_code: 'giao-thong',
      service_name: 'Giao thông',
      agency_responsible: 'Sở Giao thông vận tải',
      requested_datetime: '2026-11-28T15:04:05+07:00',
      expected_datetime: '2026-12-01T15:04:05+07:00',
      media_url: 'https://anh.example.vn/o-ga.jpg',
      duplicate_of: null,
    });
    expect(view.timeline.map((s) => s.extendedStatus)).toEqual(['received', 'classified', 'forwarded']);
    expect(view.status_notes).toContain('Sở Giao thông vận tải');
    expect(JSON.stringify(view)).not.toContain('0901234567');
    const internal = server.reports.internal(routedId)!;
    expect(internal.history.map((h) => h.actor)).toEqual(['open311:key-test', 'system', 'system']);
    expect(internal.location.unitId).toBe('vi-thanh');
    expect(internal.reporter.phone).toBe('0901234567');

    const triage = server.reports.submit(submission({ serviceCode: 'khac', attributes: {}, lat: 9.815, lon: 105.82, receivedAt: '2026-11-28T09:00:00Z' }));
    if (!triage.ok) throw new Error(triage.message);
    triageId = triage.value.id;
    expect(triageId).toBe('PA-20261128-0002');
    expect(server.reports.get(triageId)).toMatchObject({ extended_status: 'received', agency_responsible: CENTRE_NAME });
    // cay-xanh is routed in Vị Thanh only.
    const tree = server.reports.submit(submission({ serviceCode: 'cay-xanh', attributes: {}, lat: 9.815, lon: 105.82 }));
    if (!tree.ok) throw new Error(tree.message);
    expect(server.reports.get(tree.value.id)?.extended_status).toBe('received');
  });

  it('submit refuses what the domain does not accept', () => {
    expect(server.reports.submit(submission({ serviceCode: 'khong-co' }))).toMatchObject({ ok: false, code: 'bad-request' });
    expect(server.reports.submit(submission({ attributes: {} }))).toMatchObject({ ok: false, code: 'bad-request' });
    expect(server.reports.submit(submission({ description: 'x'.repeat(4001) }))).toMatchObject({ ok: false, code: 'bad-request' });
    expect(server.reports.submit(submission({ mediaUrl: 'javascript:alert(1)' }))).toMatchObject({ ok: false, code: 'bad-request' });
    expect(server.reports.submit(submission({ lat: null, lon: null, addressString: null }))).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('duplicates: an open report of the same service within 50 m is suggested, 80 m is not; merge sets duplicate_of', async () => {
    const near = server.reports.submit(submission({ ...north(30), receivedAt: '2026-11-28T10:00:00Z' }));
    const far = server.reports.submit(submission({ ...north(-80), receivedAt: '2026-11-28T10:05:00Z' }));
    const otherService = server.reports.submit(submission({ ...north(10), serviceCode: 'moi-truong', attributes: {} }));
    if (!near.ok || !far.ok || !otherService.ok) throw new Error('submit failed');
    expect(server.reports.internal(near.value.id)?.duplicateSuggestions).toEqual([routedId]);
    expect(server.reports.internal(far.value.id)?.duplicateSuggestions).toEqual([]);
    expect(server.reports.internal(otherService.value.id)?.duplicateSuggestions).toEqual([]);

    expect(await send(op, 'report.merge', { reportId: near.value.id, intoReportId: near.value.id })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(op, 'report.merge', { reportId: near.value.id, intoReportId: routedId })).toMatchObject({ ok: true });
    const dup = server.reports.get(near.value.id)!;
    expect(dup).toMatchObject({ status: 'closed', extended_status: 'duplicate', duplicate_of: routedId });
    expect(dup.status_notes).toContain(routedId);
    // Into a duplicate: refused (merge into the original).
    expect(await send(op, 'report.merge', { reportId: far.value.id, intoReportId: near.value.id })).toMatchObject({ ok: false, code: 'invalid-transition' });
    // The merged one is no longer open, so it is not suggested any more.
    const again = server.reports.submit(submission({ ...north(31) }));
    if (!again.ok) throw new Error(again.message);
    expect(server.reports.internal(again.value.id)?.duplicateSuggestions).toEqual([routedId]);
  });

  it('lifecycle over the socket: classify, forward, start, notes, resolve; internal notes never in get()', async () => {
    expect(await send(op, 'report.forward', { reportId: triageId, departmentId: 'so-gtvt' })).toMatchObject({ ok: false, code: 'invalid-transition' });
    expect(await send(op, 'report.classify', { reportId: triageId, serviceCode: 'chieu-sang' })).toMatchObject({ ok: true });
    expect(await send(op, 'report.forward', { reportId: triageId, departmentId: 'khong-co' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(op, 'report.forward', { reportId: triageId, departmentId: 'so-gtvt' })).toMatchObject({ ok: true });
    expect(await send(op, 'report.start', { reportId: triageId })).toMatchObject({ ok: true });
    expect(await send(op, 'report.note', { reportId: triageId, text: 'Số điện thoại người dân sai, không liên lạc được', visibility: 'internal' })).toMatchObject({ ok: true });
    expect(await send(op, 'report.note', { reportId: triageId, text: 'Đội sửa chữa đã đến hiện trường', visibility: 'public' })).toMatchObject({ ok: true });
    expect(await send(op, 'report.resolve', { reportId: triageId, publicNote: 'Đã thay bóng đèn, đèn sáng bình thường' })).toMatchObject({ ok: true });
    const view = server.reports.get(triageId)!;
    expect(view).toMatchObject({ status: 'closed', extended_status: 'resolved', service_code: 'chieu-sang', status_notes: 'Đã thay bóng đèn, đèn sáng bình thường' });
    expect(view.timeline.map((s) => s.extendedStatus)).toEqual(['received', 'classified', 'forwarded', 'in_progress', 'in_progress', 'resolved']);
    expect(JSON.stringify(view)).not.toContain('không liên lạc được');
    expect(JSON.stringify(server.reports.query({ limit: 100 }))).not.toContain('không liên lạc được');
    expect(server.reports.internal(triageId)?.history.some((h) => h.visibility === 'internal' && h.note?.includes('không liên lạc được'))).toBe(true);
    expect(await send(op, 'report.reject', { reportId: triageId, reason: 'x' })).toMatchObject({ ok: false, code: 'invalid-transition' });
  });

  it('reject with a public reason; a rejected report cannot be resolved', async () => {
    const r = server.reports.submit(submission({ serviceCode: 'dich-vu-cong', attributes: {} }));
    if (!r.ok) throw new Error(r.message);
    expect(await send(op, 'report.reject', { reportId: r.value.id, reason: 'Nội dung không thuộc phạm vi tiếp nhận' })).toMatchObject({ ok: true });
    expect(server.reports.get(r.value.id)).toMatchObject({ status: 'closed', extended_status: 'rejected' });
    expect(server.reports.get(r.value.id)?.status_notes).toContain('Nội dung không thuộc phạm vi tiếp nhận');
    expect(await send(op, 'report.resolve', { reportId: r.value.id, publicNote: 'Xong' })).toMatchObject({ ok: false, code: 'invalid-transition' });
    expect(await send(op, 'report.start', { reportId: 'PA-19990101-0001' })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('query: newest first, with filters', () => {
    const all = server.reports.query({ limit: 100 });
    const times = all.map((r) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(server.reports.query({ limit: 2 })).toHaveLength(2);
    expect(server.reports.query({ limit: 100, ids: [routedId, triageId] }).map((r) => r.service_request_id).sort()).toEqual([routedId, triageId].sort());
    expect(server.reports.query({ limit: 100, statuses: ['closed'] }).every((r) => r.status === 'closed')).toBe(true);
    expect(server.reports.query({ limit: 100, serviceCodes: ['moi-truong'] }).map((r) => r.service_code)).toEqual(['moi-truong']);
    const start = Date.parse('2026-11-28T08:30:00Z');
    const end = Date.parse('2026-11-28T09:30:00Z');
    expect(server.reports.query({ limit: 100, startMs: start, endMs: end }).map((r) => r.service_request_id)).toEqual([triageId]);
    expect(server.reports.services().map((s) => s.service_code)).toContain('giao-thong');
    expect(server.reports.serviceDefinition('giao-thong')?.attributes[0]).toMatchObject({ code: 'loai-su-co', required: true, datatype: 'singlevaluelist' });
    expect(server.reports.serviceDefinition('khac')).toBeNull();
  });

  it('every step reached the socket clients as events', async () => {
    await op.waitFor(server.inspect.headSeq());
    const types = new Set(op.batches.flatMap((b) => b.items.map((e) => e.type)));
    for (const t of ['department.saved', 'routing-rule.saved', 'report.received', 'report.classified', 'report.forwarded', 'report.started', 'report.noted', 'report.resolved', 'report.rejected', 'report.merged']) {
      expect(types).toContain(t);
    }
    for (const b of op.batches) for (const e of b.items) if (e.type.startsWith('report.')) expect(interpretReportEvent(e)).not.toBeNull();
  });
});

describe('field-report SLA alerts', () => {
  let server: TestServer;
  let op: Replica;
  const t0 = Date.parse('2026-11-28T01:00:00Z');
  const HOUR = 3_600_000;

  beforeAll(async () => {
    server = await startReportServer();
    const admToken = await login(server.url, 'adm');
    const adm = await connectReplica(server.url, admToken, server.inspect.headSeq());
    await setUpRouting((type, payload) => sendCommand(adm.socket, { commandId: ulid(), type, payload }));
    adm.socket.disconnect();
    op = await connectReplica(server.url, await login(server.url, 'op1'), server.inspect.headSeq());
  });
  afterAll(async () => {
    op.socket.disconnect();
    await server.stop();
  });

  it('warns at 80% of the SLA and again when overdue, once each, naming the department', async () => {
    const routed = server.reports.submit(submission({ receivedAt: new Date(t0).toISOString() })); // giao-thong: 72 h, Sở GTVT
    const triage = server.reports.submit(submission({ serviceCode: 'khac', attributes: {}, lat: 9.815, lon: 105.82, receivedAt: new Date(t0).toISOString() })); // 120 h
    if (!routed.ok || !triage.ok) throw new Error('submit failed');
    const slaAlerts = () => server.inspect.listAlerts().filter((a) => a.source === 'field-report');

    expect(server.reports.checkSla(t0 + 50 * HOUR)).toBe(0);
    expect(server.reports.checkSla(t0 + 60 * HOUR)).toBe(1);
    expect(server.reports.checkSla(t0 + 61 * HOUR)).toBe(0);
    expect(slaAlerts()).toHaveLength(1);
    const warn = slaAlerts()[0]!;
    expect(warn.headline).toContain(routed.value.id);
    expect(warn.headline).toContain('Sở Giao thông vận tải');
    expect(warn.headline).toContain('sắp đến hạn');
    expect(warn).toMatchObject({ category: 'Transport', location: { lat: VI_THANH.lat, lon: VI_THANH.lon } });

    expect(server.reports.checkSla(t0 + 73 * HOUR)).toBe(1);
    expect(server.reports.checkSla(t0 + 74 * HOUR)).toBe(0);
    const overdue = slaAlerts().find((a) => a.headline.includes('đã quá hạn'))!;
    expect(overdue.headline).toContain('Sở Giao thông vận tải');
    expect(overdue.description).toContain('Sở Giao thông vận tải');

    // The triage report (120 h, no department) warns at 96 h and names no department.
    expect(server.reports.checkSla(t0 + 97 * HOUR)).toBe(1);
    expect(slaAlerts().find((a) => a.headline.includes(triage.value.id))?.headline).toContain('chưa chuyển đơn vị xử lý');
    // Resolved reports raise nothing further.
    expect(await sendCommand(op.socket, { commandId: ulid(), type: 'report.reject', payload: { reportId: triage.value.id, reason: 'Trùng nội dung' } })).toMatchObject({ ok: true });
    expect(server.reports.checkSla(t0 + 200 * HOUR)).toBe(0);
    expect(server.reports.internal(routed.value.id)?.slaAlerts.map((s) => s.threshold)).toEqual(['warn', 'overdue']);

    await op.waitFor(server.inspect.headSeq());
    const warned = op.batches.flatMap((b) => b.items).filter((e) => e.type === 'report.sla-warned');
    expect(warned).toHaveLength(3);
  });
});
