/**
 * npm run bench:wall — prints figures, asserts nothing.
 *
 *  1. For 4, 9, 16 and 25 tiles of 640×360 sub streams: share of frames presented,
 *     dropped frames, renderer CPU and bytes/s of the wall surface (kiosk shell, real
 *     host and server) next to a bare page of hls.js players on the same streams, in
 *     the same run, measured the same way (an init script counts every
 *     requestVideoFrameCallback of every <video> on either page).
 *  2. 25 configured tiles of which 9 are visible (the wall canvas is larger than the
 *     window) against all 25 visible: renderer CPU and bytes/s.
 *
 * Frames presented = requestVideoFrameCallback's metadata.presentedFrames; share =
 * presented / (videos × 25 fps × seconds).
 *
 * Streams: the demo cameras in replay mode (ffmpeg-encoded once, served as a moving
 * live window), so the encoders cost no CPU while Chromium is measured.
 * Env: BENCH_RUNS (3 pairs for part 2), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (6), BENCH_TILES ("4,9,16,25"), BENCH_CAMERA_MODE (replay | live).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config.js';
import { startServer } from '../server/app.js';
import { startDemoCameras } from '../server/demo/demo-cameras.js';
import type { WallGrid } from '../src-shared/model/wall.js';
import { WorkstationProfileSchema } from '../src-shared/workstation-profile.js';
import { startKiosk } from '../src-main/kiosk/start-kiosk.js';
import { TEST_SERVER_OPTIONS, TEST_USERS, makeTempDir } from '../tests/support/host-harness.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 6);
const TILE_COUNTS = (process.env.BENCH_TILES ?? '4,9,16,25').split(',').map(Number);
const FPS = 25;
/** replay (default): no encoding while measuring; live: real encoders (they share the CPU with Chromium). */
const MODE = process.env.BENCH_CAMERA_MODE === 'live' ? 'live' : 'replay';
const GRID_FOR: Record<number, WallGrid> = { 1: '1', 4: '2x2', 9: '3x3', 16: '4x4', 25: '5x5' };
const CLK_TCK = 100;
const VISIBILITY_RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Counts presented frames of every <video> the page ever creates; injected before any page script (CSP does not apply). */
const FRAME_COUNTER = `(() => {
  const stats = new Map();
  const hook = (v) => {
    if (stats.has(v)) return;
    // metadata.presentedFrames counts every frame the compositor presented, also those
    // between two callbacks (a busy main thread runs fewer callbacks than frames shown).
    const s = { presented: 0 };
    stats.set(v, s);
    const cb = (_now, metadata) => { s.presented = metadata.presentedFrames; v.requestVideoFrameCallback(cb); };
    v.requestVideoFrameCallback(cb);
  };
  new MutationObserver(() => document.querySelectorAll('video').forEach(hook)).observe(document, { subtree: true, childList: true });
  window.__benchStats = () => {
    let presented = 0, dropped = 0, videos = 0, playing = 0;
    for (const [v, s] of stats) {
      if (!v.isConnected) continue;
      videos++;
      presented += s.presented;
      dropped += v.getVideoPlaybackQuality().droppedVideoFrames;
      if (!v.paused && v.readyState >= 2) playing++;
    }
    return { videos, playing, presented, dropped };
  };
})();`;

interface Sample {
  videos: number;
  playing: number;
  presented: number;
  dropped: number;
}

interface Measure {
  videos: number;
  presentedShare: number;
  droppedPerSecond: number;
  rendererCpu: number;
  chromiumCpu: number;
  bytesPerSecond: number;
}

function processTree(rootPid: number): { pid: number; renderer: boolean }[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const result: { pid: number; renderer: boolean }[] = [];
  const walk = (pid: number): void => {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return;
    }
    result.push({ pid, renderer: cmdline.includes('--type=renderer') });
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(rootPid);
  return result;
}

function cpuTicks(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      // gone
    }
  }
  return ticks;
}

async function measure(page: Page, browserPid: number, seconds: number): Promise<Measure> {
  const cdp = await page.context().newCDPSession(page);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  const tree = processTree(browserPid);
  const renderers = tree.filter((p) => p.renderer).map((p) => p.pid);
  const all = tree.map((p) => p.pid);
  const r0 = cpuTicks(renderers);
  const a0 = cpuTicks(all);
  bytes = 0;
  const s0 = (await page.evaluate(() => (window as unknown as { __benchStats(): Sample }).__benchStats())) as Sample;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const s1 = (await page.evaluate(() => (window as unknown as { __benchStats(): Sample }).__benchStats())) as Sample;
  const dt = (performance.now() - t0) / 1000;
  const r1 = cpuTicks(renderers);
  const a1 = cpuTicks(all);
  await cdp.detach();
  const videos = s1.videos;
  return {
    videos,
    presentedShare: videos === 0 ? 0 : (s1.presented - s0.presented) / (videos * FPS * dt),
    droppedPerSecond: (s1.dropped - s0.dropped) / dt,
    rendererCpu: (r1 - r0) / CLK_TCK / dt,
    chromiumCpu: (a1 - a0) / CLK_TCK / dt,
    bytesPerSecond: bytes / dt,
  };
}

/** A function, not a string: the wall's CSP forbids eval, which a string predicate needs. */
function waitForTiles(page: Page, n: number): Promise<unknown> {
  return page.waitForFunction((count) => document.querySelectorAll('[data-testid="wall-tile"]').length === count, n, { polling: 250, timeout: 30_000 });
}

function serveBarePage(): Promise<{ url: string; server: Server }> {
  const files: Record<string, { file: string; type: string }> = {
    '/': { file: path.resolve('bench/wall-bare/index.html'), type: 'text/html' },
    '/bare.js': { file: path.resolve('bench/wall-bare/bare.js'), type: 'text/javascript' },
    '/hls.min.js': { file: path.resolve('node_modules/hls.js/dist/hls.min.js'), type: 'text/javascript' },
  };
  const server = createServer((req, res) => {
    const entry = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': entry.type }).end(readFileSync(entry.file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, server });
  }));
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const cpu = (x: number) => `${(x * 100).toFixed(0)} % of a core`;
const kbps = (x: number) => `${(x / 1024).toFixed(0)} KiB/s`;

async function main(): Promise<void> {
  const maxTiles = Math.max(...TILE_COUNTS, process.env.BENCH_SKIP_VISIBILITY === '1' ? 0 : 25);
  const camerasDir = makeTempDir('vigil-wall-bench-cams-');
  const cameras = await startDemoCameras({ dataDir: camerasDir, count: maxTiles, mode: MODE, mainStream: false });
  if (!cameras.available) {
    console.log(`bench:wall cannot run here: ${cameras.reason ?? 'demo cameras unavailable'}`);
    await cameras.close();
    return;
  }
  const server = await startServer({ ...TEST_SERVER_OPTIONS, dataDir: makeTempDir('vigil-wall-bench-server-'), cameraHealth: false });
  const saved = server.saveCameras(cameras.cameras);
  if (!saved.ok) throw new Error(`could not register the demo cameras: ${saved.message}`);
  const profile = WorkstationProfileSchema.parse({
    workstationId: 'bench-wall',
    name: 'Bench wall',
    serverUrl: server.url,
    displays: [{ match: { index: 0 }, surface: 'wall', wall: { id: 'wall-1', streamCap: 25 } }],
  });
  const kiosk = await startKiosk({ profile, dataDir: makeTempDir('vigil-wall-bench-host-'), headless: true, port: 0, log: () => {} });
  const login = await kiosk.host.handlers.session.login(TEST_USERS.op1);
  if (!login.ok) throw new Error(login.message);
  while (kiosk.host.inspect.cameras().length < maxTiles) await new Promise((r) => setTimeout(r, 100));
  const cameraIds = cameras.cameras.map((c) => c.id);
  const subUrls = cameras.cameras.map((c) => c.subUrl);
  const bare = await serveBarePage();

  let browserServer: BrowserServer | null = null;
  let browser: Browser | null = null;
  try {
    browserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    browser = await chromium.connect(browserServer.wsEndpoint());
    const browserPid = browserServer.process().pid!;
    const viewport = { width: 1920, height: 1080 };
    const wallUrl = kiosk.url('wall', 'wall@bench', 'wall-1');

    console.log(`bench:wall — ${SECONDS} s per measurement after ${WARMUP} s warm-up; ${FPS} fps sub streams of 640x360; Chromium software rendering`);
    for (const n of TILE_COUNTS) {
      const grid = GRID_FOR[n];
      if (!grid) throw new Error(`no square grid for ${n} tiles`);
      const set = await kiosk.host.handlers.wall.setDisplay('wall-1', { kind: 'adhoc', grid, tiles: cameraIds.slice(0, n) });
      if (!set.ok) throw new Error(set.message);

      const wallPage = await browser.newPage({ viewport });
      await wallPage.addInitScript(FRAME_COUNTER);
      await wallPage.goto(wallUrl);
      await waitForTiles(wallPage, n);
      await new Promise((r) => setTimeout(r, WARMUP * 1000));
      const ours = await measure(wallPage, browserPid, SECONDS);
      await wallPage.close();

      const barePage = await browser.newPage({ viewport });
      await barePage.addInitScript(FRAME_COUNTER);
      await barePage.goto(`${bare.url}?urls=${encodeURIComponent(JSON.stringify(subUrls.slice(0, n)))}`);
      await new Promise((r) => setTimeout(r, WARMUP * 1000));
      const ref = await measure(barePage, browserPid, SECONDS);
      await barePage.close();

      console.log(
        `${String(n).padStart(2)} tiles: wall presented ${pct(ours.presentedShare)} (${ours.videos} videos), dropped ${ours.droppedPerSecond.toFixed(1)}/s, renderer ${cpu(ours.rendererCpu)}, chromium ${cpu(ours.chromiumCpu)}, ${kbps(ours.bytesPerSecond)}` +
          ` | bare hls.js presented ${pct(ref.presentedShare)}, dropped ${ref.droppedPerSecond.toFixed(1)}/s, renderer ${cpu(ref.rendererCpu)}, chromium ${cpu(ref.chromiumCpu)}` +
          ` | ratio of presented ${(ref.presentedShare > 0 ? ours.presentedShare / ref.presentedShare : 0).toFixed(2)}` +
          (n === 16 ? ' (targets: wall >= 95 %, ratio >= 0.95)' : ''),
      );
    }

    if (process.env.BENCH_SKIP_VISIBILITY === '1') return;
    // 25 configured, 9 visible: the wall canvas is 5/3 of the window each way, so a 3x3 corner shows.
    const set = await kiosk.host.handlers.wall.setDisplay('wall-1', { kind: 'adhoc', grid: '5x5', tiles: cameraIds.slice(0, 25) });
    if (!set.ok) throw new Error(set.message);
    // Alternating pairs, so drift in the machine's load hits both variants alike; medians of the pairs.
    const pairs: { all: Measure; nine: Measure }[] = [];
    for (let run = 0; run < VISIBILITY_RUNS; run++) {
      const pair: Partial<Record<'all' | 'nine', Measure>> = {};
      for (const variant of ['all', 'nine'] as const) {
        const page = await browser.newPage({ viewport });
        await page.addInitScript(FRAME_COUNTER);
        await page.goto(wallUrl);
        await waitForTiles(page, 25);
        if (variant === 'nine') {
          await page.addStyleTag({ content: '[data-testid="wall-grid"] { width: 166.667vw !important; height: 166.667vh !important; }' });
        }
        await new Promise((r) => setTimeout(r, WARMUP * 1000));
        pair[variant] = await measure(page, browserPid, SECONDS);
        await page.close();
      }
      const { all, nine } = pair as { all: Measure; nine: Measure };
      pairs.push({ all, nine });
      console.log(
        `  25 configured, run ${run + 1}: all visible — ${all.videos} videos, renderer ${cpu(all.rendererCpu)}, ${kbps(all.bytesPerSecond)}; 9 visible — ${nine.videos} videos, renderer ${cpu(nine.rendererCpu)}, ${kbps(nine.bytesPerSecond)}`,
      );
    }
    const cpuRatio = median(pairs.map((p) => p.nine.rendererCpu / p.all.rendererCpu));
    const bytesRatio = median(pairs.map((p) => p.nine.bytesPerSecond / p.all.bytesPerSecond));
    console.log(`25 configured, 9 visible (median of ${VISIBILITY_RUNS} pairs): renderer CPU ${pct(cpuRatio)}, bytes/s ${pct(bytesRatio)} of all-25-playing (target <= 50 %)`);
  } finally {
    await browser?.close();
    await browserServer?.close();
    bare.server.close();
    await kiosk.close();
    await server.close();
    await cameras.close();
  }
}

await main();
