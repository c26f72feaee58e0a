import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_UNITS } from '../../server/demo/demo-seed.js';
import type { ReportSubmission } from '../../server/reports/reports-port.js';
import { parseReportSlaHours } from '../../server/reports/sla-checker.js';
import { startServer } from '../../server/app.js';
import { findService } from '../../src-shared/model/report-catalog.js';
import { ulid } from '../../src-shared/ulid.js';
import { runTsEntry } from '../support/child-process.js';
import { connectReplica, delay, login, makeTempDir, sendCommand, startTestServer, TEST_PASSWORD, TEST_USERS, type TestServer } from '../unit/server/support/server-test-kit.js';

/**
 * SLA per category is the centre's configuration: `reportSlaHours` (CLI `--report-sla-hours
 * code=hours,…`) sets a report's due time, the SLA checker (`reportSla.intervalMs`, CLI
 * `--report-sla-interval`) raises the overdue alert from it, and a bad value stops the start.
 */
const ADMIN = { username: 'adm', password: TEST_PASSWORD, displayName: 'Phạm Quốc Dũng', role: 'admin' as const };
const VI_THANH = { lat: 9.785, lon: 105.47 };
const HOUR = 3_600_000;

function submission(overrides: Partial<ReportSubmission> = {}): ReportSubmission {
  return {
    serviceCode: 'giao-thong',
    lat: VI_THANH.lat,
    lon: VI_THANH.lon,
    addressString: 'Đường 3/2, phường 5, Vị Thanh',
    addressId: null,
    description: 'Ổ gà lớn trước cổng trường, xe máy dễ té ngã',
    attributes: { 'loai-su-co': 'mat-duong' },
    mediaUrl: null,
    reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
    apiKeyId: 'key-test',
    channel: 'open311',
    ...overrides,
  };
}

async function setUpRouting(server: TestServer): Promise<void> {
  const adm = await connectReplica(server.url, await login(server.url, 'adm'), server.inspect.headSeq());
  const send = (type: string, payload: unknown) => sendCommand(adm.socket, { commandId: ulid(), type, payload });
  expect(await send('department.save', { department: { id: 'so-gtvt', name: 'Sở Giao thông vận tải' } })).toMatchObject({ ok: true });
  expect(await send('routing-rule.save', { rule: { id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt' } })).toMatchObject({ ok: true });
  adm.socket.disconnect();
}

describe('report SLA overrides (reportSlaHours)', () => {
  let server: TestServer;
  const t0 = Date.parse('2026-11-28T01:00:00Z');

  beforeAll(async () => {
    server = await startTestServer({
      cameraHealth: false,
      reportSla: false,
      reportSlaHours: { 'giao-thong': 2, 'khac': 0.5 },
      adminUnits: DEMO_ADMIN_UNITS,
      seedUsers: [...TEST_USERS, ADMIN],
    });
    await setUpRouting(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sets the due time of a new report, also after automatic routing; codes without an override keep the catalogue', () => {
    const routed = server.reports.submit(submission({ receivedAt: new Date(t0).toISOString() }));
    const triage = server.reports.submit(submission({ serviceCode: 'khac', attributes: {}, lat: 9.815, lon: 105.82, receivedAt: new Date(t0).toISOString() }));
    const plain = server.reports.submit(submission({ serviceCode: 'moi-truong', attributes: {}, receivedAt: new Date(t0).toISOString() }));
    if (!routed.ok || !triage.ok || !plain.ok) throw new Error('submit failed');

    // giao-thong: the catalogue says 72 h, the centre 2 h; routing (classify + forward as 'system') keeps it.
    const r = server.reports.internal(routed.value.id)!;
    expect(r).toMatchObject({ status: 'forwarded', departmentId: 'so-gtvt', dueAt: new Date(t0 + 2 * HOUR).toISOString() });
    expect(r.history.map((h) => h.action)).toEqual(['receive', 'classify', 'forward']);
    expect(server.reports.internal(triage.value.id)).toMatchObject({ status: 'received', dueAt: new Date(t0 + 0.5 * HOUR).toISOString() });
    const catalogueHours = findService('moi-truong')!.slaHours;
    expect(server.reports.internal(plain.value.id)?.dueAt).toBe(new Date(t0 + catalogueHours * HOUR).toISOString()); // moi-truong: the catalogue's

    // The citizen sees the same promise: expected_datetime (+07:00) and the notice.
    const pub = server.reports.get(routed.value.id)!;
    expect(pub.expected_datetime).toBe('2026-11-28T10:00:00+07:00');
    expect(pub.service_notice).toBe('Thời hạn xử lý: 2 giờ kể từ khi tiếp nhận.');
    expect(server.reports.get(triage.value.id)?.service_notice).toBe('Thời hạn xử lý: 0,5 giờ kể từ khi tiếp nhận.');
    expect(server.reports.get(plain.value.id)?.service_notice).toBe(`Thời hạn xử lý: ${catalogueHours} giờ kể từ khi tiếp nhận.`);
  });

  it('an operator confirming the category keeps the overridden due time', async () => {
    const triage = server.reports.submit(submission({ serviceCode: 'khac', attributes: {}, lat: 9.815, lon: 105.82, receivedAt: new Date(t0).toISOString() }));
    if (!triage.ok) throw new Error('submit failed');
    const op = await connectReplica(server.url, await login(server.url, 'op1'), server.inspect.headSeq());
    try {
      const ack = await sendCommand(op.socket, { commandId: ulid(), type: 'report.classify', payload: { reportId: triage.value.id, serviceCode: 'khac' } });
      expect(ack).toMatchObject({ ok: true });
    } finally {
      op.socket.disconnect();
    }
    expect(server.reports.internal(triage.value.id)).toMatchObject({ status: 'classified', dueAt: new Date(t0 + 0.5 * HOUR).toISOString() });
  });

  it('an operator reclassifying into another category gets that category\'s overridden due time', async () => {
    const triage = server.reports.submit(submission({ serviceCode: 'khac', attributes: {}, lat: 9.815, lon: 105.82, receivedAt: new Date(t0).toISOString() }));
    if (!triage.ok) throw new Error('submit failed');
    const op = await connectReplica(server.url, await login(server.url, 'op1'), server.inspect.headSeq());
    try {
      const ack = await sendCommand(op.socket, { commandId: ulid(), type: 'report.classify', payload: { reportId: triage.value.id, serviceCode: 'giao-thong' } });
      expect(ack).toMatchObject({ ok: true });
    } finally {
      op.socket.disconnect();
    }
    // giao-thong is overridden to 2 h (the catalogue says otherwise).
    expect(server.reports.internal(triage.value.id)).toMatchObject({ status: 'classified', serviceCode: 'giao-thong', dueAt: new Date(t0 + 2 * HOUR).toISOString() });
  });

  it('an overdue report (by the override) raises the overdue alert naming the department, once', () => {
    const received = t0 + 10 * HOUR;
    const routed = server.reports.submit(submission({ receivedAt: new Date(received).toISOString() }));
    if (!routed.ok) throw new Error('submit failed');
    const alertsOf = () => server.inspect.listAlerts().filter((a) => a.source === 'field-report' && a.headline.includes(routed.value.id));

    // Under the catalogue's 72 h nothing would be due for days; with 2 h it is overdue after 2 h.
    server.reports.checkSla(received + 1 * HOUR);
    expect(alertsOf()).toHaveLength(0);
    server.reports.checkSla(received + 2 * HOUR + 1000);
    expect(alertsOf()).toHaveLength(1);
    const overdue = alertsOf()[0]!;
    expect(overdue.headline).toContain('đã quá hạn');
    expect(overdue.headline).toContain('Sở Giao thông vận tải');
    expect(overdue.description).toContain('Đơn vị xử lý: Sở Giao thông vận tải');
    server.reports.checkSla(received + 3 * HOUR);
    expect(alertsOf()).toHaveLength(1);
    expect(server.reports.internal(routed.value.id)?.slaAlerts.map((s) => s.threshold)).toEqual(['overdue']);
  });
});

describe('report SLA interval (reportSla.intervalMs) with a short override', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      cameraHealth: false,
      reportSla: { intervalMs: 100 },
      reportSlaHours: { 'giao-thong': 0.0003 }, // ≈ 1.08 s
      adminUnits: DEMO_ADMIN_UNITS,
      seedUsers: [...TEST_USERS, ADMIN],
    });
    await setUpRouting(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the running checker raises the overdue alert about a second after receipt', async () => {
    const started = Date.now();
    const routed = server.reports.submit(submission());
    if (!routed.ok) throw new Error('submit failed');
    const report = server.reports.internal(routed.value.id)!;
    expect(Date.parse(report.dueAt!) - Date.parse(report.receivedAt)).toBe(Math.round(0.0003 * HOUR));
    const overdue = () =>
      server.inspect.listAlerts().find((a) => a.source === 'field-report' && a.headline.includes(routed.value.id) && a.headline.includes('đã quá hạn'));
    while (!overdue() && Date.now() - started < 15_000) await delay(50);
    expect(overdue()?.headline).toContain('Sở Giao thông vận tải');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});

describe('bad SLA configuration is refused', () => {
  it('parseReportSlaHours: the format, known codes, positive hours', () => {
    expect(parseReportSlaHours('giao-thong=48, khac=0.25')).toEqual({ ok: true, value: { 'giao-thong': 48, khac: 0.25 } });
    expect(parseReportSlaHours('khong-co=4')).toMatchObject({ ok: false, message: expect.stringContaining('unknown service code "khong-co"') });
    expect(parseReportSlaHours('giao-thong=0')).toMatchObject({ ok: false, message: expect.stringContaining('positive') });
    expect(parseReportSlaHours('giao-thong=-3')).toMatchObject({ ok: false, message: expect.stringContaining('positive') });
    expect(parseReportSlaHours('giao-thong=abc')).toMatchObject({ ok: false, message: expect.stringContaining('positive') });
    expect(parseReportSlaHours('giao-thong=0x10')).toMatchObject({ ok: false });
    expect(parseReportSlaHours('giao-thong')).toMatchObject({ ok: false, message: expect.stringContaining('code=hours') });
    expect(parseReportSlaHours('giao-thong=4,giao-thong=5')).toMatchObject({ ok: false, message: expect.stringContaining('twice') });
    expect(parseReportSlaHours('__proto__=4')).toMatchObject({ ok: false, message: expect.stringContaining('unknown service code') });
    expect(parseReportSlaHours('')).toMatchObject({ ok: false });
  });

  it('startServer throws on an unknown code or a non-positive SLA', async () => {
    const temp = makeTempDir();
    try {
      await expect(startServer({ dataDir: temp.dir, quiet: true, reportSlaHours: { 'khong-co': 4 } })).rejects.toThrow(/unknown service code "khong-co"/);
      await expect(startServer({ dataDir: temp.dir, quiet: true, reportSlaHours: { 'giao-thong': 0 } })).rejects.toThrow(/positive/);
      await expect(startServer({ dataDir: temp.dir, quiet: true, reportSlaHours: { 'giao-thong': Number.NaN } })).rejects.toThrow(/positive/);
    } finally {
      temp.remove();
    }
  });

  it('server/main.ts: a bad --report-sla-hours or --report-sla-interval exits 2 with a clear message; a good one starts', async () => {
    const temp = makeTempDir();
    const base = ['--port', '0', '--data', temp.dir, '--demo-cameras', '0'];
    const cases: { args: string[]; message: RegExp }[] = [
      { args: ['--report-sla-hours', 'khong-co=4'], message: /--report-sla-hours: unknown service code "khong-co"/ },
      { args: ['--report-sla-hours', 'giao-thong=0'], message: /--report-sla-hours: SLA of "giao-thong" must be a positive number of hours/ },
      { args: ['--report-sla-hours', 'giao-thong=-1,khac=4'], message: /--report-sla-hours: SLA of "giao-thong" must be a positive number of hours/ },
      { args: ['--report-sla-interval', '0'], message: /--report-sla-interval must be a positive/ },
      { args: ['--report-sla-interval', 'soon'], message: /--report-sla-interval must be a non-negative integer/ },
    ];
    try {
      const refused = cases.map(async ({ args, message }) => {
        const child = runTsEntry('server/main.ts', [...base, ...args]);
        const code = await new Promise<number | null>((resolve) => {
          if (child.child.exitCode !== null) resolve(child.child.exitCode);
          else child.child.once('exit', (c) => resolve(c));
        });
        expect(code, child.output()).toBe(2);
        expect(child.output()).toMatch(message);
        expect(child.output()).toContain('Usage:');
        expect(child.output()).not.toContain('listening on');
      });
      await Promise.all(refused);

      const good = runTsEntry('server/main.ts', [...base, '--report-sla-hours', 'giao-thong=0.0003,khac=240', '--report-sla-interval', '300']);
      try {
        await good.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/, 60_000);
        await good.waitFor(/report SLA: giao-thong 0\.0003 h, khac 240 h; checked every 300 ms/);
      } finally {
        await good.stop();
      }
    } finally {
      temp.remove();
    }
  });
});
