import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { KioskProcess, ServerProcess, logIn, tempDir } from './e2e-stack.js';

/**
 * The KPI board end to end: this test serves its own public-service portal (node:http, in
 * the demo portal's record format, read through assets/portal/demo-portal-mapping.json),
 * a real server polls it (`--portal-config`, the demo portal off) and computes the board,
 * a kiosk workstation shows the board and the console in Chromium. Every figure checked
 * is counted here from the test's own records, independently of the server's engine.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const MAPPING_FILE = path.resolve('assets/portal/demo-portal-mapping.json');
const AGENCIES = [
  { id: 'STP', name: 'Sở Tư pháp', shortName: 'Tư pháp' },
  { id: 'SXD', name: 'Sở Xây dựng', shortName: 'Xây dựng' },
  { id: 'UBND-VT', name: 'UBND thành phố Vị Thanh', shortName: 'TP Vị Thanh' },
] as const;
const DISPLAYS = [
  { match: { index: 0 }, surface: 'kpi', priority: 0 },
  { match: { index: 1 }, surface: 'console', priority: 1 },
];

// ───────────────────────────────────────────── Vietnam time (UTC+07:00) and periods

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VN = 7 * HOUR;
const floorSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

function vnText(ms: number): string {
  const d = new Date(floorSecond(ms) + VN).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 19)}`;
}

function periods(nowMs: number): Record<'today' | 'month' | 'year', { from: number; to: number }> {
  const local = new Date(nowMs + VN);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const start = (yy: number, mm: number, dd: number): number => Date.UTC(yy, mm, dd) - VN;
  return {
    today: { from: start(y, m, d), to: start(y, m, d + 1) },
    month: { from: start(y, m, 1), to: start(y, m + 1, 1) },
    year: { from: start(y, 0, 1), to: start(y + 1, 0, 1) },
  };
}

// ───────────────────────────────────────────── the test's own portal

interface Plan {
  code: string;
  agency: (typeof AGENCIES)[number]['id'];
  field: string;
  procedure: string;
  online: boolean;
  receivedMs: number;
  dueMs: number;
  completedMs: number | null;
  cancelled?: boolean;
}

function record(p: Plan): Record<string, unknown> {
  const status = p.cancelled ? '7' : p.completedMs !== null ? '5' : '2';
  const updated = Math.max(p.receivedMs, p.completedMs ?? 0);
  const agencyName = AGENCIES.find((a) => a.id === p.agency)!.name;
  return {
    MaHoSo: p.code,
    MaThuTuc: '1.001193',
    TenThuTuc: p.procedure,
    LinhVuc: p.field,
    MucDo: p.online ? '4' : '3',
    CoQuanTiepNhan: { Ma: p.agency, Ten: agencyName },
    CoQuanXuLy: { Ma: p.agency, Ten: agencyName },
    KenhNop: p.online ? '1' : '2',
    TenKenhNop: p.online ? 'Trực tuyến' : 'Trực tiếp',
    MaDiaBan: '930',
    NgayTiepNhan: vnText(p.receivedMs),
    HanXuLy: vnText(p.dueMs),
    NgayHoanThanh: p.completedMs === null ? '' : vnText(p.completedMs),
    TrangThai: status,
    TenTrangThai: status === '5' ? 'Đã trả kết quả' : status === '7' ? 'Công dân rút hồ sơ' : 'Đang xử lý',
    DanhSachTamDung: [],
    NgayCapNhat: vnText(updated),
  };
}

/**
 * Dossiers spread over today, earlier this month, earlier this year and last year, for
 * three agencies: completed on time and late, open within their time, open overdue,
 * one cancelled. Times are whole seconds (the portal's format) and well clear of the
 * thresholds (hours), so counting them is unambiguous.
 */
function makePlans(nowMs: number): Plan[] {
  const p = periods(nowMs);
  const now = floorSecond(nowMs);
  // A point a fraction `f` of the way through [from, to), never after now.
  const within = (from: number, to: number, f: number): number => floorSecond(from + (Math.min(to, now) - from) * f);
  const today = (f: number) => within(p.today.from, now, f);
  const month = (f: number) => within(p.month.from, p.today.from > p.month.from ? p.today.from : now, f);
  const year = (f: number) => within(p.year.from, p.month.from > p.year.from ? p.month.from : now, f);
  const lastYear = (f: number) => floorSecond(p.year.from - 40 * DAY + 30 * DAY * f);
  const plans: Plan[] = [];
  let n = 0;
  const add = (agency: Plan['agency'], field: string, receivedMs: number, kind: 'on-time' | 'late' | 'open' | 'overdue' | 'cancelled', online: boolean): void => {
    n++;
    const code = `E2E-${agency}-${String(n).padStart(4, '0')}`;
    const doneMs = kind === 'on-time' || kind === 'late' ? floorSecond(receivedMs + (now - receivedMs) * 0.6) : null;
    const dueMs =
      kind === 'on-time' ? floorSecond(doneMs! + 3 * DAY)
      : kind === 'late' ? floorSecond(receivedMs + (doneMs! - receivedMs) / 2)
      : kind === 'overdue' ? floorSecond(receivedMs + (now - receivedMs) / 2)
      : floorSecond(now + 60 * DAY);
    plans.push({ code, agency, field, procedure: field === 'Hộ tịch' ? 'Đăng ký khai sinh' : 'Cấp giấy phép xây dựng đối với nhà ở riêng lẻ', online, receivedMs, dueMs, completedMs: doneMs, cancelled: kind === 'cancelled' });
  };
  // today
  add('STP', 'Lý lịch tư pháp', today(0.2), 'on-time', true);
  add('STP', 'Lý lịch tư pháp', today(0.3), 'overdue', false);
  add('SXD', 'Cấp phép xây dựng', today(0.4), 'open', true);
  add('UBND-VT', 'Hộ tịch', today(0.5), 'late', true);
  add('UBND-VT', 'Hộ tịch', today(0.6), 'cancelled', false);
  // this month
  add('STP', 'Lý lịch tư pháp', month(0.1), 'overdue', true);
  add('STP', 'Lý lịch tư pháp', month(0.3), 'on-time', false);
  add('SXD', 'Cấp phép xây dựng', month(0.2), 'late', false);
  add('SXD', 'Cấp phép xây dựng', month(0.5), 'overdue', true);
  add('UBND-VT', 'Hộ tịch', month(0.7), 'on-time', true);
  // this year
  add('STP', 'Lý lịch tư pháp', year(0.1), 'on-time', true);
  add('STP', 'Lý lịch tư pháp', year(0.2), 'late', false);
  add('SXD', 'Cấp phép xây dựng', year(0.3), 'overdue', false);
  add('SXD', 'Cấp phép xây dựng', year(0.4), 'on-time', true);
  add('UBND-VT', 'Hộ tịch', year(0.5), 'open', false);
  add('UBND-VT', 'Hộ tịch', year(0.6), 'on-time', true);
  // last year: counted nowhere (still overdue, but outside this year's window)
  add('STP', 'Lý lịch tư pháp', lastYear(0.5), 'overdue', true);
  add('SXD', 'Cấp phép xây dựng', lastYear(0.7), 'on-time', true);
  return plans;
}

type Scope = 'today' | 'month' | 'year';
type Metric = 'received' | 'online' | 'completed' | 'onTime' | 'late' | 'overdue' | 'inProgress';

/** The dossiers a figure counts, by the contract in src-shared/model/kpi.ts, computed here. */
function dossiersOf(plans: readonly Plan[], nowMs: number, scope: Scope, metric: Metric, agency?: string): string[] {
  const w = periods(nowMs)[scope];
  const inWindow = (ms: number | null): boolean => ms !== null && ms >= w.from && ms < w.to;
  return plans
    .filter((p) => agency === undefined || p.agency === agency)
    .filter((p) => {
      const open = !p.cancelled && p.completedMs === null;
      switch (metric) {
        case 'received':
          return inWindow(p.receivedMs);
        case 'online':
          return inWindow(p.receivedMs) && p.online;
        case 'completed':
          return !p.cancelled && inWindow(p.completedMs);
        case 'onTime':
          return !p.cancelled && inWindow(p.completedMs) && p.completedMs! <= p.dueMs;
        case 'late':
          return !p.cancelled && inWindow(p.completedMs) && p.completedMs! > p.dueMs;
        case 'inProgress':
          return inWindow(p.receivedMs) && open;
        case 'overdue':
          return inWindow(p.receivedMs) && open && p.dueMs < nowMs;
      }
    })
    .map((p) => p.code)
    .sort();
}

async function startPortal(records: () => Record<string, unknown>[]): Promise<{ server: Server; url: string; requests: number }> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    if (url.pathname !== '/api/ho-so') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"loi":"Không tìm thấy"}');
      return;
    }
    state.requests++;
    const since = url.searchParams.get('updated_since');
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const parse = (text: string): number => {
      const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
      return m ? Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +m[4]!, +m[5]!, +m[6]!) - VN : Date.parse(text);
    };
    const sinceMs = since ? parse(since) : -Infinity;
    const matching = records()
      .filter((r) => parse(r.NgayCapNhat as string) >= sinceMs)
      .sort((a, b) => parse(a.NgayCapNhat as string) - parse(b.NgayCapNhat as string) || String(a.MaHoSo).localeCompare(String(b.MaHoSo)));
    const body = JSON.stringify({ data: matching.slice(0, limit), total: matching.length });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
  };
}

// ───────────────────────────────────────────── the stack

let dirs: { remove(): Promise<void> }[] = [];
let portal: Awaited<ReturnType<typeof startPortal>>;
let server: ServerProcess;
let kiosk: KioskProcess;
let board: Page;
let plans: Plan[];

function figure(page: Page, scope: Scope, metric: Metric, agencyId = '', field = ''): Locator {
  return page.locator(`[data-testid="kpi-figure"][data-scope="${scope}"][data-metric="${metric}"][data-agency-id="${agencyId}"][data-field="${field}"]`).first();
}

async function showPage(page: Page, name: 'totals' | 'agencies' | 'fields' | 'trend' | 'overdue'): Promise<void> {
  await page.locator(`[data-testid="kpi-page-button"][data-page="${name}"]`).click();
  await expect(page.getByTestId('kpi-wall')).toHaveAttribute('data-page', name);
}

async function drillCodes(page: Page): Promise<string[]> {
  await expect(page.getByTestId('kpi-drill')).toHaveAttribute('data-status', 'ready');
  const codes = await page.locator('[data-testid="kpi-drill-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code') ?? ''));
  return codes.sort();
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  plans = makePlans(Date.now());
  portal = await startPortal(() => plans.map(record));
  const serverDir = await tempDir('kpi-server');
  const wsDir = await tempDir('kpi-ws');
  dirs = [serverDir, wsDir];
  const configFile = path.join(serverDir.dir, 'portal.json');
  await writeFile(
    configFile,
    JSON.stringify({
      mappings: [MAPPING_FILE],
      agencies: AGENCIES,
      connectors: [
        {
          id: 'e2e-portal',
          name: 'Cổng dịch vụ công (kiểm thử)',
          baseUrl: portal.url,
          path: '/api/ho-so',
          params: { updatedSince: 'updated_since', limit: 'limit', watermarkFormat: 'dd/MM/yyyy HH:mm:ss' },
          pageSize: 500,
          recordsPath: 'data',
          mapping: 'demo-portal',
          intervalMs: 1000,
          timeoutMs: 5000,
          staleAfterMs: 120_000,
        },
      ],
    }),
  );
  server = new ServerProcess(serverDir.dir, ['--portal-config', configFile, '--portal-warning-interval', '500']);
  await server.start();
  kiosk = new KioskProcess('ws-kpi', wsDir.dir, DISPLAYS);
  await kiosk.start(server.url);
  board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await logIn(board, kiosk.kpiUrl, 'giamsat');
});

test.afterAll(async () => {
  await board?.close();
  await kiosk?.stop();
  await server?.stop();
  await new Promise((resolve) => portal?.server.close(resolve));
  await Promise.all(dirs.map((d) => d.remove()));
});

test('the board counts exactly what the portal holds, today, this month and this year', async () => {
  await expect(board.getByTestId('kpi-surface')).toHaveAttribute('data-variant', 'wall');
  await showPage(board, 'totals');
  const now = Date.now();
  for (const scope of ['today', 'month', 'year'] as const) {
    for (const metric of ['received', 'online', 'completed', 'onTime', 'late', 'overdue', 'inProgress'] as const) {
      const expected = dossiersOf(plans, now, scope, metric).length;
      // The first figures arrive once the server has polled the portal and the host the server.
      await expect(figure(board, scope, metric), `${scope} ${metric}`).toHaveAttribute('data-value', String(expected), { timeout: 30_000 });
    }
  }
  await expect(board.getByTestId('kpi-sources')).toContainText('Cổng dịch vụ công (kiểm thử)');
  await expect(board.getByTestId('kpi-stale')).toHaveCount(0);
  await board.screenshot({ path: 'test-results/kpi-board-totals-1920.png' });

  // Overdue per agency (this year's open dossiers past their due time).
  await showPage(board, 'overdue');
  for (const agency of AGENCIES) {
    const expected = dossiersOf(plans, now, 'year', 'overdue', agency.id).length;
    const locator = figure(board, 'year', 'overdue', agency.id);
    if (expected === 0) await expect(locator).toHaveCount(0);
    else await expect(locator, agency.id).toHaveAttribute('data-value', String(expected));
  }
  await showPage(board, 'agencies');
  for (const agency of AGENCIES) {
    for (const metric of ['received', 'completed', 'onTime', 'late'] as const) {
      await expect(figure(board, 'year', metric, agency.id), `${agency.id} ${metric}`).toHaveAttribute('data-value', String(dossiersOf(plans, now, 'year', metric, agency.id).length));
    }
  }
  // The wall board fits 1280×800 without scrolling, on every page.
  await board.setViewportSize({ width: 1280, height: 800 });
  for (const name of ['totals', 'agencies', 'fields', 'trend', 'overdue'] as const) {
    await showPage(board, name);
    const overflow = await board.evaluate(() => {
      const root = document.scrollingElement!;
      const body = document.querySelector('.kpi-wall-body') as HTMLElement;
      return { page: root.scrollHeight > root.clientHeight, body: body.scrollHeight > body.clientHeight + 1 };
    });
    expect(overflow, name).toEqual({ page: false, body: false });
  }
  await board.screenshot({ path: 'test-results/kpi-board-overdue-1280.png' });
  await board.setViewportSize({ width: 1920, height: 1080 });
});

test('a figure lists exactly the dossiers behind it', async () => {
  const now = Date.now();
  await showPage(board, 'overdue');
  await figure(board, 'year', 'overdue', 'STP').click();
  expect(await drillCodes(board)).toEqual(dossiersOf(plans, now, 'year', 'overdue', 'STP'));
  await expect(board.getByTestId('kpi-drill-total')).toHaveAttribute('data-value', String(dossiersOf(plans, now, 'year', 'overdue', 'STP').length));
  // While the drill-down is open the playlist holds still.
  await expect(board.getByTestId('kpi-rotation')).toHaveAttribute('data-paused', 'true');
  await board.screenshot({ path: 'test-results/kpi-board-drill.png' });
  await board.getByTestId('kpi-drill-close').click();

  await showPage(board, 'totals');
  await figure(board, 'today', 'received').click();
  expect(await drillCodes(board)).toEqual(dossiersOf(plans, now, 'today', 'received'));
  await board.keyboard.press('Escape');
  await expect(board.getByTestId('kpi-drill')).toHaveCount(0);

  // The desk: the same figures in tables, filters, and the list's CSV from the server.
  await board.getByTestId('kpi-variant-toggle').click();
  await expect(board.getByTestId('kpi-desk')).toBeVisible();
  await board.getByTestId('kpi-filter-scope').selectOption('month');
  await expect(figure(board, 'month', 'late', 'SXD')).toHaveAttribute('data-value', String(dossiersOf(plans, now, 'month', 'late', 'SXD').length));
  await figure(board, 'month', 'completed').click();
  expect(await drillCodes(board)).toEqual(dossiersOf(plans, now, 'month', 'completed'));
  const csvDownload = board.waitForEvent('download');
  await board.getByTestId('kpi-drill-export-csv').click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^kpi-month-completed.*\.csv$/);
  const csvText = await readFile((await csv.path())!, 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  expect(csvText).toContain('Mã hồ sơ');
  const csvCodes = csvText.split('\r\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]).sort();
  expect(csvCodes).toEqual(dossiersOf(plans, now, 'month', 'completed'));
  const pdfDownload = board.waitForEvent('download');
  await board.getByTestId('kpi-drill-export-pdf').click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(/^kpi-month-completed.*\.pdf$/);
  const pdfBytes = await readFile((await pdf.path())!);
  expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfBytes.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
  await board.getByTestId('kpi-drill-close').click();
  await board.getByTestId('kpi-variant-toggle').click();
  await expect(board.getByTestId('kpi-wall')).toBeVisible();
});

test('an overdue dossier is an alert on the console, naming its agency', async ({ browser }) => {
  const overdue = plans.find((p) => p.agency === 'SXD' && p.completedMs === null && !p.cancelled && p.dueMs < Date.now() && p.receivedMs >= periods(Date.now()).year.from)!;
  const consolePage = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await consolePage.goto(kiosk.consoleUrl);
    await expect(consolePage.getByTestId('current-user')).toBeVisible();
    const row = consolePage.locator('[data-testid="alert-row"]', { hasText: `Hồ sơ ${overdue.code} đã quá hạn xử lý – Sở Xây dựng` });
    await expect(row).toHaveCount(1, { timeout: 30_000 });
  } finally {
    await consolePage.close();
  }
});

test('with the server gone the board keeps its figures and says they are old', async () => {
  await showPage(board, 'totals');
  const now = Date.now();
  const before = await figure(board, 'year', 'received').getAttribute('data-value');
  expect(before).toBe(String(dossiersOf(plans, now, 'year', 'received').length));
  await server.stop();
  const stale = board.getByTestId('kpi-stale');
  await expect(stale).toBeVisible({ timeout: 20_000 });
  await expect(stale).toHaveAttribute('data-reason', 'cached');
  await expect(stale).toContainText('cập nhật');
  // The cached figures are still on screen, unchanged.
  await expect(figure(board, 'year', 'received')).toHaveAttribute('data-value', before!);
  await expect(figure(board, 'today', 'overdue')).toHaveAttribute('data-value', String(dossiersOf(plans, now, 'today', 'overdue').length));
  // A figure opened before answers from the workstation's copy.
  await figure(board, 'today', 'received').click();
  expect(await drillCodes(board)).toEqual(dossiersOf(plans, now, 'today', 'received'));
  await expect(board.getByTestId('kpi-drill-cached')).toBeVisible();
  await board.screenshot({ path: 'test-results/kpi-board-stale.png' });
  await board.keyboard.press('Escape');
});
