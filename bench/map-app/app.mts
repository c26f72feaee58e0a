/**
 * Benchmark page for the app's map: the real MapEngine (maplibre + deck.gl interleaved),
 * the app's region style and one PointLayerSpec of synthetic points.
 * ?n=<points>
 */
import { regionStyle } from '../../src-renderer/surfaces/map/basemap-style.js';
import { MapEngine } from '../../src-renderer/surfaces/map/map-engine.js';
import type { PointLayerSpec } from '../../src-renderer/surfaces/map/map-layer-spec.js';
import { bench, bounds, installPan, installUpdates, moved, POINTS, recordFirstRender, region, synthColors, synthPositions } from './shared.mjs';

try {
  const positions = synthPositions(POINTS, 42);
  const colors = synthColors(POINTS);
  const spec = (revision: number, p: Float32Array): PointLayerSpec => ({
    type: 'points',
    id: 'bench-points',
    kind: 'sample',
    revision,
    count: POINTS,
    positions: p,
    colors,
    ids: [],
    icons: null,
    radiusPixels: 4,
    pulse: null,
    mode: 'points',
    clusterMaxZoom: 0,
    legend: [],
    tooltip: (i) => String(i),
  });
  const engine = new MapEngine(document.getElementById('map')!, { style: regionStyle(region), bounds, compact: true });
  engine.setLayers([spec(1, positions)]);
  recordFirstRender(engine.map, () => engine.appliedUpdates >= 1);
  installPan(engine.map);
  // The app's update path, timed synchronously: what the engine runs at the animation
  // frame after setLayers (DeckLayerBuilder.build + overlay.setProps).
  installUpdates(
    engine.map,
    (i) => spec(2 + i, moved(positions, i + 1)),
    (next) => engine.applyNow([next]),
  );
} catch (e) {
  bench.error = `setup: ${String(e)}`;
}
