import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventChannel, type KpiChanged } from '../../src-shared/desktop-api.js';
import type { KpiFigureRef } from '../../src-shared/model/kpi.js';
import { CACHE_FILE_NAME } from '../../src-main/host/cache/cache-database.js';
import { KPI_CSV_HEADER } from '../../src-shared/model/kpi-csv.js';
import { DEFAULT_PDF_FONT_FILES, loadPdfFont } from '../../src-main/host/pdf/pdf-font.js';
import { TrueTypeFont } from '../../src-main/host/pdf/truetype.js';
import { TestRig, waitFor, type TestHost } from '../support/host-harness.js';
import { drillKey, fixtureBoard, fixtureDrill, TRUNCATED_FIGURE, TRUNCATED_TOTAL } from '../support/kpi-fixtures.js';

/**
 * The host's KPI board against a real sync server (login, the sync link that says
 * online/offline) with the KPI routes served by this test: a small HTTP front on the
 * host's server URL answers /api/kpi/* itself and passes everything else (HTTP and the
 * socket.io upgrade) to the rig's server. Stopping "the server" stops both.
 */

class KpiFront {
  kpiUp = true;
  boards = 0;
  readonly requests: string[] = [];
  readonly tokens = new Set<string>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: Server,
    private readonly targetPort: () => number,
  ) {}

  static async start(targetPort: () => number): Promise<KpiFront> {
    let front: KpiFront | null = null;
    const server = createServer((req, res) => front!.handle(req, res));
    front = new KpiFront(server, targetPort);
    const f = front;
    server.on('connection', (socket) => {
      f.sockets.add(socket);
      socket.on('close', () => f.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: net.Socket, head: Buffer) => {
      const upstream = net.connect(f.targetPort(), '127.0.0.1', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`])), '', ''];
        upstream.write(lines.join('\r\n'));
        if (head.length) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      socket.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return front;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/api/kpi/')) {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: this.targetPort(), method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    if (!this.kpiUp) {
      req.socket.destroy();
      return;
    }
    this.requests.push(`${url.pathname}?${url.searchParams.toString()}`);
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer \S+$/.test(auth)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, code: 'unauthorized', message: 'token required' }));
      return;
    }
    this.tokens.add(auth);
    const now = new Date().toISOString();
    if (url.pathname === '/api/kpi/board') {
      this.boards++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, board: fixtureBoard(now) }));
      return;
    }
    const q = url.searchParams;
    const ref: KpiFigureRef = { scope: q.get('scope') as KpiFigureRef['scope'], metric: q.get('metric') as KpiFigureRef['metric'] };
    if (q.get('agencyId')) ref.agencyId = q.get('agencyId')!;
    if (q.get('field')) ref.field = q.get('field')!;
    if (ref.agencyId === 'NOPE') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, code: 'not-found', message: 'unknown agency NOPE' }));
      return;
    }
    if (url.pathname === '/api/kpi/dossiers') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: fixtureDrill(ref, now) }));
      return;
    }
    if (url.pathname === '/api/kpi/export.csv') {
      const rows = fixtureDrill(ref, now).dossiers.map((d) => `${d.code},server`);
      res
        .writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="kpi-year-overdue-STP-2026-11-28.csv"' })
        .end(`\uFEFFMã hồ sơ,Nguồn\r\n${rows.join('\r\n')}\r\n`);
      return;
    }
    res.writeHead(404).end();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const OVERDUE_STP: KpiFigureRef = { scope: 'year', metric: 'overdue', agencyId: 'STP' };
const RECEIVED_TODAY: KpiFigureRef = { scope: 'today', metric: 'received' };
const NEVER_OPENED: KpiFigureRef = { scope: 'month', metric: 'late', field: 'Đất đai' };

function cacheRows(h: TestHost): { board: number; drills: string[] } {
  const db = new Database(path.join(h.dataDir, CACHE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    const board = (db.prepare('SELECT COUNT(*) AS n FROM kpi_board').get() as { n: number }).n;
    const drills = (db.prepare('SELECT figure_key FROM kpi_drills ORDER BY figure_key').all() as { figure_key: string }[]).map((r) => r.figure_key);
    return { board, drills };
  } finally {
    db.close();
  }
}

/** The PDF's objects' offsets (xref) point at the objects, and the embedded font program is a TrueType file. */
function checkPdf(base64: string): { bytes: Buffer; font: TrueTypeFont; toUnicode: string } {
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('latin1');
  expect(text.startsWith('%PDF-1.7')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\s*$/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  offsets.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
  const streamOf = (objectPattern: RegExp): Buffer => {
    const at = text.search(objectPattern);
    expect(at).toBeGreaterThan(0);
    const start = text.indexOf('stream\n', at) + 'stream\n'.length;
    const length = Number(/\/Length (\d+)/.exec(text.slice(at, start))?.[1]);
    return inflateSync(bytes.subarray(start, start + length));
  };
  const fontObject = /\/FontFile2 (\d+) 0 R/.exec(text)?.[1];
  const toUnicodeObject = /\/ToUnicode (\d+) 0 R/.exec(text)?.[1];
  const font = new TrueTypeFont(streamOf(new RegExp(`\\n${fontObject} 0 obj\\n`)));
  const toUnicode = streamOf(new RegExp(`\\n${toUnicodeObject} 0 obj\\n`)).toString('latin1');
  return { bytes, font, toUnicode };
}

const hex = (text: string): string => [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');

describe('host KPI board', () => {
  let rig: TestRig | undefined;
  let front: KpiFront | undefined;
  afterEach(async () => {
    await rig?.close();
    await front?.close();
    rig = undefined;
    front = undefined;
  });

  it('polls and caches the board, answers from cache.db through an outage and after a restart, and exports', async () => {
    const fontAvailable = !('error' in (await loadPdfFont(DEFAULT_PDF_FONT_FILES)));
    rig = await TestRig.start();
    const r = rig;
    front = await KpiFront.start(() => r.proxy.port);
    const f = front;
    const hostOptions = { serverUrl: f.url, kpiPollMs: 300, kpiTimeoutMs: 1500 };
    const h = await r.addHost(hostOptions);
    const pushes: KpiChanged[] = [];
    h.host.onPush((channel, payload) => {
      if (channel === eventChannel('kpi', 'onDidChange')) pushes.push(payload as KpiChanged);
    });
    const api = h.host.handlers.kpi;

    // Windows must be signed in; the host fetches nothing without a session.
    expect(await api.board()).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(f.boards).toBe(0);

    await h.login('op1');
    await r.waitInSync(h);
    const first = await waitFor(async () => {
      const view = await api.board();
      return view.ok && view.value.board && !view.value.fromCache ? view.value : null;
    }, { message: 'the first board arrives' });
    expect(first.board!.byAgency.map((a) => a.name)).toContain('Sở Tư pháp');
    expect(first.lastError).toBeNull();
    expect([...f.tokens].every((t) => t.startsWith('Bearer '))).toBe(true);
    // It keeps polling (every 300 ms here) and tells windows each time a new board arrives.
    const polled = f.boards;
    await waitFor(() => f.boards >= polled + 2, { message: 'the board is polled' });
    await waitFor(() => pushes.filter((p) => !p.fromCache && p.generatedAt !== null).length >= 2, { message: 'onDidChange for new boards' });
    expect(cacheRows(h).board).toBe(1);

    // A figure's dossiers, from the server; the host asks for at most 1000.
    const drill = await api.drill(OVERDUE_STP);
    if (!drill.ok) throw new Error(drill.message);
    expect(drill.value).toMatchObject({ total: 2, fromCache: false });
    expect(drill.value.dossiers.map((d) => d.code)).toEqual(['STP-2026-000117', 'STP-2026-000245']);
    expect(f.requests.some((q) => q.startsWith('/api/kpi/dossiers?') && q.includes('agencyId=STP') && q.includes('limit=1000'))).toBe(true);
    expect(await api.drill(RECEIVED_TODAY)).toMatchObject({ ok: true, value: { total: 2, fromCache: false } });
    expect(await api.drill(TRUNCATED_FIGURE)).toMatchObject({ ok: true, value: { total: TRUNCATED_TOTAL } });
    expect(cacheRows(h).drills).toHaveLength(3);
    // The server's refusal is passed on, not replaced by a cached copy.
    expect(await api.drill({ scope: 'year', metric: 'overdue', agencyId: 'NOPE' })).toMatchObject({ ok: false, code: 'not-found' });
    // Arguments are checked by the handler too (host-side callers skip the bridge).
    expect(await api.drill({ scope: 'week', metric: 'overdue' } as unknown as KpiFigureRef)).toMatchObject({ ok: false, code: 'bad-request' });

    // Online, the CSV is the server's own export.
    const onlineCsv = await api.exportCsv(OVERDUE_STP);
    if (!onlineCsv.ok) throw new Error(onlineCsv.message);
    expect(onlineCsv.value.filename).toBe('kpi-year-overdue-STP-2026-11-28.csv');
    expect(onlineCsv.value.text).toBe('\uFEFFMã hồ sơ,Nguồn\r\nSTP-2026-000117,server\r\nSTP-2026-000245,server\r\n');

    if (fontAvailable) {
      const boardPdf = await api.exportPdf('board');
      if (!boardPdf.ok) throw new Error(boardPdf.message);
      expect(boardPdf.value.filename).toMatch(/^kpi-bang-chi-so-\d{4}-\d{2}-\d{2}\.pdf$/);
      const { font, toUnicode } = checkPdf(boardPdf.value.base64);
      // The embedded subset draws the Vietnamese letters the board used (Ở of "Sở", ệ of "Tiếp nhận"…).
      for (const ch of 'ởệếĐ') {
        expect(font.glyphOf(ch.codePointAt(0)!)).toBeGreaterThan(0);
        expect(toUnicode).toContain(`<${hex(ch)}>`);
      }
    }

    // ── The server goes away: the board stays, marked as the cached copy, with the time it was fetched.
    f.kpiUp = false;
    await r.stopServer();
    await waitFor(() => h.host.inspect.status().connection === 'offline', { message: 'the host notices the outage' });
    const held = await waitFor(async () => {
      const view = await api.board();
      return view.ok && view.value.fromCache ? view.value : null;
    }, { message: 'the board turns into the cached copy' });
    expect(held.board).not.toBeNull();
    expect(held.lastError).toBeTruthy();
    await waitFor(() => pushes.at(-1)?.fromCache === true, { message: 'windows are told the board is the cached copy' });
    const boardsBefore = f.boards;
    await new Promise((resolve) => setTimeout(resolve, 800));
    const later = await api.board();
    expect(later).toMatchObject({ ok: true, value: { fromCache: true, fetchedAt: held.fetchedAt } });
    expect(later.ok && later.value.board?.generatedAt).toBe(held.board!.generatedAt);
    expect(f.boards).toBe(boardsBefore); // nothing is tried while the link is down

    // A figure fetched before answers from the cache; one never fetched cannot.
    const cachedDrill = await api.drill(OVERDUE_STP);
    if (!cachedDrill.ok) throw new Error(cachedDrill.message);
    expect(cachedDrill.value).toMatchObject({ total: 2, fromCache: true, fetchedAt: drill.value.fetchedAt });
    expect(cachedDrill.value.dossiers.map((d) => d.code)).toEqual(['STP-2026-000117', 'STP-2026-000245']);
    const never = await api.drill(NEVER_OPENED);
    expect(never).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!never.ok && never.message).toMatch(/unreachable/);

    // Offline CSV: built from the cached list, with the server's columns; a list the server cut short is refused.
    const offlineCsv = await api.exportCsv(OVERDUE_STP);
    if (!offlineCsv.ok) throw new Error(offlineCsv.message);
    const lines = offlineCsv.value.text.split('\r\n');
    expect(lines[0]).toBe(`\uFEFF${KPI_CSV_HEADER.join(',')}`);
    expect(lines.slice(1, 3).map((l) => l.split(',')[0])).toEqual(['STP-2026-000117', 'STP-2026-000245']);
    // The hostile procedure name: quoted (it has commas and quotes), formula-guarded by the apostrophe only when it starts the cell.
    expect(lines[2]).toContain('"<img src=x onerror=""alert(1)"">=HYPERLINK(""http://evil"")"');
    expect(offlineCsv.value.filename).toMatch(/^kpi-year-overdue-STP-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await api.exportCsv(NEVER_OPENED)).toMatchObject({ ok: false, code: 'unavailable' });
    const cut = await api.exportCsv(TRUNCATED_FIGURE);
    expect(cut).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!cut.ok && cut.message).toContain(`only 3 of the ${TRUNCATED_TOTAL}`);
    if (fontAvailable) {
      const listPdf = await api.exportPdf(OVERDUE_STP);
      if (!listPdf.ok) throw new Error(listPdf.message);
      const { toUnicode } = checkPdf(listPdf.value.base64);
      expect(toUnicode).toContain(`<${hex('ư')}>`);
    }

    // ── A restart while the server is still down: the same figures, the same age.
    await h.close();
    const again = await r.addHost({ ...hostOptions, dataDir: h.dataDir, workstationId: h.workstationId });
    const session = await again.login('op1');
    expect(session.offline).toBe(true);
    const restored = await again.host.handlers.kpi.board();
    expect(restored).toMatchObject({ ok: true, value: { fromCache: true, fetchedAt: held.fetchedAt } });
    expect(restored.ok && restored.value.board?.generatedAt).toBe(held.board!.generatedAt);
    expect(await again.host.handlers.kpi.drill(OVERDUE_STP)).toMatchObject({ ok: true, value: { fromCache: true, total: 2 } });
    expect(again.host.inspect.kpiDrillsCached()).toBe(3);

    // ── The server is back: fresh boards again.
    f.kpiUp = true;
    await r.startServer();
    const fresh = await waitFor(async () => {
      const view = await again.host.handlers.kpi.board();
      return view.ok && !view.value.fromCache ? view.value : null;
    }, { timeoutMs: 15_000, message: 'a fresh board after the outage' });
    expect(Date.parse(fresh.fetchedAt!)).toBeGreaterThan(Date.parse(held.fetchedAt!));

    await again.host.handlers.session.logout();
    expect(await again.host.handlers.kpi.drill(OVERDUE_STP)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(drillKey(OVERDUE_STP)).toBe('year|overdue|STP|');
  });
});
