/**
 * npm run bench:map — prints figures, asserts nothing (exits non-zero only if a page fails).
 *
 * Two pages built by bench/map-bench.vite.config.ts into dist/bench-map/ and served on
 * 127.0.0.1, both on the app's region style, in the same 1280×720 viewport:
 *  - app: the app's own MapEngine with one PointLayerSpec (points mode, no icons, no pulse);
 *  - bare: plain maplibre-gl + MapLibreOverlay({ interleaved: true }) + one ScatterplotLayer
 *    with the same points as binary attributes.
 *
 *  1. Pan fps: a jumpTo per animation frame along the same time-based path on both pages;
 *     frames = maplibre 'render' events (at least 4, so
 *     software-rendered 100k points still give a figure). Ratio app / bare (target >= 0.9).
 *  2. Time to first render: navigation start to the first 'idle' with the points applied.
 *  3. Update cost of 50,000 moving points: main-thread ms of one update, synchronous part
 *     (layer build + overlay setProps), until the next rendered frame, and that frame's
 *     own main-thread time; the app's binary path next to plain objects with accessors
 *     (and bare binary for reference). Target for binary: <= 16 ms.
 *
 * Chromium renders with SwiftShader (software WebGL) here: absolute figures are far below
 * a real GPU's; the ratios are what carry over.
 * Env: BENCH_RUNS (3, medians), BENCH_SECONDS (5, per pan), BENCH_POINTS ("10000,100000").
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POINT_COUNTS = (process.env.BENCH_POINTS ?? '10000,100000').split(',').map(Number);
const UPDATE_POINTS = 50_000;
const UPDATES = 10;
const VIEWPORT = { width: 1280, height: 720 };
const ROOT = path.resolve('dist/bench-map');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

interface BenchState {
  ttfr: number | null;
  pan: { frames: number; seconds: number; fps: number } | null;
  update: { sync: number[]; toFrame: number[]; frame: number[] } | null;
  error: string | null;
}
type Win = { __bench?: BenchState };

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function serve(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (rel === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(ROOT, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file.startsWith(ROOT + path.sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, server });
  }));
}

/** Polls the page's result slots (the main thread is busy: polling, not rAF); throws on any page error. */
async function waitFor<K extends 'ttfr' | 'pan' | 'update'>(page: Page, key: K, errors: string[], timeout: number): Promise<NonNullable<BenchState[K]>> {
  try {
    await page.waitForFunction((k) => {
      const b = (window as Win).__bench;
      return !!b && (b.error !== null || b[k as K] !== null);
    }, key, { polling: 250, timeout });
  } catch (e) {
    throw new Error(`waiting for ${key}: ${String(e)}${errors.length ? `\npage errors: ${errors.join('\n')}` : ''}`, { cause: e });
  }
  const state = (await page.evaluate(() => (window as Win).__bench!)) as BenchState;
  if (state.error) errors.push(state.error);
  if (errors.length) throw new Error(`page ${page.url()} failed:\n${errors.join('\n')}`);
  return state[key] as NonNullable<BenchState[K]>;
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; ttfr: number }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url})`);
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  const ttfr = await waitFor(page, 'ttfr', errors, 120_000);
  return { page, errors, ttfr };
}

async function pan(browser: Browser, url: string): Promise<{ fps: number; ttfr: number }> {
  const { page, errors, ttfr } = await openPage(browser, url);
  await page.evaluate((s) => (window as unknown as { __bench: { startPan(s: number): void } }).__bench.startPan(s), SECONDS);
  const result = await waitFor(page, 'pan', errors, SECONDS * 1000 + 120_000);
  await page.close();
  return { fps: result.fps, ttfr };
}

async function updates(browser: Browser, url: string): Promise<{ sync: number; toFrame: number; frame: number }> {
  const { page, errors } = await openPage(browser, url);
  await page.evaluate((n) => (window as unknown as { __bench: { startUpdates(n: number): void } }).__bench.startUpdates(n), UPDATES);
  const r = await waitFor(page, 'update', errors, 180_000);
  await page.close();
  return { sync: median(r.sync), toFrame: median(r.toFrame), frame: median(r.frame) };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'map-app/index.html'))) throw new Error('dist/bench-map is missing: run npm run bench:map (it builds the pages first)');
  const site = await serve();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    console.log(`bench:map — Chromium with SwiftShader SOFTWARE WebGL (no GPU): absolute figures are far below a real GPU's, compare ratios.`);
    console.log(`viewport ${VIEWPORT.width}x${VIEWPORT.height}, region style, medians of ${RUNS} run(s), ${SECONDS} s pans`);

    console.log('\n1. Pan fps (maplibre render events during a jumpTo-per-frame pan) and 2. time to first render');
    for (const n of POINT_COUNTS) {
      const app: { fps: number; ttfr: number }[] = [];
      const bare: { fps: number; ttfr: number }[] = [];
      // Alternating, so drift in the machine's load hits both pages alike.
      for (let run = 0; run < RUNS; run++) {
        app.push(await pan(browser, `${site.url}map-app/?n=${n}`));
        bare.push(await pan(browser, `${site.url}map-bare/?n=${n}`));
      }
      const appFps = median(app.map((r) => r.fps));
      const bareFps = median(bare.map((r) => r.fps));
      console.log(
        `${String(n).padStart(7)} points: app ${appFps.toFixed(2)} fps | bare ${bareFps.toFixed(2)} fps | ratio app/bare ${(bareFps > 0 ? appFps / bareFps : 0).toFixed(2)} (target >= 0.9)` +
          ` | first render: app ${ms(median(app.map((r) => r.ttfr)))}, bare ${ms(median(bare.map((r) => r.ttfr)))}`,
      );
    }

    console.log(`\n3. Update cost, ${UPDATE_POINTS} moving points (median of ${UPDATES} updates per run, median over runs): sync = layer build + setProps; to frame = until the next render event; frame = that frame's main-thread time`);
    const variants = [
      { label: 'app binary (MapEngine: DeckLayerBuilder.build + setProps)', url: `${site.url}map-app/?n=${UPDATE_POINTS}` },
      { label: 'bare binary attributes                                  ', url: `${site.url}map-bare/?n=${UPDATE_POINTS}&data=binary` },
      { label: 'bare plain objects + accessors (new array, triggers)    ', url: `${site.url}map-bare/?n=${UPDATE_POINTS}&data=objects` },
    ];
    for (const v of variants) {
      const runs: { sync: number; toFrame: number; frame: number }[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await updates(browser, v.url));
      const sync = median(runs.map((r) => r.sync));
      console.log(
        `  ${v.label}: sync ${ms(sync)}, to frame ${ms(median(runs.map((r) => r.toFrame)))}, frame ${ms(median(runs.map((r) => r.frame)))}` +
          (v.label.startsWith('app') ? ` (target sync <= 16 ms: ${sync <= 16 ? 'met' : 'NOT met'})` : ''),
      );
    }
  } finally {
    await browser?.close();
    site.server.close();
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench:map FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
