import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startDemoCameras, type DemoCameras } from '../../server/demo/demo-cameras.js';
import { pointInPolygon } from '../../src-shared/geo/geometry.js';
import { sampleBasemapLayers, writeMbtiles, writePmtiles } from '../support/tile-fixtures.js';
import { KioskProcess, ServerProcess, draft, logIn, tempDir } from './e2e-stack.js';

/**
 * The operations map end to end: a real server with 9 demo cameras (replayed HLS, health
 * polled every 2 s), a kiosk workstation with a map monitor and a wall monitor, and
 * Chromium drawing maplibre + deck.gl with SwiftShader. Basemap files are made by the
 * test (geojson-vt + vt-pbf, PMTiles v3 and MBTiles writers in tests/support).
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const DISPLAYS = [
  { match: { index: 0 }, surface: 'map', priority: 0 },
  { match: { index: 1 }, surface: 'wall', wall: { id: 'wall-1', label: 'Tường chính', takeover: 'none', streamCap: 4 } },
];
const VIEWPORT = { width: 1400, height: 860 };
/** The server accepts Open311 POSTs with this key (VIGIL_OPEN311_API_KEYS). */
const OPEN311_KEY = 'e2e-map-open311-key';

let dirs: { remove(): Promise<void> }[] = [];
let cameras: DemoCameras;
let server: ServerProcess;
let kiosk: KioskProcess;
let mapPage: Page;
let wallPage: Page;
let tileDir = '';
/** Every URL the map page asked for that is not on 127.0.0.1 (or in-page: data:, blob:). */
const leaks: string[] = [];

interface Hook {
  project(lon: number, lat: number): { x: number; y: number };
  layerIds(layerId: string): readonly string[];
  zoom(): number;
  basemapLayersInView(): string[];
  idle(): boolean;
  jumpTo(lon: number, lat: number, zoom: number): void;
  fitAll(): void;
}

async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __vigilMap?: Hook }).__vigilMap?.idle() === true, undefined, { polling: 250, timeout: 30_000 });
}

async function project(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const canvasBox = (await page.getByTestId('map-canvas').boundingBox())!;
  const p = await page.evaluate(([lo, la]) => (window as unknown as { __vigilMap: Hook }).__vigilMap.project(lo!, la!), [lon, lat]);
  return { x: canvasBox.x + p.x, y: canvasBox.y + p.y };
}

/** The colour the map canvas shows at a point of the page (the map keeps its drawing buffer for this). */
async function pixelAt(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  return page.evaluate(
    ([px, py]) => {
      const source = document.querySelector('[data-testid="map-canvas"] canvas') as HTMLCanvasElement;
      const scale = source.width / source.clientWidth;
      const probe = document.createElement('canvas');
      probe.width = 1;
      probe.height = 1;
      const g = probe.getContext('2d')!;
      g.drawImage(source, Math.round(px! * scale), Math.round(py! * scale), 1, 1, 0, 0, 1, 1);
      const d = g.getImageData(0, 0, 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as [number, number, number];
    },
    [x - box.x, y - box.y],
  );
}

/** Looks closely at one place, so points that overlap at the region's zoom come apart. */
async function focusOn(page: Page, lon: number, lat: number, zoom = 16): Promise<void> {
  await page.evaluate(([lo, la, z]) => (window as unknown as { __vigilMap: Hook }).__vigilMap.jumpTo(lo!, la!, z!), [lon, lat, zoom]);
  await waitForMapIdle(page);
}

async function fitAll(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __vigilMap: Hook }).__vigilMap.fitAll());
  await waitForMapIdle(page);
}

async function setLayer(page: Page, layerId: string, on: boolean): Promise<void> {
  const box = page.getByTestId(`map-layer-toggle-${layerId}`);
  if ((await box.isChecked()) !== on) await box.click();
}

async function openMap(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (u.hostname !== '127.0.0.1') leaks.push(request.url());
  });
  await page.goto(url);
  return page;
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  const camerasDir = await tempDir('map-cameras');
  const serverDir = await tempDir('map-server');
  const kioskDir = await tempDir('map-kiosk');
  const tiles = await tempDir('map-tiles');
  dirs = [camerasDir, serverDir, kioskDir, tiles];
  tileDir = tiles.dir;
  cameras = await startDemoCameras({ dataDir: camerasDir.dir, count: 9, mode: 'replay', mainStream: false });
  expect(cameras.available, cameras.reason ?? '').toBe(true);
  server = new ServerProcess(serverDir.dir, ['--camera-health-interval', '2000'], { VIGIL_OPEN311_API_KEYS: OPEN311_KEY });
  await server.start();
  await server.importCameras(cameras.cameras);
  kiosk = new KioskProcess('ws-map', kioskDir.dir, DISPLAYS);
  await kiosk.start(server.url);
  mapPage = await openMap(browser, kiosk.mapUrl);
  await logIn(mapPage, kiosk.mapUrl, 'giamsat');
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-ready', 'true');
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-camera-count', '9');
  await waitForMapIdle(mapPage);
  wallPage = await browser.newPage({ viewport: { width: 960, height: 540 } });
  await wallPage.goto(kiosk.wallUrl);
  await expect(wallPage.getByTestId('wall-surface')).toHaveAttribute('data-display-id', 'wall-1');
});

test.afterAll(async () => {
  await mapPage?.close();
  await wallPage?.close();
  await kiosk?.stop();
  await server?.stop();
  await cameras?.close();
  for (const d of dirs) await d.remove();
});

test('the region basemap renders offline: boundary, units and labels, and no request leaves 127.0.0.1', async () => {
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-basemap-kind', 'region');

  const layers = await mapPage.evaluate(() => (window as unknown as { __vigilMap: Hook }).__vigilMap.basemapLayersInView());
  for (const l of ['region-boundary', 'region-units', 'region-roads', 'region-rivers']) expect(layers).toContain(l);
  await expect(mapPage.getByTestId('map-attribution')).toContainText('gần đúng');
  // Vị Thanh's centre lies inside the province: the land colour, not the background's.
  const vt = await project(mapPage, 105.47, 9.785);
  const [r, g, b] = await pixelAt(mapPage, vt.x + 40, vt.y + 40);
  expect(r + g + b).toBeGreaterThan(75); // the background is (11, 17, 23); land and units are lighter
  expect(leaks, `requests that left the workstation: ${leaks.join(', ')}`).toEqual([]);
});

test('the camera layer shows every camera at its position; hover names it, a status change recolours it', async () => {
  for (const camera of cameras.cameras) {
    await focusOn(mapPage, camera.location.lon, camera.location.lat);
    const at = await project(mapPage, camera.location.lon, camera.location.lat);
    await mapPage.mouse.move(at.x, at.y);
    await expect(mapPage.getByTestId('map-tooltip')).toContainText(camera.name);
  }
  await mapPage.mouse.move(5, VIEWPORT.height - 5);
  const victim = cameras.cameras[4]!;
  await focusOn(mapPage, victim.location.lon, victim.location.lat);
  const at = await project(mapPage, victim.location.lon, victim.location.lat);
  // Below the icon's glyph, the disc shows the status colour: green once the poller has seen the playlist move…
  await expect.poll(async () => { const [r, g] = await pixelAt(mapPage, at.x, at.y + 8); return g > 150 && r < 120; }, { timeout: 20_000 }).toBe(true);
  cameras.kill(victim.id);
  // …red when its stream dies: the poller notices, the host pushes, the layer rebuilds.
  await expect.poll(async () => { const [r, g] = await pixelAt(mapPage, at.x, at.y + 8); return r > 180 && g < 100; }, { timeout: 30_000 }).toBe(true);
  await mapPage.mouse.move(at.x, at.y);
  await expect(mapPage.getByTestId('map-tooltip')).toContainText('Mất tín hiệu');
  await mapPage.mouse.move(5, VIEWPORT.height - 5);
  await cameras.restart(victim.id);
  await fitAll(mapPage);
});

test('clicking a camera previews it, and push-to-wall puts it on the chosen wall tile', async () => {
  const camera = cameras.cameras[2]!;
  await focusOn(mapPage, camera.location.lon, camera.location.lat);
  const at = await project(mapPage, camera.location.lon, camera.location.lat);
  await mapPage.mouse.click(at.x, at.y);
  const preview = mapPage.getByTestId('map-camera-preview');
  await expect(preview).toHaveAttribute('data-camera-id', camera.id);
  await expect.poll(async () => Number(await mapPage.getByTestId('map-preview-video').getAttribute('data-frames')), { timeout: 30_000 }).toBeGreaterThan(10);
  await preview.getByTestId('push-tile').selectOption('2');
  await preview.getByTestId('push-camera').click();
  await expect(preview.getByTestId('push-outcome')).toBeVisible();
  await expect(wallPage.locator('[data-testid="wall-tile"][data-tile-index="2"]').first()).toHaveAttribute('data-camera-id', camera.id);
  await mapPage.getByTestId('map-panel-close').click();
  await fitAll(mapPage);
});

test('an alert shows at its place by severity, opens its detail, and follows the time filter and playback', async () => {
  const alertId = await server.raise(draft('Ùn tắc kéo dài tại cầu Cái Tắc', { severity: 'Extreme', location: { lat: 9.88, lon: 105.66, areaDesc: 'Cầu Cái Tắc' } }));
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-alert-count', /^[1-9]/);
  await setLayer(mapPage, 'cameras', false);
  const at = await project(mapPage, 105.66, 9.88);
  await expect.poll(async () => { const [r, g] = await pixelAt(mapPage, at.x, at.y); return r > 150 && g < 90; }, { timeout: 10_000 }).toBe(true);
  await mapPage.mouse.click(at.x, at.y);
  await expect(mapPage.getByTestId('alert-detail')).toHaveAttribute('data-alert-id', alertId);
  await mapPage.getByTestId('map-panel-close').click();
  // Playback: six hours ago the alert did not exist yet; at the end of the slider it does.
  const before = Number(await mapPage.getByTestId('map-surface').getAttribute('data-alert-count'));
  await mapPage.getByTestId('map-playback-start').click();
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-alert-count', '0');
  const slider = mapPage.getByTestId('map-playback-slider');
  await slider.fill(await slider.getAttribute('max') ?? '');
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-alert-count', String(before));
  await mapPage.getByTestId('map-playback-exit').click();
  await mapPage.getByTestId('map-time-kind').selectOption('hour');
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-alert-count', String(before));
  await setLayer(mapPage, 'cameras', true);
});

test('a rectangle drawn on the map selects the cameras inside it and opens them on the wall', async () => {
  const lons = cameras.cameras.slice(0, 3).map((c) => c.location.lon);
  const lats = cameras.cameras.slice(0, 3).map((c) => c.location.lat);
  const a = await project(mapPage, Math.min(...lons), Math.max(...lats));
  const b = await project(mapPage, Math.max(...lons), Math.min(...lats));
  // The rectangle as dragged, 8 px beyond those three cameras; what it holds is judged on screen (Mercator keeps it a rectangle).
  const [x0, x1, y0, y1] = [a.x - 8, b.x + 8, a.y - 8, b.y + 8];
  const inside: typeof cameras.cameras = [];
  for (const c of cameras.cameras) {
    const p = await project(mapPage, c.location.lon, c.location.lat);
    if (p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1) inside.push(c);
  }
  await mapPage.getByTestId('map-draw-rectangle').click();
  await mapPage.mouse.move(x0, y0);
  await mapPage.mouse.down();
  await mapPage.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 4 });
  await mapPage.mouse.move(x1, y1, { steps: 4 });
  await mapPage.mouse.up();
  const selection = mapPage.getByTestId('map-selection');
  await expect(selection).toBeVisible();
  const ids = (await selection.getAttribute('data-camera-ids'))!.split(',').sort();
  expect(ids).toEqual(inside.map((c) => c.id).sort());
  await selection.getByTestId('map-selection-open').click();
  await expect(selection.getByTestId('map-selection-outcome')).toBeVisible();
  // The wall window applies the layout when the host's push reaches it, a moment after the map's outcome.
  const onWall = () => wallPage.$$eval('[data-testid="wall-tile"]', (els) => els.map((e) => e.getAttribute('data-camera-id')).filter(Boolean) as string[]);
  await expect.poll(async () => (await onWall()).sort(), { timeout: 15_000 }).toEqual(ids);
  await mapPage.getByTestId('map-panel-close').click();
});

test('a polygon drawn corner by corner selects the cameras inside it', async () => {
  await fitAll(mapPage);
  const target = cameras.cameras.find((c) => c.location.lat > 9.9) ?? cameras.cameras[0]!;
  const c = await project(mapPage, target.location.lon, target.location.lat);
  const corners: [number, number][] = [[c.x - 40, c.y - 30], [c.x + 45, c.y - 25], [c.x + 10, c.y + 45]];
  const inside: string[] = [];
  for (const cam of cameras.cameras) {
    const p = await project(mapPage, cam.location.lon, cam.location.lat);
    if (pointInPolygon(p.x, p.y, [...corners, corners[0]!])) inside.push(cam.id);
  }
  expect(inside).toContain(target.id);
  await mapPage.getByTestId('map-draw-polygon').click();
  for (const [x, y] of corners) await mapPage.mouse.click(x, y);
  await mapPage.mouse.dblclick(corners[2]![0], corners[2]![1]);
  const selection = mapPage.getByTestId('map-selection');
  await expect(selection).toBeVisible();
  expect((await selection.getAttribute('data-camera-ids'))!.split(',').sort()).toEqual(inside.sort());
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-draw-mode', '');
  await mapPage.getByTestId('map-panel-close').click();
});

test('clusters at low zoom open on click, and the alert layer has a heatmap mode', async () => {
  await fitAll(mapPage);
  await mapPage.getByTestId('map-layer-mode-cameras').selectOption('clusters');
  // Vị Thanh's cameras sit within a few hundred metres: at the region's zoom they are one counted disc.
  const vt = cameras.cameras.filter((c) => Math.abs(c.location.lat - 9.785) < 0.02 && Math.abs(c.location.lon - 105.47) < 0.02);
  expect(vt.length).toBeGreaterThanOrEqual(3);
  const zoomBefore = await mapPage.evaluate(() => (window as unknown as { __vigilMap: Hook }).__vigilMap.zoom());
  const centre = { lon: vt.reduce((s, c) => s + c.location.lon, 0) / vt.length, lat: vt.reduce((s, c) => s + c.location.lat, 0) / vt.length };
  const found = await findClusterNear(mapPage, centre.lon, centre.lat);
  await mapPage.mouse.click(found.x, found.y);
  await expect.poll(async () => mapPage.evaluate(() => (window as unknown as { __vigilMap: Hook }).__vigilMap.zoom()), { timeout: 5_000 }).toBeGreaterThan(zoomBefore + 0.5);
  await mapPage.getByTestId('map-layer-mode-cameras').selectOption('points');
  await fitAll(mapPage);
  // Heatmap: the alert's place glows well beyond where its dot would end.
  await setLayer(mapPage, 'cameras', false);
  const at = await project(mapPage, 105.66, 9.88);
  // Compared with bare land further off (the New alert's pulsing ring sweeps across 14 px in points mode).
  const land = await pixelAt(mapPage, at.x + 80, at.y);
  await mapPage.getByTestId('map-layer-mode-alerts').selectOption('heatmap');
  await expect.poll(async () => { const [r, g, b] = await pixelAt(mapPage, at.x + 14, at.y); return r + g + b > land[0] + land[1] + land[2] + 60; }, { timeout: 15_000 }).toBe(true);
  await mapPage.getByTestId('map-layer-mode-alerts').selectOption('points');
  await setLayer(mapPage, 'cameras', true);
});

test('wall mode hides the controls for a monitor on the wall and keeps the live layers', async () => {
  await mapPage.getByTestId('map-wall-mode').click();
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-wall-mode', 'true');
  await expect(mapPage.getByTestId('map-layer-toggle-cameras')).toHaveCount(0);
  await expect(mapPage.getByTestId('map-legend')).toBeVisible();
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-camera-count', '9');
  // It is this window's choice and survives a reload of the window.
  await mapPage.reload();
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-wall-mode', 'true');
  await mapPage.getByTestId('map-wall-mode-exit').click();
  await expect(mapPage.getByTestId('map-layer-toggle-cameras')).toBeVisible();
  await waitForMapIdle(mapPage);
});

/** A citizen's report through the public Open311 API (form-encoded, as a city app sends it); returns its id. */
async function submitReport(fields: Record<string, string>): Promise<string> {
  const response = await fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ api_key: OPEN311_KEY, ...fields }).toString(),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const [answer] = JSON.parse(text) as { service_request_id: string }[];
  expect(answer?.service_request_id).toMatch(/^PA-/);
  return answer!.service_request_id;
}

/** The tooltip at a point of the page; the mouse is moved off and back on each try, so a layer drawn since is picked. */
async function tooltipAt(page: Page, x: number, y: number): Promise<string> {
  await page.mouse.move(x + 3, y + 3);
  await page.mouse.move(x, y);
  await page.waitForTimeout(100);
  const tip = page.getByTestId('map-tooltip');
  return (await tip.count()) > 0 ? ((await tip.textContent()) ?? '') : '';
}

test('field reports sent through Open311 show on the report layer: hover names one, a cluster counts them by status, a click opens its card', async () => {
  // Near Vị Thủy, away from the test's cameras and alert. Three reports a few tens of metres apart:
  // one place at street zoom, one cluster at the region's.
  const place = { lon: 105.6047, lat: 9.8123 };
  const marker = '<img src=x onerror="window.__vigilXss=1">';
  const description = `Ổ gà lớn giữa đường, xe máy dễ té. ${marker} ${'Mặt đường hư hỏng nặng. '.repeat(20)}`;
  const common = { service_code: 'giao-thong', 'attribute[loai-su-co]': 'mat-duong', address_string: 'Quốc lộ 61, thị trấn Nàng Mau, Vị Thủy' };
  const reportId = await submitReport({ ...common, lat: String(place.lat), long: String(place.lon), description });
  const others = [
    await submitReport({ ...common, lat: String(place.lat), long: String(place.lon + 0.0004), description: 'Ổ gà thứ hai' }),
    await submitReport({ ...common, lat: String(place.lat + 0.0004), long: String(place.lon), description: 'Ổ gà thứ ba' }),
  ];
  // Server → workstation replica → the map's list (kept fresh since the map asked for it).
  await mapPage.waitForFunction(
    (ids) => {
      const shown = (window as unknown as { __vigilMap?: Hook }).__vigilMap?.layerIds('reports') ?? [];
      return ids.every((id) => shown.includes(id));
    },
    [reportId, ...others],
    { polling: 250, timeout: 30_000 },
  );
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-report-count', '3');
  await expect(mapPage.getByTestId('map-legend')).toContainText('Phản ánh hiện trường');

  // Street zoom: single reports; the hover names the one under the cursor.
  await focusOn(mapPage, place.lon, place.lat, 17);
  const at = await project(mapPage, place.lon, place.lat);
  await expect.poll(() => tooltipAt(mapPage, at.x, at.y), { timeout: 15_000 }).toContain(reportId);
  const tip = (await mapPage.getByTestId('map-tooltip').textContent()) ?? '';
  expect(tip).toContain('Giao thông');
  expect(tip).toContain('Nàng Mau');

  // A click opens the card over the map; the citizen's text is text, never markup.
  await mapPage.mouse.click(at.x, at.y);
  const card = mapPage.getByTestId('map-report-card');
  await expect(card).toHaveAttribute('data-report-id', reportId);
  await expect(card.getByTestId('map-report-service')).toHaveText('Giao thông');
  // Routed on receipt by the demo rules: classified and forwarded to the transport department.
  await expect(card).toHaveAttribute('data-status', 'forwarded');
  await expect(card.getByTestId('map-report-status')).toHaveText('Đã chuyển xử lý');
  await expect(card.getByTestId('map-report-department')).toHaveAttribute('data-department-id', 'so-gtvt');
  await expect(card.getByTestId('map-report-department')).toHaveText('Sở Giao thông vận tải');
  const shownDescription = (await card.getByTestId('map-report-description').textContent()) ?? '';
  expect(shownDescription).toContain(marker);
  expect(shownDescription.endsWith('…')).toBe(true);
  expect(shownDescription.length).toBeLessThan(description.length);
  expect(await card.locator('img').count()).toBe(0);
  expect(await mapPage.evaluate(() => (window as unknown as { __vigilXss?: number }).__vigilXss)).toBeUndefined();
  await card.getByTestId('map-report-card-close').click();
  await expect(card).toHaveCount(0);

  // The region's zoom: the three are one cluster, and its tooltip counts them by status.
  await focusOn(mapPage, place.lon, place.lat, 10);
  const centre = await project(mapPage, place.lon + 0.0004 / 3, place.lat + 0.0004 / 3);
  await expect.poll(() => tooltipAt(mapPage, centre.x, centre.y), { timeout: 15_000 }).toMatch(/3 phản ánh[\s\S]*Đã chuyển xử lý: 3/);
  await mapPage.mouse.move(5, VIEWPORT.height - 5);
  await fitAll(mapPage);
});

/** Hovers around a place until the tooltip names a cluster; returns where. */
async function findClusterNear(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const c = await project(page, lon, lat);
  for (const [dx, dy] of [[0, 0], [6, 0], [-6, 0], [0, 6], [0, -6], [10, 10], [-10, -10], [10, -10], [-10, 10]] as const) {
    await page.mouse.move(c.x + dx, c.y + dy);
    const tip = page.getByTestId('map-tooltip');
    if ((await tip.count()) > 0 && /đối tượng/.test((await tip.textContent()) ?? '')) return { x: c.x + dx, y: c.y + dy };
    await page.waitForTimeout(150);
  }
  throw new Error('no cluster under the cursor near the given place');
}

test('screenshots of the region basemap match the committed baseline', async () => {
  await setLayer(mapPage, 'cameras', false);
  await setLayer(mapPage, 'alerts', false);
  await setLayer(mapPage, 'reports', false);
  await mapPage.mouse.move(5, VIEWPORT.height - 5);
  await fitAll(mapPage);
  await expect(mapPage.getByTestId('map-canvas')).toHaveScreenshot('region-basemap.png', { maxDiffPixelRatio: 0.02, animations: 'disabled' });
});

for (const kind of ['pmtiles', 'mbtiles'] as const) {
  test(`a ${kind.toUpperCase()} basemap made by the test loads from its file and draws its layers`, async () => {
    const file = path.join(tileDir, `hau-giang.${kind}`);
    const spec = { layers: sampleBasemapLayers(), minzoom: 6, maxzoom: 12, name: `Hậu Giang ${kind}` };
    if (kind === 'pmtiles') writePmtiles(file, spec);
    else writeMbtiles(file, spec);
    const picker = mapPage.getByTestId('basemap-picker');
    if (!(await picker.evaluate((d) => (d as HTMLDetailsElement).open))) await picker.locator('summary').click();
    await mapPage.getByTestId('basemap-kind').selectOption(kind);
    await mapPage.getByTestId('basemap-path').fill(file);
    await mapPage.getByTestId('basemap-apply').click();
    await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-basemap-kind', kind);
    // The operator's layer choices survive a basemap switch (the screenshot below is of the basemap alone).
    await expect(mapPage.getByTestId('map-layer-toggle-cameras')).not.toBeChecked();
    await expect(mapPage.getByTestId('map-layer-toggle-alerts')).not.toBeChecked();
    await expect(mapPage.getByTestId('map-layer-toggle-reports')).not.toBeChecked();
    await expect(mapPage.getByTestId('map-attribution')).toContainText(`Hậu Giang ${kind}`);
    await picker.locator('summary').click(); // closed, so the file path is not in the screenshot
    await waitForMapIdle(mapPage);
    await expect.poll(async () => mapPage.evaluate(() => (window as unknown as { __vigilMap: Hook }).__vigilMap.basemapLayersInView()), { timeout: 15_000 }).toEqual(expect.arrayContaining(['land', 'water', 'roads']));
    await expect(mapPage.getByTestId('map-canvas')).toHaveScreenshot(`${kind}-basemap.png`, { maxDiffPixelRatio: 0.02, animations: 'disabled' });
    expect(leaks).toEqual([]);
  });
}

test('a file that is not a basemap is refused with a clear error and the map keeps its basemap', async () => {
  const bogus = path.join(tileDir, 'not-a-map.pmtiles');
  await import('node:fs/promises').then((fs) => fs.writeFile(bogus, 'hello, this is text'));
  await mapPage.getByTestId('basemap-picker').locator('summary').click();
  await mapPage.getByTestId('basemap-kind').selectOption('pmtiles');
  await mapPage.getByTestId('basemap-path').fill(bogus);
  await mapPage.getByTestId('basemap-apply').click();
  await expect(mapPage.getByTestId('basemap-error')).toBeVisible();
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-basemap-kind', 'mbtiles');
  await mapPage.getByTestId('basemap-kind').selectOption('region');
  await mapPage.getByTestId('basemap-apply').click();
  await expect(mapPage.getByTestId('map-surface')).toHaveAttribute('data-basemap-kind', 'region');

});
