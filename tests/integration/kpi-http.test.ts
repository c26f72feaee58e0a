import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAuthenticator } from '../../server/auth/authenticator.js';
import { makeDecoyHash } from '../../server/auth/password.js';
import { TokenService } from '../../server/auth/token.js';
import { installErrorHandlers } from '../../server/http/http-errors.js';
import { DigestService } from '../../server/portal/digest-service.js';
import { KpiEngine } from '../../server/portal/kpi-engine.js';
import { registerKpiRoutes } from '../../server/portal/kpi-routes.js';
import { VigilStore } from '../../server/store/vigil-store.js';
import type { Agency, Dossier } from '../../src-shared/model/dossier.js';
import type { KpiBoard, KpiDrillResult } from '../../src-shared/model/kpi.js';
import { DEFAULT_WORKING_CALENDAR } from '../../src-shared/model/working-calendar.js';

/**
 * The KPI routes over a real socket (streamed CSV of 19,200 rows, JSON board) while the
 * clock moves and the ingestion applies changes, as the server will run them.
 */
const AGENCIES: Agency[] = [
  { id: 'so-tnmt', name: 'Sở Tài nguyên và Môi trường', shortName: 'TNMT' },
  { id: 'so-tp', name: 'Sở Tư pháp', shortName: 'STP' },
];
const HOUR = 3_600_000;
/** 400 dossiers due in each of 48 consecutive hours. */
const N = 400 * 48;
const PER_HOUR = N / 48;

function dossier(i: number, receivedMs: number, dueMs: number): Dossier {
  return {
    code: `HS-${String(i).padStart(6, '0')}`,
    procedure: { code: `TT-${i % 7}`, name: `Thủ tục số ${i % 7}, "đặc biệt"`, field: i % 2 ? 'Đất đai' : 'Hộ tịch', level: 'full' },
    receivingAgencyId: 'so-tnmt',
    handlingAgencyId: i % 3 ? 'so-tnmt' : 'so-tp',
    channel: i % 4 ? 'online' : 'counter',
    receivedAt: new Date(receivedMs).toISOString(),
    dueAt: new Date(dueMs).toISOString(),
    completedAt: null,
    status: 'in_progress',
    pauses: [],
    localityId: null,
    updatedAt: new Date(receivedMs).toISOString(),
    sourceId: 'test',
  };
}

describe('KPI routes over HTTP', () => {
  let dir: string;
  let store: VigilStore;
  let app: FastifyInstance;
  let url: string;
  let token: string;
  const clock = { now: Date.parse('2026-03-02T09:00:00+07:00') }; // a Monday
  let engine: KpiEngine;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-kpi-http-'));
    store = VigilStore.open(dir);
    const tokens = new TokenService('kpi-http-test-secret-0123456789ab');
    token = tokens.issue(store.users.create({ username: 'giamsat', displayName: 'Giám sát', role: 'supervisor', passwordHash: 'x' }).id).token;
    engine = new KpiEngine({ calendar: DEFAULT_WORKING_CALENDAR, atRiskWorkingHours: 8, now: () => clock.now });
    // N open dossiers received this morning, due hour by hour from Wednesday 09:00 on.
    const start = clock.now - 2 * HOUR;
    engine.load(
      Array.from({ length: N }, (_, i) => dossier(i, start + i * 300, Date.parse('2026-03-04T09:00:00+07:00') + (i % 48) * HOUR)),
      AGENCIES,
    );
    app = Fastify({ logger: false });
    installErrorHandlers(app);
    registerKpiRoutes(app, {
      auth: new UserAuthenticator(store.users, tokens, makeDecoyHash(4)),
      engine,
      digest: new DigestService({ source: engine, now: () => clock.now }),
      connectorHealth: () => [],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (route: string) => fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } });

  it('streams a 19,200-row CSV export with the BOM and every row', async () => {
    const response = await get('/api/kpi/export.csv?scope=today&metric=received');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe(String(N));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.subarray(3)).split('\r\n');
    expect(lines).toHaveLength(N + 2); // header + rows + the empty string after the last CRLF
    const newest = dossier(N - 1, 0, 0);
    expect(new Set(lines.slice(1, -1).map((line) => line.split(',')[0])).size).toBe(N);
    expect(lines[1]!.startsWith(`${newest.code},"Thủ tục số ${(N - 1) % 7}, ""đặc biệt""",${newest.procedure.field},${newest.handlingAgencyId},`)).toBe(true); // newest first
  });

  it('the board follows the clock and the ingestion; drill totals follow the board', async () => {
    const board = async () => ((await (await get('/api/kpi/board')).json()) as { board: KpiBoard }).board;
    const drill = async (q: string) => ((await (await get(`/api/kpi/dossiers?${q}`)).json()) as { result: KpiDrillResult }).result;
    expect((await board()).totals.today).toMatchObject({ received: N, inProgress: N, atRisk: 0, overdue: 0 });

    // Wednesday 08:00: due times 09:00 … 08:00 next day; at risk = within 8 working hours = due by 16:00.
    clock.now = Date.parse('2026-03-04T08:00:00+07:00');
    let b = await board();
    expect(b.totals.today.received).toBe(0); // a new day
    expect(b.totals.month).toMatchObject({ received: N, atRisk: PER_HOUR * 8, overdue: 0 });
    expect((await drill('scope=month&metric=atRisk&limit=1')).total).toBe(b.totals.month.atRisk);

    // Wednesday 12:30: 09:00–12:00 due are overdue (4 hours), 13:00–20:00 at risk (8 hours).
    clock.now = Date.parse('2026-03-04T12:30:00+07:00');
    b = await board();
    expect(b.totals.month).toMatchObject({ overdue: PER_HOUR * 4, atRisk: PER_HOUR * 8 });
    expect((await drill('scope=month&metric=overdue&agencyId=so-tp')).total).toBe(b.byAgency.find((r) => r.agencyId === 'so-tp')!.counts.month.overdue);

    // The ingestion reports 100 of them completed.
    engine.apply(
      Array.from({ length: 100 }, (_, i) => ({
        ...dossier(i * 48, clock.now - 50 * HOUR, Date.parse('2026-03-04T09:00:00+07:00')),
        status: 'completed' as const,
        completedAt: new Date(clock.now - HOUR).toISOString(),
      })),
    );
    b = await board();
    expect(b.totals.today).toMatchObject({ completed: 100, late: 100, onTime: 0, onTimeRate: 0 });
    expect(b.totals.month.overdue).toBe(PER_HOUR * 4 - 100);
    expect(b.overdueByAgency.reduce((sum, row) => sum + row.count, 0)).toBe(b.totals.year.overdue);
  });
});
