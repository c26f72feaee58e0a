/**
 * What both map benchmark pages share (bench/map-bench.ts drives them): the region,
 * the synthetic points, the pan motion, the frame counter and the result slots the
 * driver polls. Only harness code lives here; each page builds its own map.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import regionText from '../../assets/region/hau-giang-approx.geojson?raw';
import { regionBounds, type Bounds, type Region } from '../../src-shared/model/map.js';

export interface BenchState {
  /** ms since navigation start to the first frame with the points drawn. */
  ttfr: number | null;
  pan: { frames: number; seconds: number; fps: number } | null;
  update: { sync: number[]; toFrame: number[]; frame: number[] } | null;
  error: string | null;
  startPan(seconds: number): void;
  startUpdates(count: number): void;
}

export const params = new URLSearchParams(location.search);
export const POINTS = Number(params.get('n') ?? 10_000);
export const VIEWPORT_PADDING = 24;

export const region = JSON.parse(regionText) as Region;
export const bounds: Bounds = regionBounds(region);

export const bench: BenchState = {
  ttfr: null,
  pan: null,
  update: null,
  error: null,
  startPan: () => {},
  startUpdates: () => {},
};
(window as unknown as { __bench: BenchState }).__bench = bench;
window.addEventListener('error', (e) => (bench.error ??= `error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => (bench.error ??= `unhandled rejection: ${String(e.reason)}`));

/** Deterministic points over the region bounds (same seed → same points on both pages). */
export function synthPositions(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const [w, so, e, no] = bounds;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i * 2] = w + rnd() * (e - w);
    out[i * 2 + 1] = so + rnd() * (no - so);
  }
  return out;
}

const PALETTE = [
  [239, 83, 80, 255],
  [255, 183, 77, 255],
  [102, 187, 106, 255],
  [66, 165, 245, 255],
] as const;

export function synthColors(n: number): Uint8Array {
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) out.set(PALETTE[i % PALETTE.length]!, i * 4);
  return out;
}

/** Every point moved a little (an update of moving points). */
export function moved(positions: Float32Array, step: number): Float32Array {
  const out = new Float32Array(positions.length);
  const d = 0.0005 * Math.sin(step);
  for (let i = 0; i < positions.length; i++) out[i] = positions[i]! + d;
  return out;
}

/** First 'idle' once `ready()` holds: the style, the points and a rendered frame with them. */
export function recordFirstRender(map: MapLibreMap, ready: () => boolean): void {
  const check = () => {
    if (bench.ttfr !== null) return;
    if (!ready() || !map.loaded()) return;
    bench.ttfr = performance.now();
    map.off('idle', check);
  };
  map.on('idle', check);
}

/**
 * Pans for `seconds` with a jumpTo per animation frame along a time-based path (a
 * horizontal sine, a sixth of the region's width each way), so both pages follow the
 * same motion whatever their frame rate; counts maplibre 'render' events meanwhile
 * (at least MIN_PAN_FRAMES of them) → fps = frames / (start to last rendered frame).
 */
const MIN_PAN_FRAMES = 4;

export function installPan(map: MapLibreMap): void {
  bench.startPan = (seconds: number) => {
    const c0 = map.getCenter();
    const amp = (bounds[2] - bounds[0]) / 6;
    let frames = 0;
    let lastRender = 0;
    const onRender = () => {
      frames++;
      lastRender = performance.now();
    };
    map.on('render', onRender);
    const t0 = performance.now();
    const step = () => {
      const t = (performance.now() - t0) / 1000;
      // At well under 1 fps a few seconds hold one or two frames: go on to MIN_PAN_FRAMES.
      if (t >= seconds && frames >= MIN_PAN_FRAMES) {
        map.off('render', onRender);
        const span = (lastRender - t0) / 1000;
        bench.pan = { frames, seconds: span, fps: frames / span };
        map.jumpTo({ center: c0 });
        return;
      }
      map.jumpTo({ center: [c0.lng + amp * Math.sin((2 * Math.PI * t) / 4), c0.lat] });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  };
}

/**
 * Runs `count` updates one after another: `apply(prepare(i))` is timed synchronously
 * (preparing the new data, e.g. the new positions, is not), then the
 * time until maplibre's next 'render' event (toFrame) and the main-thread time of that
 * frame (frame: from the animation frame's begin time to the end of the render; deck.gl
 * defers attribute work to the frame, so most of an update's cost shows here).
 */
export function installUpdates<T>(map: MapLibreMap, prepare: (i: number) => T, apply: (data: T) => void): void {
  bench.startUpdates = (count: number) => {
    const sync: number[] = [];
    const toFrame: number[] = [];
    const frame: number[] = [];
    const one = (i: number) => {
      if (i >= count) {
        bench.update = { sync, toFrame, frame };
        return;
      }
      let frameStart = 0;
      // The next animation frame's begin time (deck.gl's and maplibre's callbacks of that
      // frame, where deck.gl updates attributes and both draw, all come after it).
      requestAnimationFrame((ts) => (frameStart = ts));
      const data = prepare(i);
      const t0 = performance.now();
      apply(data);
      const t1 = performance.now();
      map.triggerRepaint();
      map.once('render', () => {
        const t2 = performance.now();
        sync.push(t1 - t0);
        toFrame.push(t2 - t0);
        frame.push(t2 - Math.max(frameStart, t1));
        // Let the page settle (a frame, a breath) before the next update.
        setTimeout(() => one(i + 1), 100);
      });
    };
    one(0);
  };
}
