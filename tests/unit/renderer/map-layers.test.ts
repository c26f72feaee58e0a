import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src-shared/desktop-api.js';
import type { AlertState } from '../../../src-shared/model/alert.js';
import { RegionSchema } from '../../../src-shared/model/map.js';
import { ClusterIndex } from '../../../src-renderer/surfaces/map/cluster-index.js';
import { alertLayerSpec, selectAlerts } from '../../../src-renderer/surfaces/map/layers/alert-layer.js';
import { cameraLayerSpec } from '../../../src-renderer/surfaces/map/layers/camera-layer.js';
import { regionLabelSpec } from '../../../src-renderer/surfaces/map/layers/region-labels.js';
import { CAMERA_STATUS_RGBA, SEVERITY_RGBA } from '../../../src-renderer/surfaces/map/map-colors.js';
import type { PointLayerSpec } from '../../../src-renderer/surfaces/map/map-layer-spec.js';
import { gridForSelection } from '../../../src-renderer/surfaces/map/selection-grid.js';
import { alertTimeSelection } from '../../../src-renderer/surfaces/map/alert-time-selection.js';
import { SEED_CAMERAS } from './fake-host.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-28T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function alert(id: string, raisedMs: number, steps: [number, AlertState][] = [], extra: Partial<AlertView> = {}): AlertView {
  const history = [{ at: iso(raisedMs), actor: 'u1', action: 'raise' as const, fromState: null, toState: 'new' as AlertState, ownerId: null }];
  let state: AlertState = 'new';
  for (const [at, to] of steps) {
    history.push({ at: iso(at), actor: 'u1', action: 'acknowledge' as never, fromState: state as never, toState: to, ownerId: null });
    state = to;
  }
  return {
    id,
    source: 'manual',
    category: 'Traffic',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    headline: `Cảnh báo ${id}`,
    description: '',
    location: { lat: 9.8, lon: 105.6, areaDesc: 'Cầu Cái Tắc' },
    cameraIds: [],
    state,
    ownerId: null,
    raisedAt: iso(raisedMs),
    updatedAt: iso(raisedMs),
    raisedBy: 'u1',
    history,
    pending: [],
    ...extra,
  } as AlertView;
}

const rgbaAt = (spec: PointLayerSpec, i: number) => [...spec.colors.subarray(i * 4, i * 4 + 4)];

describe('camera layer descriptor', () => {
  const spec = cameraLayerSpec(SEED_CAMERAS, 7, 'points', (s) => `status:${s}`);

  it('puts every camera at its position, in the host’s order, with its id for picking', () => {
    expect(spec.count).toBe(SEED_CAMERAS.length);
    expect(spec.ids).toEqual(SEED_CAMERAS.map((c) => c.id));
    SEED_CAMERAS.forEach((c, i) => {
      expect(spec.positions[i * 2]).toBeCloseTo(c.location.lon, 4);
      expect(spec.positions[i * 2 + 1]).toBeCloseTo(c.location.lat, 4);
    });
    expect(spec.revision).toBe(7);
    expect(spec.id).toBe('cameras');
  });

  it('colours by status (disabled apart from offline) and picks an icon by kind', () => {
    const at = (id: string) => SEED_CAMERAS.findIndex((c) => c.id === id);
    expect(rgbaAt(spec, at('cam-vt-012'))).toEqual([...CAMERA_STATUS_RGBA.online]);
    expect(rgbaAt(spec, at('cam-vt-013'))).toEqual([...CAMERA_STATUS_RGBA.degraded]);
    expect(rgbaAt(spec, at('cam-nb-001'))).toEqual([...CAMERA_STATUS_RGBA.offline]);
    expect(rgbaAt(spec, at('cam-lm-004'))).toEqual([...CAMERA_STATUS_RGBA.unknown]);
    expect(rgbaAt(spec, at('cam-old-001'))).toEqual([...CAMERA_STATUS_RGBA.disabled]);
    expect(spec.icons![at('cam-nb-001')]).toBe('camera-security');
    expect(spec.icons![at('cam-ct-020')]).toBe('camera-other');
    expect(spec.tooltip(at('cam-nb-001'))).toBe('Chợ Ngã Bảy — status:offline');
  });

  it('a health change gives a new colour for that camera only', () => {
    const changed = SEED_CAMERAS.map((c) => (c.id === 'cam-vt-012' ? { ...c, health: { ...c.health!, status: 'offline' as const } } : c));
    const next = cameraLayerSpec(changed, 8, 'points', String);
    const i = SEED_CAMERAS.findIndex((c) => c.id === 'cam-vt-012');
    expect(rgbaAt(next, i)).toEqual([...CAMERA_STATUS_RGBA.offline]);
    for (let j = 0; j < SEED_CAMERAS.length; j++) if (j !== i) expect(rgbaAt(next, j)).toEqual(rgbaAt(spec, j));
  });
});

describe('alert layer descriptor', () => {
  const alerts = [
    alert('a-new', NOW - 0.5 * H),
    alert('a-ack', NOW - 2 * H, [[NOW - 1.5 * H, 'acknowledged']], { severity: 'Extreme' }),
    alert('a-closed', NOW - 5 * H, [[NOW - 4 * H, 'resolved'], [NOW - 3.5 * H, 'closed']]),
    alert('a-nowhere', NOW - 0.2 * H, [], { location: null }),
  ];

  it('shows alerts with a place: New ones pulse, severity colours them, ended ones are dimmed', () => {
    const spec = alertLayerSpec(alerts, { kind: 'window', fromMs: NOW - 24 * H, toMs: Number.MAX_SAFE_INTEGER }, 1, 'points', String);
    expect(spec.ids).toEqual(['a-new', 'a-ack', 'a-closed']);
    expect([...spec.pulse!]).toEqual([1, 0, 0]);
    expect(rgbaAt(spec, 1)).toEqual([...SEVERITY_RGBA.Extreme]);
    expect(rgbaAt(spec, 2)[3]).toBeLessThan(255);
    expect(spec.tooltip(0)).toBe('Cảnh báo a-new — new\nCầu Cái Tắc');
  });

  it('the last hour keeps its new alerts and the open backlog, not what ended before it', () => {
    expect(selectAlerts(alerts, { kind: 'window', fromMs: NOW - H, toMs: Number.MAX_SAFE_INTEGER }).map((s) => s.alert.id)).toEqual(['a-new', 'a-ack']);
  });

  it('playback shows what was active then, in the state it had then', () => {
    const at = (t: number) => selectAlerts(alerts, { kind: 'playback', atMs: t }).map((s) => `${s.alert.id}:${s.state}`);
    expect(at(NOW - 6 * H)).toEqual([]);
    expect(at(NOW - 4.5 * H)).toEqual(['a-closed:new']);
    expect(at(NOW - 1.8 * H)).toEqual(['a-ack:new']);
    expect(at(NOW - 0.1 * H)).toEqual(['a-new:new', 'a-ack:acknowledged']);
    const spec = alertLayerSpec(alerts, { kind: 'playback', atMs: NOW - 1.8 * H }, 2, 'points', String);
    expect([...spec.pulse!]).toEqual([1]); // a-ack was still New then
  });

  it('the time controls: a playback at its right end, and windows ending now, stay open for alerts raised since the clock ticked', () => {
    const base = { kind: 'day' as const, customFromMs: null, customToMs: null };
    expect(alertTimeSelection({ ...base, playback: { hours: 6, atMs: NOW, playing: false } }, NOW)).toEqual({ kind: 'playback', atMs: Number.MAX_SAFE_INTEGER });
    expect(alertTimeSelection({ ...base, playback: { hours: 6, atMs: NOW - H, playing: false } }, NOW)).toEqual({ kind: 'playback', atMs: NOW - H });
    const hour = alertTimeSelection({ ...base, kind: 'hour', playback: null }, NOW);
    expect(hour).toEqual({ kind: 'window', fromMs: NOW - H, toMs: Number.MAX_SAFE_INTEGER });
    const custom = alertTimeSelection({ kind: 'custom', customFromMs: NOW - 3 * H, customToMs: NOW - H, playback: null }, NOW);
    expect(custom).toEqual({ kind: 'window', fromMs: NOW - 3 * H, toMs: NOW - H });
    // An inverted custom range falls back to today (since local midnight, +07:00) rather than an empty map.
    const inverted = alertTimeSelection({ kind: 'custom', customFromMs: NOW, customToMs: NOW - H, playback: null }, NOW);
    expect(inverted).toEqual({ kind: 'window', fromMs: Date.parse('2026-11-27T17:00:00.000Z'), toMs: Number.MAX_SAFE_INTEGER });
  });
});

describe('clusters', () => {
  function points(n: number, spread: number): PointLayerSpec {
    const positions = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      positions[i * 2] = 105.6 + ((i * 7919) % 1000) / 1000 * spread;
      positions[i * 2 + 1] = 9.8 + ((i * 104729) % 1000) / 1000 * spread;
    }
    return {
      type: 'points', id: 'p', kind: 'sample', revision: 1, count: n, positions, colors: new Uint8Array(n * 4).fill(200),
      ids: Array.from({ length: n }, (_, i) => `p${i}`), icons: null, radiusPixels: 5, pulse: null, mode: 'clusters', clusterMaxZoom: 11, legend: [], tooltip: () => '',
    };
  }

  it('gathers dense points into counted clusters at low zoom and lets them apart when zoomed in', () => {
    const spec = points(2000, 0.05);
    const index = new ClusterIndex();
    const low = index.view(spec, 8);
    expect(low.length).toBeLessThan(20);
    expect([...low.counts].reduce((a, b) => a + b, 0)).toBe(2000);
    const clusterAt = low.clusterId.findIndex((id) => id >= 0);
    expect(index.expansionZoom(low.clusterId[clusterAt]!)).toBeGreaterThan(8);
    const high = index.view(spec, 18);
    expect([...high.counts].every((c) => c === 1)).toBe(true);
    expect(high.length).toBe(2000);
  });
});

describe('region labels and selections', () => {
  it('labels each unit once, at its place point when the region has one', () => {
    const region = RegionSchema.parse({
      type: 'FeatureCollection',
      name: 'Thử',
      features: [
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[105, 9], [106, 9], [106, 10], [105, 10], [105, 9]]] }, properties: { role: 'boundary', name: 'Tỉnh' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[105, 9], [105.5, 9], [105.5, 10], [105, 10], [105, 9]]] }, properties: { role: 'unit', name: 'Vị Thanh' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[105.5, 9], [106, 9], [106, 10], [105.5, 10], [105.5, 9]]] }, properties: { role: 'unit', name: 'Ngã Bảy' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [105.2, 9.3] }, properties: { role: 'place', name: 'Vị Thanh' } },
      ],
    });
    const labels = regionLabelSpec(region, 1).texts;
    expect(labels.map((l) => l.text)).toEqual(['Vị Thanh', 'Ngã Bảy']);
    expect([labels[0]!.lon, labels[0]!.lat]).toEqual([105.2, 9.3]);
    expect([labels[1]!.lon, labels[1]!.lat]).toEqual([105.75, 9.5]);
  });

  it('a drawn selection opens on the smallest grid that holds it (at most 25 cameras)', () => {
    expect([1, 2, 4, 5, 6, 7, 9, 10, 16, 17, 25, 40].map(gridForSelection)).toEqual(['1', '2x2', '2x2', '1+5', '1+5', '3x3', '3x3', '4x4', '4x4', '5x5', '5x5', '5x5']);
  });
});
