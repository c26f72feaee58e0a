import { describe, expect, it } from 'vitest';
import type { AlertView, ReportView } from '../../../src-shared/desktop-api.js';
import type { AlertState } from '../../../src-shared/model/alert.js';
import type { ReportStatus } from '../../../src-shared/model/field-report.js';
import { RegionSchema } from '../../../src-shared/model/map.js';
import { ClusterIndex } from '../../../src-renderer/surfaces/map/cluster-index.js';
import { alertLayerSpec, selectAlerts } from '../../../src-renderer/surfaces/map/layers/alert-layer.js';
import { cameraLayerSpec } from '../../../src-renderer/surfaces/map/layers/camera-layer.js';
import { regionLabelSpec } from '../../../src-renderer/surfaces/map/layers/region-labels.js';
import { clipText, REPORT_CLUSTER_MAX_ZOOM, reportLayerSpec, type ReportLabels } from '../../../src-renderer/surfaces/map/layers/report-layer.js';
import { CAMERA_STATUS_RGBA, REPORT_OVERDUE_RGBA, REPORT_STATUS_RGBA, SEVERITY_RGBA } from '../../../src-renderer/surfaces/map/map-colors.js';
import { MAP_LAYER_SOURCES } from '../../../src-renderer/surfaces/map/map-layer-registry.js';
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

function fieldReport(id: string, status: ReportStatus, at: [lon: number, lat: number] | null, extra: Partial<ReportView> = {}): ReportView {
  return {
    id,
    token: `tok-${id}`,
    serviceCode: 'giao-thong',
    location: { lat: at ? at[1] : null, lon: at ? at[0] : null, address: `Địa chỉ ${id}`, addressId: '', unitId: null },
    description: 'Ổ gà lớn giữa đường',
    attributes: {},
    mediaUrls: [],
    reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
    channel: 'open311',
    apiKeyId: 'k-test',
    status,
    departmentId: null,
    receivedAt: iso(NOW - 2 * H),
    updatedAt: iso(NOW - 2 * H),
    dueAt: iso(NOW + 70 * H),
    duplicateOf: null,
    duplicateSuggestions: [],
    slaAlerts: [],
    history: [],
    pending: [],
    overdue: false,
    ...extra,
  };
}

const REPORT_LABELS: ReportLabels = { status: (s) => `st:${s}`, overdue: 'quá hạn' };

describe('field report layer descriptor', () => {
  const reports = [
    fieldReport('PA-1', 'received', [105.47, 9.785]),
    fieldReport('PA-2', 'in_progress', [105.56, 9.8], { overdue: true, departmentId: 'so-gtvt' }),
    fieldReport('PA-3', 'resolved', [105.82, 9.815]),
    fieldReport('PA-4', 'forwarded', null), // an address only: not on the map
    fieldReport('PA-5', 'duplicate', [105.4701, 9.7851], { duplicateOf: 'PA-1' }),
    fieldReport('PA-6', 'rejected', [105.6, 9.62]),
  ];
  const at = (spec: PointLayerSpec, id: string) => spec.ids.indexOf(id);

  it('puts reports with a position at it and skips those without; duplicates are left off unless asked for', () => {
    const spec = reportLayerSpec(reports, 4, 'clusters', REPORT_LABELS);
    expect(spec.id).toBe('reports');
    expect(spec.kind).toBe('report');
    expect(spec.revision).toBe(4);
    expect(spec.mode).toBe('clusters');
    expect([...spec.ids].sort()).toEqual(['PA-1', 'PA-2', 'PA-3', 'PA-6']);
    expect(spec.count).toBe(4);
    for (const id of spec.ids) {
      const r = reports.find((x) => x.id === id)!;
      expect(spec.positions[at(spec, id) * 2]).toBeCloseTo(r.location.lon!, 4);
      expect(spec.positions[at(spec, id) * 2 + 1]).toBeCloseTo(r.location.lat!, 4);
      expect(spec.reports[at(spec, id)]).toBe(r);
    }
    const withDuplicates = reportLayerSpec(reports, 5, 'points', REPORT_LABELS, { showDuplicates: true });
    expect(withDuplicates.ids).toContain('PA-5');
    expect(rgbaAt(withDuplicates, at(withDuplicates, 'PA-5'))).toEqual([...REPORT_STATUS_RGBA.duplicate]);
    expect(withDuplicates.legend.map((l) => l.labelKey)).toContain('reports.status.duplicate');
    expect(reportLayerSpec([], 6, 'clusters', REPORT_LABELS).count).toBe(0);
  });

  it('colours by status: open steps apart from closed ones, an overdue open report in its own colour and drawn on top', () => {
    const spec = reportLayerSpec(reports, 1, 'points', REPORT_LABELS);
    expect(rgbaAt(spec, at(spec, 'PA-1'))).toEqual([...REPORT_STATUS_RGBA.received]);
    expect(rgbaAt(spec, at(spec, 'PA-2'))).toEqual([...REPORT_OVERDUE_RGBA]);
    expect(rgbaAt(spec, at(spec, 'PA-3'))).toEqual([...REPORT_STATUS_RGBA.resolved]);
    expect(rgbaAt(spec, at(spec, 'PA-6'))).toEqual([...REPORT_STATUS_RGBA.rejected]);
    // Every class its own colour; closed ones translucent, open ones opaque.
    const all = [...Object.values(REPORT_STATUS_RGBA), REPORT_OVERDUE_RGBA].map((c) => c.join(','));
    expect(new Set(all).size).toBe(all.length);
    for (const s of ['received', 'classified', 'forwarded', 'in_progress'] as const) expect(REPORT_STATUS_RGBA[s][3]).toBe(255);
    for (const s of ['resolved', 'rejected', 'duplicate'] as const) expect(REPORT_STATUS_RGBA[s][3]).toBeLessThan(255);
    // The same report not overdue has its step's colour; a closed one is never drawn as overdue.
    const onTime = reportLayerSpec([{ ...reports[1]!, overdue: false }], 2, 'points', REPORT_LABELS);
    expect(rgbaAt(onTime, 0)).toEqual([...REPORT_STATUS_RGBA.in_progress]);
    const closedLate = reportLayerSpec([{ ...reports[2]!, overdue: true }], 3, 'points', REPORT_LABELS);
    expect(rgbaAt(closedLate, 0)).toEqual([...REPORT_STATUS_RGBA.resolved]);
    // Later points draw over earlier ones: closed underneath, overdue last.
    expect(spec.ids.at(-1)).toBe('PA-2');
    expect(at(spec, 'PA-6')).toBeLessThan(at(spec, 'PA-1'));
    expect(at(spec, 'PA-3')).toBeLessThan(at(spec, 'PA-1'));
  });

  it('names the report in its tooltip: id, service, status, overdue and address, as plain text', () => {
    const spec = reportLayerSpec(reports, 1, 'points', REPORT_LABELS);
    expect(spec.tooltip(at(spec, 'PA-2'))).toBe('PA-2 — Giao thông\nst:in_progress · quá hạn\nĐịa chỉ PA-2');
    expect(spec.tooltip(at(spec, 'PA-1'))).toBe('PA-1 — Giao thông\nst:received\nĐịa chỉ PA-1');
    const unknownService = reportLayerSpec([fieldReport('PA-9', 'received', [105.5, 9.8], { serviceCode: 'khong-co', location: { lat: 9.8, lon: 105.5, address: '', addressId: '', unitId: null } })], 1, 'points', REPORT_LABELS);
    expect(unknownService.tooltip(0)).toBe('PA-9 — khong-co\nst:received');
    expect(spec.tooltip(99)).toBe('');
  });

  it('has a legend entry per status (overdue first, duplicates only when shown)', () => {
    const spec = reportLayerSpec(reports, 1, 'clusters', REPORT_LABELS);
    expect(spec.legend.map((l) => l.labelKey)).toEqual([
      'map.report.legendOverdue',
      'reports.status.received',
      'reports.status.classified',
      'reports.status.forwarded',
      'reports.status.in_progress',
      'reports.status.resolved',
      'reports.status.rejected',
    ]);
    expect(spec.legend[0]!.color).toEqual(REPORT_OVERDUE_RGBA);
  });

  it('clusters by status: the engine’s clusters say how many of each status they hold; single reports keep their status colour', () => {
    // Two towns: Vị Thanh with 40 reports of mixed status, Ngã Bảy with 12 resolved and one received farther off.
    const statuses: ReportStatus[] = ['received', 'classified', 'forwarded', 'in_progress', 'resolved', 'rejected'];
    const many: ReportView[] = [];
    for (let i = 0; i < 40; i++) {
      const s = statuses[i % statuses.length]!;
      many.push(fieldReport(`VT-${i}`, s, [105.47 + (i % 7) * 0.001, 9.785 + Math.floor(i / 7) * 0.001], { overdue: s === 'in_progress' && i % 4 === 3 }));
    }
    for (let i = 0; i < 12; i++) many.push(fieldReport(`NB-${i}`, 'resolved', [105.82 + i * 0.0005, 9.815]));
    many.push(fieldReport('LM-0', 'received', [105.57, 9.68]));
    const spec = reportLayerSpec(many, 9, 'clusters', REPORT_LABELS);
    expect(spec.clusterMaxZoom).toBe(REPORT_CLUSTER_MAX_ZOOM);
    const engine = new ClusterIndex();
    const expectedVt = new Map<string, number>();
    for (const r of many.slice(0, 40)) {
      const cls = r.overdue ? 'overdue' : r.status;
      expectedVt.set(cls, (expectedVt.get(cls) ?? 0) + 1);
    }

    const low = engine.view(spec, 9);
    expect([...low.counts].reduce((a, b) => a + b, 0)).toBe(many.length);
    const clusters = [...low.clusterId].map((id, i) => ({ id, i })).filter((c) => c.id >= 0);
    expect(clusters.length).toBe(2);
    for (const { id, i } of clusters) {
      const breakdown = spec.clusterBreakdown(id);
      expect(breakdown.reduce((a, b) => a + b.count, 0)).toBe(low.counts[i]);
      if (low.counts[i] === 40) {
        expect(Object.fromEntries(breakdown.map((b) => [b.cls, b.count]))).toEqual(Object.fromEntries(expectedVt));
        // Legend order: overdue first.
        expect(breakdown[0]!.cls).toBe('overdue');
        expect(spec.clusterSummary(id).split('\n')[0]).toBe(`quá hạn: ${expectedVt.get('overdue')}`);
      } else {
        expect(breakdown).toEqual([{ cls: 'resolved', count: 12 }]);
        expect(spec.clusterSummary(id)).toBe('st:resolved: 12');
      }
    }
    // The lone report is not a cluster: drawn alone, in its status colour.
    const lone = [...low.pointIndex].findIndex((p) => p >= 0 && spec.ids[p] === 'LM-0');
    expect(lone).toBeGreaterThanOrEqual(0);
    expect([...low.colors.subarray(lone * 4, lone * 4 + 4)]).toEqual([...REPORT_STATUS_RGBA.received]);

    // The breakdown replays the engine's clustering: every engine cluster at every level is known to it.
    for (let z = 0; z <= REPORT_CLUSTER_MAX_ZOOM; z++) {
      const view = engine.view(spec, z);
      for (let i = 0; i < view.length; i++) {
        if (view.clusterId[i]! < 0) continue;
        expect(spec.clusterBreakdown(view.clusterId[i]!).reduce((a, b) => a + b.count, 0), `zoom ${z}`).toBe(view.counts[i]);
      }
    }
    expect(spec.clusterBreakdown(123456789)).toEqual([]);
    expect(spec.clusterSummary(123456789)).toBe('');
  });

  it('is a layer of the map: clusters by default, three modes, drawn beneath cameras and alerts', () => {
    const source = MAP_LAYER_SOURCES.find((s) => s.id === 'reports')!;
    expect(source.titleKey).toBe('map.layer.reports');
    expect(source.defaultMode).toBe('clusters');
    expect(source.modes).toEqual(['points', 'clusters', 'heatmap']);
    for (const other of MAP_LAYER_SOURCES.filter((s) => s.id !== 'reports')) expect(source.drawOrder ?? 0).toBeLessThan(other.drawOrder ?? 0);
  });

  it('the card clips a long description on whole characters', () => {
    expect(clipText('  ngắn  ', 10)).toBe('ngắn');
    expect(clipText('Ổ gà lớn giữa đường', 8)).toBe('Ổ gà lớn…');
    expect(clipText('😀😀😀', 2)).toBe('😀😀…');
  });
});
