// The portal connector against real HTTP portals on 127.0.0.1 and real SQLite files.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dossier } from '../../src-shared/model/dossier.js';
import { DONE_STATUSES } from '../../src-shared/model/dossier.js';
import { DEMO_AGENCIES, demoPortalConnector, startDemoPortal } from '../../server/demo/demo-portal.js';
import type { ConnectorConfigInput } from '../../server/portal/http-json-connector.js';
import { startPortalIngestion, type PortalIngestion, type PortalIngestionOptions } from '../../server/portal/portal-ingestion.js';
import { DossierRepository } from '../../server/store/dossier-repository.js';
import { openDatabase, type SqliteDatabase } from '../../server/store/sqlite-database.js';

/** The test portal's own format: ISO stamps, codes for status and channel. */
const MAPPING = {
  id: 'test-portal',
  fields: {
    code: 'ma',
    'procedure.code': 'thuTuc',
    'procedure.name': 'tenThuTuc',
    'procedure.field': 'linhVuc',
    'procedure.level': { const: 'full' },
    receivingAgencyId: 'coQuan',
    handlingAgencyId: 'coQuan',
    channel: { const: 'online' },
    receivedAt: { path: 'tiepNhan', format: 'iso' },
    dueAt: { path: 'han', format: 'iso' },
    completedAt: { path: 'hoanThanh', format: 'iso' },
    status: { path: 'trangThai', map: { '1': 'received', '2': 'in_progress', '5': 'completed' } },
    updatedAt: { path: 'capNhat', format: 'iso' },
  },
};

const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const SECRET = 'Bearer test-secret-token-42';

interface PortalRecord {
  ma: string;
  thuTuc: string;
  tenThuTuc: string;
  linhVuc: string;
  coQuan: string;
  tiepNhan: string;
  han: string;
  hoanThanh: string | null;
  trangThai: string;
  capNhat: string;
}

function portalRecord(n: number, updatedMs: number, overrides: Partial<PortalRecord> = {}): PortalRecord {
  return {
    ma: `HS-${String(n).padStart(4, '0')}`,
    thuTuc: '2.000488',
    tenThuTuc: 'Cấp Phiếu lý lịch tư pháp',
    linhVuc: 'Lý lịch tư pháp',
    coQuan: 'STP',
    tiepNhan: new Date(T0).toISOString(),
    han: new Date(T0 + 14 * 86_400_000).toISOString(),
    hoanThanh: null,
    trangThai: '2',
    capNhat: new Date(updatedMs).toISOString(),
    ...overrides,
  };
}

type Mode = 'ok' | 'http-500' | 'garbage' | 'hang';

interface TestPortal {
  url: string;
  records: Map<string, unknown>;
  /** Every request: its updated_since, limit, authorization, how many records it got, when. */
  requests: { since: string | null; limit: number; auth: string | undefined; served: number; at: number }[];
  served(): number;
  /** What the next requests get; `failNext` answers that many requests with 500 first; `failOnRequest` fails the nth (1-based). */
  mode: Mode;
  failNext: number;
  failOnRequest: number;
  stop(): Promise<void>;
}

/** A portal serving `updated_since` (inclusive) and `limit`, oldest change first, as the connector expects. */
async function startTestPortal(): Promise<TestPortal> {
  const portal: Omit<TestPortal, 'url' | 'stop'> = {
    records: new Map(),
    requests: [],
    served: () => portal.requests.reduce((sum, r) => sum + r.served, 0),
    mode: 'ok',
    failNext: 0,
    failOnRequest: 0,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    const since = url.searchParams.get('updated_since');
    const limit = Number(url.searchParams.get('limit'));
    const entry = { since, limit, auth: req.headers.authorization, served: 0, at: Date.now() };
    portal.requests.push(entry);
    if (portal.failNext > 0 || portal.requests.length === portal.failOnRequest) {
      portal.failNext = Math.max(0, portal.failNext - 1);
      res.writeHead(500).end('boom');
      return;
    }
    if (portal.mode === 'hang') return; // never answers
    if (portal.mode === 'http-500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
      return;
    }
    if (portal.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [ {"ma": "HS-1"');
      return;
    }
    const stamp = (r: unknown): number => {
      const s = (r as { capNhat?: unknown }).capNhat;
      return typeof s === 'string' ? Date.parse(s) : Number.NaN;
    };
    const sinceMs = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since);
    const page = [...portal.records.entries()]
      .filter(([, r]) => !(stamp(r) < sinceMs))
      .sort(([ka, a], [kb, b]) => (stamp(a) || 0) - (stamp(b) || 0) || ka.localeCompare(kb))
      .slice(0, limit)
      .map(([, r]) => r);
    entry.served = page.length;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: page }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(portal, {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-portal-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function portal(): Promise<TestPortal> {
  const p = await startTestPortal();
  cleanups.push(() => p.stop());
  return p;
}

interface Rig {
  ingestion: PortalIngestion;
  repo: DossierRepository;
  db: SqliteDatabase;
  changed: Dossier[][];
  logs: string[];
  close(): Promise<void>;
}

/** An ingestion over a SQLite file in `dir`; `close` stops it and closes the file (a server stop). */
function ingest(dir: string, connector: Partial<ConnectorConfigInput> & { baseUrl: string }, options: Partial<PortalIngestionOptions> = {}): Rig {
  const db = openDatabase(path.join(dir, 'vigil.db'));
  const repo = new DossierRepository(db);
  const changed: Dossier[][] = [];
  const logs: string[] = [];
  const ingestion = startPortalIngestion({
    store: repo,
    connectors: [{ id: 'portal-a', name: 'Cổng A', path: '/api/ho-so', recordsPath: 'data', mapping: MAPPING, pageSize: 10, ...connector }],
    onChanged: (d) => changed.push(d),
    log: (level, message) => logs.push(`${level} ${message}`),
    schedule: false,
    random: () => 0.5,
    ...options,
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await ingestion.stop();
    db.close();
  };
  cleanups.push(close);
  return { ingestion, repo, db, changed, logs, close };
}

function seed(p: TestPortal, from: number, to: number, stampOf: (n: number) => number = (n) => T0 + n * 1000): void {
  for (let n = from; n <= to; n++) {
    const r = portalRecord(n, stampOf(n));
    p.records.set(r.ma, r);
  }
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('portal connector: incremental sync', () => {
  it('first poll pages through everything; the next asks from the watermark and ingests only what changed', async () => {
    const p = await portal();
    seed(p, 0, 24);
    const { ingestion, repo, changed } = ingest(tempDir(), { baseUrl: p.url, headers: { authorization: SECRET } });

    const first = await ingestion.pollNow('portal-a');
    expect(first).toEqual({ ok: true, value: { pages: 3, received: 27, ingested: 25, unchanged: 2, skipped: 0, watermark: new Date(T0 + 24_000).toISOString() } });
    // Page 1 from the beginning; each next page from the newest stamp of the previous (inclusive).
    expect(p.requests.map((r) => [r.since, r.limit, r.served])).toEqual([
      [null, 10, 10],
      [new Date(T0 + 9000).toISOString(), 10, 10],
      [new Date(T0 + 18_000).toISOString(), 10, 7],
    ]);
    expect(p.requests.every((r) => r.auth === SECRET)).toBe(true);
    expect(repo.count()).toBe(25);
    expect(changed.map((c) => c.length)).toEqual([10, 9, 6]);

    // Three new dossiers and two completed ones.
    seed(p, 25, 27, (n) => T0 + 60_000 + n * 1000);
    for (const n of [3, 7]) {
      const done = portalRecord(n, T0 + 90_000 + n, { trangThai: '5', hoanThanh: new Date(T0 + 90_000).toISOString() });
      p.records.set(done.ma, done);
    }
    p.requests.length = 0;
    changed.length = 0;
    const second = await ingestion.pollNow('portal-a');
    expect(second.ok && second.value).toMatchObject({ pages: 1, received: 6, ingested: 5, unchanged: 1, skipped: 0 });
    expect(p.requests.map((r) => r.since)).toEqual([new Date(T0 + 24_000).toISOString()]);
    expect(changed.flat().map((d) => d.code).sort()).toEqual(['HS-0003', 'HS-0007', 'HS-0025', 'HS-0026', 'HS-0027']);
    expect(repo.count()).toBe(28);
    expect(repo.get('HS-0003')).toMatchObject({ status: 'completed', completedAt: new Date(T0 + 90_000).toISOString() });

    const health = ingestion.health()[0]!;
    expect(health).toMatchObject({ id: 'portal-a', kind: 'http-json', recordsIngested: 30, recordsSkipped: 0, consecutiveFailures: 0, watermark: new Date(T0 + 90_007).toISOString() });
    expect(health.lagMs).toBeGreaterThan(0);
    // Nothing new: one request, the record at the watermark read again, nothing ingested.
    const third = await ingestion.pollNow('portal-a');
    expect(third.ok && third.value).toMatchObject({ pages: 1, received: 1, ingested: 0, unchanged: 1 });
  });

  it('a full page stuck at one timestamp grows the page instead of looping', async () => {
    const p = await portal();
    seed(p, 0, 24, () => T0); // 25 records stamped in the same second
    const { ingestion, repo } = ingest(tempDir(), { baseUrl: p.url });
    const result = await ingestion.pollNow('portal-a');
    expect(result.ok && result.value).toMatchObject({ ingested: 25 });
    // Page 1 moves the watermark from nothing to T0; from T0 a full page cannot move it, so the page doubles until short.
    expect(p.requests.map((r) => [r.since, r.limit])).toEqual([
      [null, 10],
      [new Date(T0).toISOString(), 10],
      [new Date(T0).toISOString(), 20],
      [new Date(T0).toISOString(), 40],
    ]);
    expect(repo.count()).toBe(25);
  });
});

describe('portal connector: restart', () => {
  it('resumes from the persisted watermark: no duplicate rows, nothing fetched twice but the watermark records', async () => {
    const p = await portal();
    seed(p, 0, 24);
    const dir = tempDir();
    const a = ingest(dir, { baseUrl: p.url });
    expect((await a.ingestion.pollNow('portal-a')).ok).toBe(true);
    const watermark = a.ingestion.health()[0]!.watermark;
    await a.close();

    seed(p, 25, 28, (n) => T0 + 60_000 + n * 1000);
    const servedBefore = p.served();
    const requestsBefore = p.requests.length;
    const b = ingest(dir, { baseUrl: p.url });
    expect(b.ingestion.health()[0]).toMatchObject({ watermark, recordsIngested: 25 });
    const result = await b.ingestion.pollNow('portal-a');
    expect(result.ok && result.value).toMatchObject({ ingested: 4, unchanged: 1 });
    expect(p.requests[requestsBefore]!.since).toBe(watermark);
    expect(p.served() - servedBefore).toBe(5); // the record at the watermark + the 4 new ones
    expect(b.repo.count()).toBe(29);
    expect(b.db.prepare('SELECT COUNT(DISTINCT code) FROM dossiers').pluck().get()).toBe(29);
    expect(b.ingestion.health()[0]!.recordsIngested).toBe(29);
  });

  it('a poll that fails half way keeps the pages it committed; the restart continues from there without a gap', async () => {
    const p = await portal();
    seed(p, 0, 24);
    const dir = tempDir();
    const a = ingest(dir, { baseUrl: p.url });
    p.failOnRequest = 2; // page 1 is answered, page 2 fails
    const failed = await a.ingestion.pollNow('portal-a');
    expect(failed.ok).toBe(false);
    expect(a.repo.count()).toBe(10);
    const mark = a.ingestion.health()[0]!.watermark;
    expect(mark).toBe(new Date(T0 + 9000).toISOString());
    await a.close();

    const b = ingest(dir, { baseUrl: p.url });
    const resumed = await b.ingestion.pollNow('portal-a');
    expect(resumed.ok && resumed.value).toMatchObject({ ingested: 15, unchanged: 2 });
    expect(p.requests[2]!.since).toBe(mark);
    expect(p.served()).toBe(10 + 17);
    expect(b.repo.count()).toBe(25);
    expect(b.ingestion.health()[0]).toMatchObject({ recordsIngested: 25, consecutiveFailures: 0 });
  });
});

describe('portal connector: portal errors', () => {
  it('records 500, garbage JSON and a timeout in health with a growing backoff, then recovers', async () => {
    const p = await portal();
    seed(p, 0, 4);
    const { ingestion, repo, logs } = ingest(tempDir(), {
      baseUrl: p.url,
      timeoutMs: 300,
      intervalMs: 60_000,
      backoff: { initialMs: 1000, maxMs: 300_000 },
      headers: { Authorization: SECRET },
    });
    const delayOf = (): number => {
      const h = ingestion.health()[0]!;
      return Date.parse(h.nextAttemptAt!) - Date.parse(h.lastError!.at);
    };

    p.mode = 'http-500';
    const r1 = await ingestion.pollNow('portal-a');
    expect(r1).toMatchObject({ ok: false, code: 'unavailable', message: 'portal Cổng A: HTTP 500 Internal Server Error' });
    expect(ingestion.health()[0]).toMatchObject({ consecutiveFailures: 1, lastError: { message: 'HTTP 500 Internal Server Error' }, lastSuccessAt: null });
    expect(delayOf()).toBe(750); // 1000 ms with jitter 0.5 → 0.75 of it

    p.mode = 'garbage';
    await ingestion.pollNow('portal-a');
    expect(ingestion.health()[0]).toMatchObject({ consecutiveFailures: 2, lastError: { message: expect.stringContaining('the answer is not JSON') } });
    expect(delayOf()).toBe(1500);

    p.mode = 'hang';
    const started = Date.now();
    await ingestion.pollNow('portal-a');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ingestion.health()[0]).toMatchObject({ consecutiveFailures: 3, lastError: { message: 'timed out after 300 ms' } });
    expect(delayOf()).toBe(3000);
    expect(repo.count()).toBe(0);

    p.mode = 'ok';
    const ok = await ingestion.pollNow('portal-a');
    expect(ok.ok).toBe(true);
    const health = ingestion.health()[0]!;
    expect(health).toMatchObject({ consecutiveFailures: 0, recordsIngested: 5 });
    expect(health.lastSuccessAt).not.toBeNull();
    expect(Date.parse(health.nextAttemptAt!) - Date.parse(health.lastSuccessAt!)).toBe(60_000);
    expect(Date.parse(health.lastError!.at)).toBeLessThanOrEqual(Date.parse(health.lastSuccessAt!));
    expect(repo.count()).toBe(5);
    // The health survives in the connector state.
    expect(repo.connectorState('portal-a')?.health).toMatchObject({ consecutiveFailures: 0, recordsIngested: 5, lastSuccessAt: health.lastSuccessAt });
    // The secret header went to the portal and nowhere else.
    expect(p.requests.every((r) => r.auth === SECRET)).toBe(true);
    expect(logs.join('\n')).not.toContain('test-secret-token');
    expect(JSON.stringify(ingestion.health())).not.toContain('test-secret-token');
    expect(logs.some((l) => l.startsWith('warn [portal portal-a] poll failed (3 in a row): timed out after 300 ms'))).toBe(true);
  });

  it('on its own schedule, retries after failures with growing delays until the portal answers', async () => {
    const p = await portal();
    seed(p, 0, 2);
    p.failNext = 3;
    const { ingestion, repo } = ingest(tempDir(), { baseUrl: p.url, intervalMs: 60_000, backoff: { initialMs: 40, maxMs: 1000 } }, { schedule: true });
    await waitFor(() => ingestion.health()[0]!.lastSuccessAt !== null);
    expect(p.requests.length).toBe(4);
    const gaps = p.requests.slice(1).map((r, i) => r.at - p.requests[i]!.at);
    // Delays with jitter 0.5: 30, 60, 120 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[1]).toBeGreaterThanOrEqual(55);
    expect(gaps[2]).toBeGreaterThanOrEqual(115);
    expect(ingestion.health()[0]).toMatchObject({ consecutiveFailures: 0, recordsIngested: 3 });
    expect(repo.count()).toBe(3);
  });

  it('refuses an answer over the size cap and one without a record list', async () => {
    const p = await portal();
    seed(p, 0, 30);
    const { ingestion } = ingest(tempDir(), { baseUrl: p.url, maxResponseBytes: 2048, pageSize: 50 });
    await ingestion.pollNow('portal-a');
    expect(ingestion.health()[0]!.lastError?.message).toBe('the answer is larger than 2048 bytes');
    const other = ingest(tempDir(), { baseUrl: p.url, recordsPath: 'items' });
    await other.ingestion.pollNow('portal-a');
    expect(other.ingestion.health()[0]!.lastError?.message).toBe('the answer has no list of records at "items"');
  });
});

describe('portal connector: malformed records', () => {
  it('skips and reports a bad date, an unknown status and a missing code; ingests the rest; a re-read does not count twice', async () => {
    const p = await portal();
    const good1 = portalRecord(1, T0 + 1000);
    const badDate = portalRecord(2, T0 + 2000, { tiepNhan: '2026-02-30T08:00:00+07:00' });
    const noCode = portalRecord(3, T0 + 3000, { ma: '' });
    const good2 = portalRecord(4, T0 + 4000);
    const badStatus = portalRecord(5, T0 + 5000, { trangThai: '9' });
    for (const [key, r] of [['1', good1], ['2', badDate], ['3', noCode], ['4', good2], ['5', badStatus]] as const) p.records.set(key, r);
    const { ingestion, repo, changed } = ingest(tempDir(), { baseUrl: p.url });

    const result = await ingestion.pollNow('portal-a');
    expect(result.ok && result.value).toMatchObject({ ingested: 2, skipped: 3, watermark: new Date(T0 + 5000).toISOString() });
    expect(repo.listAll().map((d) => d.code).sort()).toEqual(['HS-0001', 'HS-0004']);
    expect(changed.flat()).toHaveLength(2);
    const health = ingestion.health()[0]!;
    expect(health.recordsSkipped).toBe(3);
    // Newest first.
    expect(health.recentSkips.map((s) => [s.recordKey, s.reason])).toEqual([
      ['HS-0005', expect.stringContaining('status (trangThai): unknown value "9"')],
      ['#3 of page 1', expect.stringContaining('code (ma): missing')],
      ['HS-0002', expect.stringContaining('receivedAt (tiepNhan): "2026-02-30T08:00:00+07:00" is not a date in iso')],
    ]);

    // The bad record at the watermark is served again on every poll: reported once.
    const again = await ingestion.pollNow('portal-a');
    expect(again.ok && again.value).toMatchObject({ received: 1, skipped: 0 });
    expect(ingestion.health()[0]!.recordsSkipped).toBe(3);
    // Fixed at the portal: it comes in.
    p.records.set('5', portalRecord(5, T0 + 6000));
    const fixed = await ingestion.pollNow('portal-a');
    expect(fixed.ok && fixed.value).toMatchObject({ ingested: 1, skipped: 0 });
    expect(repo.count()).toBe(3);
  });

  it('keeps the 20 most recent skips and counts them all', async () => {
    const p = await portal();
    for (let n = 1; n <= 25; n++) p.records.set(String(n), portalRecord(n, T0 + n * 1000, { trangThai: 'x' }));
    p.records.set('26', portalRecord(26, T0 + 26_000));
    const { ingestion, repo } = ingest(tempDir(), { baseUrl: p.url, pageSize: 100 });
    expect((await ingestion.pollNow('portal-a')).ok).toBe(true);
    const health = ingestion.health()[0]!;
    expect(health.recordsSkipped).toBe(25);
    expect(health.recentSkips).toHaveLength(20);
    expect(health.recentSkips[0]!.recordKey).toBe('HS-0025');
    expect(repo.count()).toBe(1);
  });
});

describe('demo portal through the connector', () => {
  it('yields valid dossiers for every demo agency with no skips, deterministically, and keeps changing', async () => {
    const now = Date.parse('2026-03-18T03:30:00.000Z'); // a Wednesday, 10:30 in Vị Thanh
    let clock = now;
    const demo = await startDemoPortal({ seed: 7, now: () => clock, tickMs: 0 });
    cleanups.push(() => demo.stop());
    const twin = await startDemoPortal({ seed: 7, now: () => now, tickMs: 0 });
    cleanups.push(() => twin.stop());
    const page = async (url: string): Promise<string> => (await fetch(`${url}/api/ho-so?limit=1000`)).text();
    expect(await page(demo.url)).toBe(await page(twin.url));
    expect(demo.size()).toBeGreaterThan(500);
    expect(demo.size()).toBeLessThan(5000);

    const { ingestion, repo, changed } = ingest(tempDir(), demoPortalConnector(demo.url), { now: () => clock, agencies: [...DEMO_AGENCIES] });
    const first = await ingestion.pollNow('demo-portal');
    expect(first.ok ? first.value : first).toMatchObject({ skipped: 0, ingested: demo.size() });
    expect(ingestion.health()[0]).toMatchObject({ recordsSkipped: 0, recentSkips: [], consecutiveFailures: 0 });
    expect(repo.listAgencies()).toHaveLength(DEMO_AGENCIES.length);

    const all = repo.listAll();
    const agencies = new Set(all.flatMap((d) => [d.handlingAgencyId, d.receivingAgencyId]));
    expect([...agencies].sort()).toEqual(DEMO_AGENCIES.map((a) => a.id).sort());
    expect(new Set(all.map((d) => d.procedure.field))).toEqual(
      new Set(['Đất đai', 'Hộ tịch', 'Đăng ký kinh doanh', 'Cấp phép xây dựng', 'Lý lịch tư pháp', 'Giấy phép lái xe', 'Lao động', 'Y tế', 'Xuất nhập cảnh', 'Phòng cháy, chữa cháy']),
    );
    expect(new Set(all.map((d) => d.channel))).toEqual(new Set(['online', 'counter', 'post']));
    expect(all.every((d) => d.localityId !== null)).toBe(true);
    const done = all.filter((d) => DONE_STATUSES.includes(d.status));
    const late = done.filter((d) => Date.parse(d.completedAt!) > Date.parse(d.dueAt) + d.pauses.reduce((s, p) => s + (Date.parse(p.to ?? d.completedAt!) - Date.parse(p.from)), 0));
    const overdueOpen = all.filter((d) => !DONE_STATUSES.includes(d.status) && d.status !== 'cancelled' && Date.parse(d.dueAt) < now);
    // Mostly on time, some late, a few overdue and open.
    expect(done.length / all.length).toBeGreaterThan(0.8);
    expect(late.length / done.length).toBeGreaterThan(0.03);
    expect(late.length / done.length).toBeLessThan(0.2);
    expect(overdueOpen.length).toBeGreaterThan(0);
    expect(overdueOpen.length / all.length).toBeLessThan(0.05);
    expect(all.some((d) => d.pauses.length > 0)).toBe(true);

    // Time passes and the portal changes: the next poll brings only the changes, all valid.
    changed.length = 0;
    for (let i = 0; i < 40; i++) {
      clock += 4000;
      demo.tick();
    }
    const next = await ingestion.pollNow('demo-portal');
    expect(next.ok ? next.value : next).toMatchObject({ skipped: 0 });
    expect(next.ok && next.value.ingested).toBeGreaterThanOrEqual(20);
    expect(next.ok && next.value.ingested).toBeLessThanOrEqual(40);
    expect(repo.count()).toBe(demo.size());
    expect(ingestion.health()[0]!.recordsSkipped).toBe(0);
  });
});
