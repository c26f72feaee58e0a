import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { startDemoCameras, type DemoCameras } from '../../server/demo/demo-cameras.js';
import { KioskProcess, ServerProcess, draft, logIn, openAlert, tempDir } from './e2e-stack.js';

/**
 * The video wall end to end: real ffmpeg live encoders (one per camera), a real
 * server process with the cameras imported by an admin, two kiosk workstations
 * each with a console and a wall monitor, Chromium playing the streams with hls.js.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const WALL_DISPLAY = { match: { index: 1 }, surface: 'wall', wall: { id: 'wall-1', label: 'Tường chính', takeover: 'display', streamCap: 16 } };
const DISPLAYS = [{ match: { index: 0 }, surface: 'console', priority: 0 }, WALL_DISPLAY];
// B's wall: a small stream budget, and an alarm takes one tile rather than the whole monitor.
const DISPLAYS_B = [
  { match: { index: 0 }, surface: 'console', priority: 0 },
  { match: { index: 1 }, surface: 'wall', wall: { id: 'wall-1', label: 'Tường giám sát', takeover: 'tiles', takeoverTiles: [0], streamCap: 4 } },
];

let dirs: { remove(): Promise<void> }[] = [];
let cameras: DemoCameras;
let server: ServerProcess;
let kioskA: KioskProcess;
let kioskB: KioskProcess;
let consoleA: Page;
let consoleB: Page;
let wallA: Page;
let wallB: Page;

const tile = (page: Page, index: number): Locator => page.locator(`[data-testid="wall-tile"][data-tile-index="${index}"]`).first();

async function tileCameras(page: Page): Promise<(string | null)[]> {
  return page.$$eval('[data-testid="wall-tile"]', (els) =>
    els
      .map((e) => [Number(e.getAttribute('data-tile-index')), e.getAttribute('data-camera-id') || null] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, id]) => id),
  );
}

async function frames(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="wall-tile"]', (els) =>
    els.sort((a, b) => Number(a.getAttribute('data-tile-index')) - Number(b.getAttribute('data-tile-index'))).map((e) => Number(e.getAttribute('data-frames') ?? 0)),
  );
}

async function openWall(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(url);
  await expect(page.getByTestId('wall-surface')).toHaveAttribute('data-display-id', 'wall-1');
  return page;
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  const camerasDir = await tempDir('cameras');
  const serverDir = await tempDir('server');
  const dirA = await tempDir('wall-a');
  const dirB = await tempDir('wall-b');
  dirs = [camerasDir, serverDir, dirA, dirB];
  cameras = await startDemoCameras({ dataDir: camerasDir.dir, count: 9, mode: 'live', mainStream: false });
  expect(cameras.available, cameras.reason ?? '').toBe(true);
  // Health polls every 2 s here so the registry's status follows the encoders quickly.
  server = new ServerProcess(serverDir.dir, ['--camera-health-interval', '2000']);
  await server.start();
  await server.importCameras(cameras.cameras);
  kioskA = new KioskProcess('ws-a', dirA.dir, DISPLAYS);
  kioskB = new KioskProcess('ws-b', dirB.dir, DISPLAYS_B);
  await Promise.all([kioskA.start(server.url), kioskB.start(server.url)]);
  consoleA = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  consoleB = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await logIn(consoleA, kioskA.consoleUrl, 'vanhanh1');
  await logIn(consoleB, kioskB.consoleUrl, 'giamsat');
  wallA = await openWall(browser, kioskA.wallUrl);
  wallB = await openWall(browser, kioskB.wallUrl);
  await expect(wallA.getByTestId('camera-item')).toHaveCount(9);
});

test.afterAll(async () => {
  for (const page of [wallA, wallB, consoleA, consoleB]) await page?.close();
  await Promise.all([kioskA?.stop(), kioskB?.stop()]);
  await server?.stop();
  await cameras?.close();
  await Promise.all(dirs.map((d) => d.remove()));
});

test('a 3×3 layout built by dragging cameras from the list plays all nine', async () => {
  await wallA.getByTestId('grid-3x3').click();
  await expect(wallA.getByTestId('wall-surface')).toHaveAttribute('data-grid', '3x3');
  for (let i = 0; i < 9; i++) {
    const id = cameras.cameras[i]!.id;
    await wallA.locator(`[data-testid="camera-item"][data-camera-id="${id}"]`).dragTo(tile(wallA, i));
    await expect(tile(wallA, i)).toHaveAttribute('data-camera-id', id);
  }
  for (let i = 0; i < 9; i++) await expect(tile(wallA, i)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  const before = await frames(wallA);
  await wallA.waitForTimeout(3000);
  const after = await frames(wallA);
  // 3 s at 25 fps is 75 frames; every tile must have presented a good share of them.
  for (let i = 0; i < 9; i++) expect(after[i]! - before[i]!, `tile ${i} frames advanced`).toBeGreaterThan(40);
  await expect(wallA.getByTestId('wall-surface')).toHaveAttribute('data-players-alive', '9');
  await wallA.screenshot({ path: 'test-results/wall-3x3.png' });
});

test('a camera whose encoder dies goes offline within 10 s and comes back live by itself', async () => {
  const victim = cameras.cameras[4]!.id;
  await expect(tile(wallA, 4)).toHaveAttribute('data-camera-id', victim);
  const killedAt = Date.now();
  cameras.kill(victim);
  await expect(tile(wallA, 4)).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
  const offlineAfter = Date.now() - killedAt;
  expect(offlineAfter).toBeLessThan(10_000);
  console.info(`tile of ${victim} offline ${(offlineAfter / 1000).toFixed(1)} s after its encoder was killed`);
  // The other tiles keep playing.
  for (const i of [0, 8]) await expect(tile(wallA, i)).toHaveAttribute('data-state', 'live');
  await wallA.screenshot({ path: 'test-results/wall-camera-offline.png' });

  await cameras.restart(victim);
  const restartedAt = Date.now();
  await expect(tile(wallA, 4)).toHaveAttribute('data-state', 'live', { timeout: 40_000 });
  console.info(`tile of ${victim} live again ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after its encoder restarted`);
  const f0 = Number(await tile(wallA, 4).getAttribute('data-frames'));
  await wallA.waitForTimeout(2000);
  expect(Number(await tile(wallA, 4).getAttribute('data-frames'))).toBeGreaterThan(f0 + 20);
});

test('a layout saved on one workstation appears on the other', async () => {
  const expected = await tileCameras(wallA);
  await wallA.getByTestId('layout-name').fill('Giao thông trung tâm');
  await wallA.getByTestId('layout-save').click();
  const picker = wallB.getByTestId('layout-open');
  await expect(picker.locator('option', { hasText: 'Giao thông trung tâm' })).toHaveCount(1, { timeout: 15_000 });
  const value = await picker.locator('option', { hasText: 'Giao thông trung tâm' }).getAttribute('value');
  await picker.selectOption(value!);
  await expect(wallB.getByTestId('wall-surface')).toHaveAttribute('data-grid', '3x3');
  await expect.poll(() => tileCameras(wallB)).toEqual(expected);
  await expect(tile(wallB, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  // B's monitor may play 4 streams: the other 5 tiles say so instead of loading.
  await expect(wallB.getByTestId('tile-over-budget')).toHaveCount(5);
  await expect(tile(wallB, 8)).toHaveAttribute('data-state', 'paused-budget');
  await expect(wallB.getByTestId('stream-count')).toHaveAttribute('data-playing', '4');
  await expect(wallB.getByTestId('wall-surface')).toHaveAttribute('data-players-alive', '4');
});

test('a tour made on the wall cycles a camera group through the tiles', async () => {
  // One tile, and a group of three of the nine cameras: the tour shows each in turn.
  await wallA.getByTestId('grid-1').click();
  await wallA.getByTestId('tour-new').click();
  await wallA.getByTestId('tour-name').fill('Tuần tra chợ và bến xe');
  await wallA.getByTestId('tour-source').selectOption('group:Chợ – bến xe');
  await wallA.getByTestId('tour-interval').fill('3');
  await wallA.getByTestId('tour-save').click();
  const picker = wallA.getByTestId('tour-start');
  const option = picker.locator('option', { hasText: 'Tuần tra chợ và bến xe' });
  await expect(option).toHaveCount(1, { timeout: 15_000 });
  await picker.selectOption((await option.getAttribute('value'))!);
  await expect(wallA.getByTestId('tour-status')).toBeVisible();
  const group = cameras.cameras.filter((c) => (c.groups ?? []).includes('Chợ – bến xe')).map((c) => c.id);
  expect(group).toHaveLength(3);
  const seen = new Set<string>();
  const deadline = Date.now() + 12_000;
  while (Date.now() < deadline && seen.size < 3) {
    const shown = (await tileCameras(wallA))[0];
    if (shown) seen.add(shown);
    await wallA.waitForTimeout(250);
  }
  expect([...seen].sort()).toEqual([...group].sort());
  await wallA.getByTestId('tour-stop').click();
  await expect(wallA.getByTestId('tour-status')).toHaveCount(0);
});

test('an alert with cameras takes over the wall; acknowledging it restores the layout', async () => {
  const picker = wallA.getByTestId('layout-open');
  await picker.selectOption((await picker.locator('option', { hasText: 'Giao thông trung tâm' }).getAttribute('value'))!);
  await expect(wallA.getByTestId('wall-surface')).toHaveAttribute('data-grid', '3x3');
  const layout = await tileCameras(wallA);

  const related = [cameras.cameras[2]!.id, cameras.cameras[6]!.id];
  const alertId = await server.raise(draft('Ùn tắc nghiêm trọng tại nút giao Trần Hưng Đạo', { cameraIds: related }));
  const surface = wallA.getByTestId('wall-surface');
  await expect(surface).toHaveAttribute('data-takeover-alert-id', alertId);
  await expect(wallA.getByTestId('takeover-banner')).toContainText('Ùn tắc nghiêm trọng');
  await expect.poll(async () => (await tileCameras(wallA)).filter(Boolean)).toEqual(related);
  await expect(tile(wallA, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await wallA.screenshot({ path: 'test-results/wall-takeover.png' });
  // B takes over one tile only; the rest of its layout stays.
  const takenOnB = wallB.locator('[data-testid="wall-tile"][data-takeover="true"]');
  await expect(takenOnB).toHaveCount(1);
  await expect(takenOnB).toHaveAttribute('data-tile-index', '0');
  expect(related).toContain(await takenOnB.getAttribute('data-camera-id'));
  await expect(wallB.getByTestId('wall-surface')).toHaveAttribute('data-grid', '3x3');

  await openAlert(consoleA, alertId);
  await consoleA.getByTestId('action-acknowledge').click();
  await expect(surface).toHaveAttribute('data-takeover-alert-id', '');
  await expect.poll(() => tileCameras(wallA)).toEqual(layout);
  await expect(wallB.locator('[data-testid="wall-tile"][data-takeover="true"]')).toHaveCount(0);
});

test('double-click focuses a tile full-window; Esc returns to the grid', async () => {
  await tile(wallA, 2).dblclick();
  const focus = wallA.getByTestId('wall-focus');
  await expect(focus).toBeVisible();
  const focusedTile = focus.locator('[data-testid="wall-tile"]');
  await expect(focusedTile).toHaveAttribute('data-stream', 'main');
  await expect(focusedTile).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  // The tiles the focus view covers stop playing.
  await expect(wallA.locator('[data-testid="wall-tile"][data-state="hidden"]').first()).toBeAttached();
  await wallA.keyboard.press('Escape');
  await expect(focus).toHaveCount(0);
  await expect(tile(wallA, 2)).toHaveAttribute('data-stream', 'sub');
});

test("a supervisor pushes a layout onto another workstation's wall", async () => {
  // B (supervisor giamsat) shows the saved layout and sends it to A's wall monitor.
  await wallA.getByTestId('grid-2x2').click();
  await expect(wallA.getByTestId('wall-surface')).toHaveAttribute('data-grid', '2x2');
  const target = wallB.getByTestId('push-target');
  const option = target.locator('option', { hasText: 'Bàn ws-a' });
  await expect(option).toHaveCount(1, { timeout: 15_000 });
  await target.selectOption((await option.getAttribute('value'))!);
  await wallB.getByTestId('push-to-workstation').click();
  await expect(wallB.getByTestId('push-to-workstation-outcome')).toHaveAttribute('data-ok', 'true');
  await expect(wallA.getByTestId('wall-surface')).toHaveAttribute('data-grid', '3x3', { timeout: 15_000 });
  await expect.poll(() => tileCameras(wallA)).toEqual(await tileCameras(wallB));
  await expect(wallA.getByTestId('wall-set-by')).toContainText('Lê Minh Châu');
});

test('with the sync server down the wall keeps playing and can still be rearranged', async () => {
  await server.stop();
  await expect(wallA.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'offline', { timeout: 15_000 });
  const before = await frames(wallA);
  await wallA.waitForTimeout(2500);
  const after = await frames(wallA);
  for (let i = 0; i < 9; i++) expect(after[i]! - before[i]!, `tile ${i} still playing offline`).toBeGreaterThan(30);

  await wallA.getByTestId('grid-1+5').click();
  await expect(wallA.getByTestId('wall-surface')).toHaveAttribute('data-grid', '1+5');
  await wallA.getByTestId('layout-name').fill('Ca đêm (soạn khi mất mạng)');
  await wallA.getByTestId('layout-save').click();
  await expect(wallA.getByTestId('layout-saved')).toHaveAttribute('data-pending', 'true');
  await expect(tile(wallA, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  await server.start();
  const picker = wallB.getByTestId('layout-open');
  await expect(picker.locator('option', { hasText: 'Ca đêm (soạn khi mất mạng)' })).toHaveCount(1, { timeout: 30_000 });
  await expect(wallA.getByTestId('layout-saved')).toHaveAttribute('data-pending', 'false');
});

test('200 layout switches leave no more media players alive than tiles on screen', async () => {
  const surface = wallA.getByTestId('wall-surface');
  const grids = ['1', '2x2', '3x3', '4x4', '1+5', '1+7', '5x5'];
  let most = 0;
  for (let i = 0; i < 200; i++) {
    await wallA.getByTestId(`grid-${grids[i % grids.length]}`).click();
    if (i % 10 === 0) {
      const counts = await wallA.evaluate(() => ({
        players: Number(document.querySelector('[data-testid="wall-surface"]')?.getAttribute('data-players-alive')),
        videos: document.querySelectorAll('video').length,
        tiles: document.querySelectorAll('[data-testid="wall-tile"]').length,
      }));
      expect(counts.players).toBeLessThanOrEqual(counts.tiles);
      expect(counts.videos).toBeLessThanOrEqual(counts.tiles);
      most = Math.max(most, counts.players);
    }
  }
  await wallA.getByTestId('grid-3x3').click();
  await expect(surface).toHaveAttribute('data-grid', '3x3');
  await wallA.waitForTimeout(1500);
  const end = await wallA.evaluate(() => ({
    players: Number(document.querySelector('[data-testid="wall-surface"]')?.getAttribute('data-players-alive')),
    registry: (window as unknown as { __vigilWall?: { playersAlive(): number } }).__vigilWall?.playersAlive() ?? -1,
    videos: document.querySelectorAll('video').length,
    withCamera: document.querySelectorAll('[data-testid="wall-tile"]:not([data-camera-id=""])').length,
  }));
  expect(end.players).toBeLessThanOrEqual(9);
  expect(end.registry).toBe(end.players);
  expect(end.videos).toBeLessThanOrEqual(9);
  expect(most).toBeLessThanOrEqual(25);
});
