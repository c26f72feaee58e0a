import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { encodeRgbPng } from '../../server/media/png-encoder.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { KioskProcess, ServerProcess, logIn, tempDir } from './e2e-stack.js';

/**
 * The field-reports desk end to end: citizens' reports come in through Open311 on a real
 * server (`--demo`: demo departments and routing rules), a kiosk workstation shows the
 * desk (surface 'reports') and the console (the unified alert queue) in Chromium, and the
 * citizen follows every public step over Open311 and on the public tracking page.
 * The workstation reaches the server through a fault proxy, so the outage at the end
 * cuts the desk off while citizens (and this test) still reach the server.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const API_KEY = 'e2e-reports-desk-key-7f3a9c';
/** The one service with a centre-set SLA of about a second (0.0003 h ≈ 1.08 s): nothing else becomes overdue. */
const SLA_CODE = 'an-toan-thuc-pham'; // demo rule: province-wide → so-y-te
const DISPLAYS = [
  { match: { index: 0 }, surface: 'reports', priority: 0 },
  { match: { index: 1 }, surface: 'console', priority: 1 },
];
const VIEWPORT = { width: 1600, height: 900 };
/** Demo unit centres (server/demo/demo-seed.ts). */
const VI_THANH = { lat: 9.785, lon: 105.47 };
const NGA_BAY = { lat: 9.815, lon: 105.82 };
/** `m` metres north and `e` metres east of a point. */
const offset = (p: { lat: number; lon: number }, m: number, e = 0) => ({ lat: p.lat + m / 111_195, lon: p.lon + e / (111_195 * Math.cos((p.lat * Math.PI) / 180)) });

let dirs: { remove(): Promise<void> }[] = [];
let serverDir = '';
let server: ServerProcess;
let proxy: FaultProxy;
let kiosk: KioskProcess;
let desk: Page;
let consolePage: Page;

// ---------------------------------------------------------------- citizen side (HTTP)

interface Posted {
  id: string;
  token: string;
  /** Date.now() once the POST's response was read. */
  answeredAt: number;
}

interface CitizenView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  agency_responsible: string;
  media_url: string;
  expected_datetime: string | null;
  requested_datetime: string;
  extended_attributes: { extended_status: string; duplicate_of: string | null; timeline: { datetime: string; extended_status: string; note: string }[] };
}

/** A small real PNG (a gradient), as a phone would attach it. */
function photo(): Buffer {
  const width = 64;
  const height = 48;
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) rows.set([x * 4, y * 5, 120], row + 1 + x * 3);
  }
  return encodeRgbPng(width, height, rows);
}

/** POST /open311/v2/requests.json: form-encoded, or multipart with a `media` photo. */
async function submit(fields: Record<string, string>, media?: Buffer): Promise<Posted> {
  const all = { api_key: API_KEY, first_name: 'Lan', last_name: 'Trần', email: 'lan.tran@example.vn', phone: '0912345678', ...fields };
  let body: URLSearchParams | FormData;
  if (media) {
    const form = new FormData();
    for (const [k, v] of Object.entries(all)) form.append(k, v);
    form.append('media', new Blob([new Uint8Array(media)], { type: 'image/png' }), 'hien-truong.png');
    body = form;
  } else {
    body = new URLSearchParams(all);
  }
  const response = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body });
  const text = await response.text();
  const answeredAt = Date.now();
  expect(response.status, text).toBe(200);
  const [answer] = JSON.parse(text) as { service_request_id: string; token: string }[];
  expect(answer?.service_request_id).toMatch(/^PA-\d{8}-\d{4}$/);
  return { id: answer!.service_request_id, token: answer!.token, answeredAt };
}

function at(p: { lat: number; lon: number }): { lat: string; long: string } {
  return { lat: p.lat.toFixed(6), long: p.lon.toFixed(6) };
}

/** What the citizen's app sees: GET requests/{id}.json with Vigil's extensions (public steps only). */
async function citizen(id: string): Promise<CitizenView> {
  const response = await fetch(`${server.url}/open311/v2/requests/${encodeURIComponent(id)}.json?extensions=true`);
  expect(response.status).toBe(200);
  const [entry] = (await response.json()) as CitizenView[];
  return entry!;
}

/** The public tracking page (no login), as HTML text. */
async function publicPage(id: string): Promise<string> {
  const response = await fetch(`${server.url}/theo-doi/${encodeURIComponent(id)}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The server's event log for some reports (read-only look at the server's SQLite file). */
function serverEvents(reportIds: readonly string[]): { type: string; subject: string; commandId: string | null }[] {
  const db = new Database(path.join(serverDir, 'vigil.db'), { readonly: true, fileMustExist: true });
  try {
    const marks = reportIds.map(() => '?').join(',');
    return db
      .prepare(`SELECT type, subject, command_id AS commandId FROM events WHERE subject IN (${marks}) ORDER BY seq`)
      .all(...reportIds) as { type: string; subject: string; commandId: string | null }[];
  } finally {
    db.close();
  }
}

const countOf = <T>(items: readonly T[], pick: (t: T) => boolean): number => items.filter(pick).length;

// ---------------------------------------------------------------- desk side (Chromium)

function row(id: string): Locator {
  return desk.locator(`[data-testid="report-row"][data-report-id="${id}"]`);
}

function timeline(action?: string): Locator {
  return desk.locator(`[data-testid="report-detail"] [data-testid="report-timeline"] li${action ? `[data-action="${action}"]` : '[data-action]'}`);
}

async function openReport(id: string): Promise<void> {
  await row(id).locator('td').nth(1).click();
  await expect(desk.getByTestId('report-detail')).toHaveAttribute('data-report-id', id);
}

async function statusFilter(status: string, on: boolean): Promise<void> {
  const box = desk.locator(`[data-testid="report-filter-status"] input[type="checkbox"][value="${status}"]`);
  if ((await box.isChecked()) !== on) await box.click();
  await expect(box).toBeChecked({ checked: on });
}

interface FormFields {
  serviceCode?: string;
  departmentId?: string;
  text?: string;
  visibility?: 'public' | 'internal';
  intoReportId?: string;
}

async function fillAndSubmit(fields: FormFields): Promise<void> {
  const form = desk.getByTestId('report-action-form');
  await expect(form).toBeVisible();
  if (fields.serviceCode !== undefined) await form.locator('select[name="serviceCode"]').selectOption(fields.serviceCode);
  if (fields.departmentId !== undefined) await form.locator('select[name="departmentId"]').selectOption(fields.departmentId);
  if (fields.text !== undefined) await form.locator('textarea[name="text"]').fill(fields.text);
  if (fields.visibility !== undefined) await form.locator('select[name="visibility"]').selectOption(fields.visibility);
  if (fields.intoReportId !== undefined) await form.locator('input[name="intoReportId"]').fill(fields.intoReportId);
  await form.getByTestId('report-action-submit').click();
  await expect(form).toBeHidden();
}

/** One step on the selected report through the detail's button and the action form. */
async function act(action: string, fields: FormFields = {}): Promise<void> {
  await desk.getByTestId(`report-action-${action}`).click();
  await fillAndSubmit(fields);
}

/** A step has landed when the row no longer waits in the outbox and shows the status. */
async function landed(id: string, status: string): Promise<void> {
  await expect(row(id)).toHaveAttribute('data-status', status, { timeout: 20_000 });
  await expect(row(id)).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
}

async function openSurface(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.on('pageerror', (error) => console.log(`[page error] ${url}: ${error.message}`));
  return page;
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  const s = await tempDir('reports-server');
  const k = await tempDir('reports-kiosk');
  dirs = [s, k];
  serverDir = s.dir;
  server = new ServerProcess(serverDir, ['--report-sla-hours', `${SLA_CODE}=0.0003`, '--report-sla-interval', '300'], { VIGIL_OPEN311_API_KEYS: API_KEY });
  await server.start();
  proxy = await FaultProxy.start(server.port);
  kiosk = new KioskProcess('ws-reports', k.dir, DISPLAYS);
  await kiosk.start(proxy.url);
  expect(kiosk.reportsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

  desk = await openSurface(browser, kiosk.reportsUrl);
  await logIn(desk, kiosk.reportsUrl, 'vanhanh1');
  await expect(desk.getByTestId('report-queue')).toBeVisible();
  // The session belongs to the workstation: its console window is signed in too.
  consolePage = await openSurface(browser, kiosk.consoleUrl);
  await consolePage.goto(kiosk.consoleUrl);
  await expect(consolePage.getByTestId('current-user').or(consolePage.getByTestId('login-username'))).toBeVisible();
  if (await consolePage.getByTestId('login-username').isVisible()) await logIn(consolePage, kiosk.consoleUrl, 'vanhanh1');
  await expect(consolePage.getByTestId('alert-queue')).toBeVisible();
});

test.afterAll(async () => {
  await desk?.close();
  await consolePage?.close();
  await kiosk?.stop();
  await proxy?.close();
  await server?.stop();
  for (const d of dirs) await d.remove();
});

test('a citizen report is routed by rule, on the desk within 2 s, taken through to resolved; the citizen sees each public step', async () => {
  const place = offset(VI_THANH, 120, 80);
  const posted = await submit(
    {
      service_code: 'moi-truong',
      ...at(place),
      address_string: 'Hẻm 12 đường Trần Hưng Đạo, phường 1, Vị Thanh',
      description: 'Rác thải sinh hoạt đổ tràn ra lòng đường, bốc mùi hôi thối suốt ba ngày nay, người dân đi lại rất khó khăn.',
    },
    photo(),
  );
  // Live delivery: server → host → desk, measured from the POST's answer to the row on screen.
  await row(posted.id).waitFor({ state: 'visible', timeout: 30_000 });
  const deliveryMs = Date.now() - posted.answeredAt;
  test.info().annotations.push({ type: 'delivery-ms', description: String(deliveryMs) });
  console.log(`[reports-desk] ${posted.id}: POST answered → row visible in ${deliveryMs} ms`);
  expect(deliveryMs).toBeLessThan(2000);

  // Routed by the demo rule moi-truong → Sở Tài nguyên và Môi trường, as 'system'.
  await expect(row(posted.id)).toHaveAttribute('data-status', 'forwarded');
  await openReport(posted.id);
  await expect(desk.getByTestId('report-status')).toHaveAttribute('data-status', 'forwarded');
  await expect(desk.getByTestId('report-department')).toHaveAttribute('data-department-id', 'so-tnmt');
  await expect(timeline()).toHaveCount(3);
  expect(await timeline().evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')))).toEqual(['receive', 'classify', 'forward']);
  const img = desk.locator('[data-testid="report-detail"] img[data-testid="report-photo"]');
  await expect(img).toHaveCount(1);
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBe(64);

  let seen = await citizen(posted.id);
  expect(seen).toMatchObject({ status: 'open', agency_responsible: 'Sở Tài nguyên và Môi trường', extended_attributes: { extended_status: 'forwarded' } });
  expect(seen.status_notes).toContain('Sở Tài nguyên và Môi trường');
  expect(seen.media_url).toMatch(/\/media\/[0-9a-f]{32}\.png$/);

  // Start with a public note.
  const startNote = 'Đội vệ sinh môi trường phường 1 đã được điều động đến hiện trường.';
  await act('start', { text: startNote });
  await landed(posted.id, 'in_progress');
  await expect.poll(async () => (await citizen(posted.id)).extended_attributes.extended_status, { timeout: 15_000 }).toBe('in_progress');
  seen = await citizen(posted.id);
  expect(seen).toMatchObject({ status: 'open', status_notes: startNote });
  let page = await publicPage(posted.id);
  expect(page).toContain('Đang xử lý');
  expect(page).toContain(startNote);

  // An internal note: on the desk's timeline, never in front of the citizen.
  const internalNote = 'Nội bộ: chủ hộ số 14 tái phạm, đề nghị phường lập biên bản.';
  await act('note', { text: internalNote, visibility: 'internal' });
  await expect(timeline('note')).toHaveCount(1, { timeout: 20_000 });
  await expect(timeline('note')).toHaveAttribute('data-visibility', 'internal');
  await expect(row(posted.id)).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });

  // Resolve with the public result; the row leaves the default (open) filter, so show resolved ones too.
  const resolveNote = 'Đã thu gom toàn bộ rác thải và vệ sinh mặt đường; phường đã lắp biển cấm đổ rác.';
  await act('resolve', { text: resolveNote });
  await statusFilter('resolved', true);
  await landed(posted.id, 'resolved');
  await expect.poll(async () => (await citizen(posted.id)).extended_attributes.extended_status, { timeout: 15_000 }).toBe('resolved');
  seen = await citizen(posted.id);
  expect(seen).toMatchObject({ status: 'closed', status_notes: resolveNote });
  expect(seen.extended_attributes.timeline.map((s) => s.extended_status)).toEqual(['received', 'classified', 'forwarded', 'in_progress', 'resolved']);
  expect(JSON.stringify(seen)).not.toContain(internalNote);
  expect(JSON.stringify(seen)).not.toContain('lan.tran@example.vn');

  page = await publicPage(posted.id);
  for (const text of ['Tiếp nhận', 'Đã phân loại', 'Đã chuyển Sở Tài nguyên và Môi trường', 'Đang xử lý', startNote, 'Đã giải quyết', resolveNote, 'Đã đóng']) {
    expect(page, text).toContain(text);
  }
  expect(page).not.toContain('Nội bộ');
  expect(page).not.toContain('lập biên bản');
  expect(page).not.toContain('lan.tran@example.vn');
  await statusFilter('resolved', false);
});

test('a report no rule routes waits in triage; the operator classifies and forwards it', async () => {
  const posted = await submit({
    service_code: 'khac',
    ...at(offset(NGA_BAY, -60, 40)),
    address_string: 'Chợ nổi Ngã Bảy, phường Ngã Bảy',
    description: 'Nắp cống thoát nước trước chợ bị vỡ, nước thải chảy tràn ra đường mỗi khi mưa lớn.',
  });
  await expect(row(posted.id)).toHaveAttribute('data-status', 'received', { timeout: 15_000 });
  // '/' focuses the search (shortcuts are off while a form field has the focus); the id finds the report.
  await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await desk.keyboard.press('/');
  await expect(desk.getByTestId('report-search')).toBeFocused();
  await desk.keyboard.type(posted.id);
  await expect(desk.getByTestId('report-row')).toHaveCount(1);
  await desk.getByTestId('report-search').fill('');
  await desk.getByTestId('report-search').blur();

  await openReport(posted.id);
  await expect(desk.getByTestId('report-department')).toHaveAttribute('data-department-id', '');
  expect((await citizen(posted.id)).extended_attributes.extended_status).toBe('received');

  // Keyboard: x checks the selected row (the bulk bar shows) and unchecks it; c opens classify, Escape closes it.
  await desk.keyboard.press('x');
  await expect(row(posted.id).getByTestId('report-check')).toBeChecked();
  await expect(desk.getByTestId('report-bulk')).toBeVisible();
  await desk.keyboard.press('x');
  await expect(row(posted.id).getByTestId('report-check')).not.toBeChecked();
  await expect(desk.getByTestId('report-bulk')).toBeHidden();
  await desk.keyboard.press('c');
  await expect(desk.getByTestId('report-action-form')).toHaveAttribute('data-action', 'classify');
  await desk.keyboard.press('Escape');
  await expect(desk.getByTestId('report-action-form')).toBeHidden();

  await desk.keyboard.press('c');
  await fillAndSubmit({ serviceCode: 'cap-thoat-nuoc' });
  await landed(posted.id, 'classified');
  await expect(desk.getByTestId('report-status')).toHaveAttribute('data-status', 'classified');

  await act('forward', { departmentId: 'so-xay-dung' });
  await landed(posted.id, 'forwarded');
  await expect(desk.getByTestId('report-department')).toHaveAttribute('data-department-id', 'so-xay-dung');
  expect(await timeline().evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')))).toEqual(['receive', 'classify', 'forward']);

  await expect.poll(async () => (await citizen(posted.id)).extended_attributes.extended_status, { timeout: 15_000 }).toBe('forwarded');
  const seen = await citizen(posted.id);
  expect(seen).toMatchObject({ status: 'open', agency_responsible: 'Sở Xây dựng', status_notes: 'Phản ánh đã được chuyển đến Sở Xây dựng xử lý.' });
  const page = await publicPage(posted.id);
  expect(page).toContain('Đã phân loại');
  expect(page).toContain('Đã chuyển Sở Xây dựng');
});

test('a report past the centre\'s SLA raises an alert naming the department and is marked overdue on the desk', async () => {
  const posted = await submit({
    service_code: SLA_CODE,
    ...at(offset(VI_THANH, -300, -200)),
    address_string: 'Quán ăn đường 30/4, phường 5, Vị Thanh',
    description: 'Quán ăn dùng dầu chiên đen đặc, tái sử dụng nhiều lần, có nhiều người bị đau bụng sau khi ăn.',
  });
  // Due about a second after receipt (--report-sla-hours an-toan-thuc-pham=0.0003), checked every 300 ms.
  const seen = await citizen(posted.id);
  expect(Date.parse(seen.expected_datetime!) - Date.parse(seen.requested_datetime)).toBeLessThanOrEqual(2000);
  expect(seen.agency_responsible).toBe('Sở Y tế');

  const alert = consolePage.locator('[data-testid="alert-row"]', { hasText: `${posted.id} đã quá hạn xử lý` });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText('Sở Y tế');

  await expect(row(posted.id)).toHaveAttribute('data-overdue', 'true', { timeout: 20_000 });
  await desk.getByTestId('report-filter-overdue').check();
  await expect(row(posted.id)).toBeVisible();
  // Only overdue reports remain (the others have the catalogue's SLA of a day or more).
  await expect(desk.locator('[data-testid="report-row"][data-overdue="false"]')).toHaveCount(0);
  await desk.getByTestId('report-filter-overdue').uncheck();
});

test('two reports of one service within 50 m: the second suggests the first; merged, it becomes a duplicate the citizen sees', async () => {
  const spot = offset(NGA_BAY, 250, -150);
  const first = await submit({
    service_code: 'cap-thoat-nuoc',
    ...at(spot),
    address_string: 'Đường Hùng Vương, phường Lái Hiếu, Ngã Bảy',
    description: 'Đường ngập sâu khoảng 30 cm sau cơn mưa chiều, nước không rút được.',
  });
  const second = await submit({
    service_code: 'cap-thoat-nuoc',
    ...at(offset(spot, 25, 10)),
    address_string: 'Trước số 45 Hùng Vương, Ngã Bảy',
    description: 'Ngập nặng trước nhà, xe máy chết máy giữa đường.',
  });
  await expect(row(second.id)).toBeVisible({ timeout: 15_000 });
  await openReport(second.id);
  const suggestion = desk.locator(`[data-testid="report-duplicate"][data-report-id="${first.id}"]`);
  await expect(suggestion).toBeVisible();
  await suggestion.getByTestId('report-merge-into').click();

  await statusFilter('duplicate', true);
  await landed(second.id, 'duplicate');
  await expect.poll(async () => (await citizen(second.id)).extended_attributes.extended_status, { timeout: 15_000 }).toBe('duplicate');
  const seen = await citizen(second.id);
  expect(seen.status).toBe('closed');
  expect(seen.extended_attributes.duplicate_of).toBe(first.id);
  expect(seen.status_notes).toContain(first.id);
  expect(await publicPage(second.id)).toContain(`Trùng với #${first.id}`);
  // The first one is untouched and still open.
  expect((await citizen(first.id)).extended_attributes.extended_status).toBe('forwarded');
  await statusFilter('duplicate', false);
});

test('offline: steps and a bulk step are queued on the desk and land exactly once when the network is back', async () => {
  // Four reports the demo rule sends to UBND thành phố Vị Thanh (trật tự đô thị, per unit), 200 m apart.
  const posted: Posted[] = [];
  for (let i = 0; i < 4; i++) {
    posted.push(
      await submit({
        service_code: 'trat-tu-do-thi',
        ...at(offset(VI_THANH, 600 + i * 200, 300)),
        address_string: `Vỉa hè số ${20 + i} đường Nguyễn Công Trứ, Vị Thanh`,
        description: `Hàng quán lấn chiếm vỉa hè số ${20 + i}, người đi bộ phải xuống lòng đường.`,
      }),
    );
  }
  const [a, b, c, d] = posted.map((p) => p.id) as [string, string, string, string];
  for (const id of [a, b, c, d]) await expect(row(id)).toHaveAttribute('data-status', 'forwarded', { timeout: 15_000 });
  // j / k move the selection down and up the queue.
  await openReport(b);
  const order = await desk.getByTestId('report-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report-id')));
  const place = order.indexOf(b);
  expect(place).toBeGreaterThan(0);
  await desk.keyboard.press('j');
  await expect(desk.getByTestId('report-detail')).toHaveAttribute('data-report-id', order[place + 1] ?? b);
  await desk.keyboard.press('k');
  await desk.keyboard.press('k');
  await expect(desk.getByTestId('report-detail')).toHaveAttribute('data-report-id', order[place - 1]!);
  await statusFilter('resolved', true); // B is resolved offline: keep it in view
  const before = serverEvents([a, b, c, d]).length;

  // Cut the workstation off (the cable pulled upstream: nothing closes, bytes vanish).
  proxy.blackhole(true);
  const indicator = desk.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-connection', 'offline', { timeout: 30_000 });

  const forwardNote = 'Chuyển Sở Xây dựng: công trình xây dựng lấn chiếm vỉa hè.';
  await openReport(a);
  await act('forward', { departmentId: 'so-xay-dung' });
  await act('note', { text: forwardNote, visibility: 'public' });
  await openReport(b);
  const resolveNote = 'Đội trật tự đô thị đã giải tỏa, vỉa hè thông thoáng.';
  await act('resolve', { text: resolveNote });
  // Bulk: start on C and D.
  await row(c).getByTestId('report-check').check();
  await row(d).getByTestId('report-check').check();
  await expect(desk.getByTestId('report-bulk')).toBeVisible();
  await desk.getByTestId('report-bulk-start').click();
  await fillAndSubmit({ text: 'Tổ công tác phường đang xử lý.' });

  for (const id of [a, b, c, d]) await expect(row(id)).toHaveAttribute('data-pending', 'true');
  await expect(row(a)).toHaveAttribute('data-status', 'forwarded');
  await expect(row(b)).toHaveAttribute('data-status', 'resolved');
  await expect(row(c)).toHaveAttribute('data-status', 'in_progress');
  await expect(row(d)).toHaveAttribute('data-status', 'in_progress');
  await expect(desk.getByTestId('report-outcome')).toHaveAttribute('data-status', 'queued');
  await expect(indicator).toHaveAttribute('data-queued', '5');
  // Nothing reached the server while cut off.
  expect(serverEvents([a, b, c, d])).toHaveLength(before);
  expect((await citizen(a)).agency_responsible).toBe('UBND thành phố Vị Thanh');
  await desk.screenshot({ path: 'test-results/reports-desk-offline-queued.png' });

  proxy.blackhole(false);
  await expect(indicator).toHaveAttribute('data-connection', 'online', { timeout: 30_000 });
  await expect(indicator).toHaveAttribute('data-queued', '0', { timeout: 30_000 });
  for (const id of [a, b, c, d]) await expect(row(id)).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });

  // Over HTTP: each step once in the citizen's public timeline.
  await expect.poll(async () => (await citizen(d)).extended_attributes.extended_status, { timeout: 15_000 }).toBe('in_progress');
  const seenA = await citizen(a);
  expect(seenA).toMatchObject({ agency_responsible: 'Sở Xây dựng', status_notes: forwardNote, extended_attributes: { extended_status: 'forwarded' } });
  expect(seenA.extended_attributes.timeline.map((s) => s.extended_status)).toEqual(['received', 'classified', 'forwarded', 'forwarded', 'forwarded']);
  expect(countOf(seenA.extended_attributes.timeline, (s) => s.note === forwardNote)).toBe(1);
  const seenB = await citizen(b);
  expect(seenB).toMatchObject({ status: 'closed', status_notes: resolveNote });
  expect(countOf(seenB.extended_attributes.timeline, (s) => s.extended_status === 'resolved')).toBe(1);
  for (const id of [c, d]) {
    const seen = await citizen(id);
    expect(seen.extended_attributes.extended_status).toBe('in_progress');
    expect(countOf(seen.extended_attributes.timeline, (s) => s.extended_status === 'in_progress')).toBe(1);
  }

  // The server's event log: one event per queued step, each command applied once.
  const events = serverEvents([a, b, c, d]);
  const fromDesk = events.filter((e) => e.commandId !== null);
  expect(fromDesk).toHaveLength(5);
  expect(new Set(fromDesk.map((e) => e.commandId)).size).toBe(5);
  expect(fromDesk.map((e) => `${e.subject} ${e.type}`).sort()).toEqual(
    [`${a} report.forwarded`, `${a} report.noted`, `${b} report.resolved`, `${c} report.started`, `${d} report.started`].sort(),
  );

  // And the desk shows each step once.
  await openReport(a);
  await expect(timeline('note')).toHaveCount(1);
  await expect(timeline('forward')).toHaveCount(2);
  await statusFilter('resolved', false);
});
