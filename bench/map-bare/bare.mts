/**
 * The reference the app's map is measured against: plain maplibre-gl with deck.gl's
 * MapLibreOverlay (interleaved) and one ScatterplotLayer, on the same style, viewport
 * and points, with nothing else on the page. ?n=<points>&data=binary|objects
 * (data only matters to the update measurement: binary attributes or plain objects
 * with accessors).
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { ScatterplotLayer } from '@deck.gl/layers';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { regionStyle } from '../../src-renderer/surfaces/map/basemap-style.js';
import { bench, bounds, installPan, installUpdates, moved, params, POINTS, recordFirstRender, region, synthColors, synthPositions, VIEWPORT_PADDING } from '../map-app/shared.mjs';

setWorkerUrl(workerUrl);

// The same drawing props as the app's point layer, so only the plumbing differs.
const LOOK = {
  radiusUnits: 'pixels',
  getRadius: 4,
  stroked: true,
  getLineColor: [10, 14, 20, 230],
  lineWidthUnits: 'pixels',
  getLineWidth: 1.5,
} as const;

function binaryLayer(p: Float32Array, colors: Uint8Array): ScatterplotLayer {
  return new ScatterplotLayer({
    id: 'bench-points',
    data: { length: POINTS, attributes: { getPosition: { value: p, size: 2 }, getFillColor: { value: colors, size: 4, normalized: true } } } as never,
    ...LOOK,
  });
}

interface Dot {
  position: [number, number];
  color: [number, number, number, number];
}

function objects(p: Float32Array, colors: Uint8Array): Dot[] {
  const out: Dot[] = new Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    out[i] = { position: [p[i * 2]!, p[i * 2 + 1]!], color: [colors[i * 4]!, colors[i * 4 + 1]!, colors[i * 4 + 2]!, colors[i * 4 + 3]!] };
  }
  return out;
}

function objectLayer(data: Dot[], revision: number): ScatterplotLayer<Dot> {
  return new ScatterplotLayer<Dot>({
    id: 'bench-points',
    data,
    getPosition: (d) => d.position,
    getFillColor: (d) => d.color,
    updateTriggers: { getPosition: revision, getFillColor: revision },
    ...LOOK,
  });
}

try {
  const positions = synthPositions(POINTS, 42);
  const colors = synthColors(POINTS);
  const map = new MapLibreMap({
    container: document.getElementById('map')!,
    style: regionStyle(region),
    bounds,
    fitBoundsOptions: { padding: VIEWPORT_PADDING },
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [binaryLayer(positions, colors)] });
  map.addControl(overlay);
  recordFirstRender(map, () => true);
  installPan(map);
  if (params.get('data') === 'objects') {
    overlay.setProps({ layers: [objectLayer(objects(positions, colors), 1)] });
    installUpdates(
      map,
      (i) => ({ data: objects(moved(positions, i + 1), colors), revision: 2 + i }),
      ({ data, revision }) => overlay.setProps({ layers: [objectLayer(data, revision)] }),
    );
  } else {
    installUpdates(
      map,
      (i) => moved(positions, i + 1),
      (p) => overlay.setProps({ layers: [binaryLayer(p, colors)] }),
    );
  }
} catch (e) {
  bench.error = `setup: ${String(e)}`;
}
