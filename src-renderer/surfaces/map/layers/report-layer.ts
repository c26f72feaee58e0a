import Supercluster, { type PointFeature } from 'supercluster';
import type { ReportView } from '../../../../src-shared/desktop-api.js';
import { isOpenReport, type ReportStatus } from '../../../../src-shared/model/field-report.js';
import { findService } from '../../../../src-shared/model/report-catalog.js';
import { REPORT_OVERDUE_RGBA, REPORT_STATUS_RGBA } from '../map-colors.js';
import type { LegendEntry, PointDisplayMode, PointLayerSpec, Rgba } from '../map-layer-spec.js';

export const REPORT_LAYER_ID = 'reports';
/** Above this zoom a 'clusters' report layer shows single reports (a town's streets). */
export const REPORT_CLUSTER_MAX_ZOOM = 12;
/**
 * The engine's cluster settings (ClusterIndex: radius 48 px, at least 3 points, default
 * extent and node size). The status breakdown of a cluster below replays the same
 * clustering on the same points so the engine's cluster ids name the same clusters;
 * a unit test checks that the two agree.
 */
const ENGINE_CLUSTER_RADIUS = 48;
const ENGINE_CLUSTER_MIN_POINTS = 3;

/** What a report shows as on the map: its status, or 'overdue' for an open report past its due time. */
export type ReportMapClass = ReportStatus | 'overdue';

/** Legend order, which is also the order of a cluster's breakdown: the open work first, most urgent on top. */
export const REPORT_MAP_CLASSES: readonly ReportMapClass[] = ['overdue', 'received', 'classified', 'forwarded', 'in_progress', 'resolved', 'rejected', 'duplicate'];

/** Draw order within the layer: closed ones underneath, overdue ones on top where they cannot be hidden. */
const DRAW_RANK: Record<ReportMapClass, number> = {
  duplicate: 0,
  rejected: 1,
  resolved: 2,
  received: 3,
  classified: 3,
  forwarded: 3,
  in_progress: 3,
  overdue: 4,
};

export function reportMapClass(report: Pick<ReportView, 'status' | 'overdue'>): ReportMapClass {
  return report.overdue && isOpenReport(report) ? 'overdue' : report.status;
}

export function reportMapColor(cls: ReportMapClass): Rgba {
  return cls === 'overdue' ? REPORT_OVERDUE_RGBA : REPORT_STATUS_RGBA[cls];
}

/** Labels the layer writes into tooltips; the caller translates. */
export interface ReportLabels {
  status(status: ReportStatus): string;
  /** "quá hạn" */
  overdue: string;
  /** Service name for a code; default: the catalogue's Vietnamese name, else the code. */
  service?(code: string): string;
}

export interface ReportLayerOptions {
  /**
   * Duplicates are left off the map by default. A duplicate was merged into an original
   * that is itself on the map (within DUPLICATE_RADIUS_M of it, usually metres away): drawn,
   * it would count one problem twice in a cluster and in the heatmap, and sit on top of
   * the original where it takes the hover and the click. The desk still lists them.
   */
  showDuplicates?: boolean;
}

const legendLabelKey = (cls: ReportMapClass) => (cls === 'overdue' ? 'map.report.legendOverdue' : `reports.status.${cls}`);

export function reportLegend(showDuplicates = false): LegendEntry[] {
  return REPORT_MAP_CLASSES.filter((c) => showDuplicates || c !== 'duplicate').map((c) => ({ labelKey: legendLabelKey(c), color: reportMapColor(c), icon: null }));
}

const LEGEND = reportLegend(false);
const LEGEND_WITH_DUPLICATES = reportLegend(true);

/** A point layer of field reports, plus what a cluster of it holds by status. */
export interface ReportLayerSpec extends PointLayerSpec {
  kind: 'report';
  /** The reports drawn, in point order (`ids[i]` is `reports[i].id`). */
  readonly reports: readonly ReportView[];
  /** Per map class, how many reports the engine's cluster `clusterId` holds (only classes present, legend order). */
  clusterBreakdown(clusterId: number): { cls: ReportMapClass; count: number }[];
  /** The breakdown as tooltip lines ("Quá hạn: 3"), empty for an unknown cluster. */
  clusterSummary(clusterId: number): string;
}

export function isReportLayerSpec(spec: PointLayerSpec | undefined | null): spec is ReportLayerSpec {
  return !!spec && spec.kind === 'report' && 'clusterBreakdown' in spec;
}

/**
 * Field reports (phản ánh hiện trường) at their position, coloured by status; an open
 * report past its due time in the overdue colour whatever its step. Reports without a
 * position (a citizen may give only an address) are not on the map.
 */
export function reportLayerSpec(
  reports: readonly ReportView[],
  revision: number,
  mode: PointDisplayMode,
  labels: ReportLabels,
  options: ReportLayerOptions = {},
): ReportLayerSpec {
  const showDuplicates = options.showDuplicates === true;
  const shown: { report: ReportView; cls: ReportMapClass }[] = [];
  for (const report of reports) {
    const { lat, lon } = report.location;
    if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const cls = reportMapClass(report);
    if (cls === 'duplicate' && !showDuplicates) continue;
    shown.push({ report, cls });
  }
  // Stable: within one rank the host's order (newest first) stays.
  shown.sort((a, b) => DRAW_RANK[a.cls] - DRAW_RANK[b.cls]);

  const count = shown.length;
  const positions = new Float32Array(count * 2);
  const colors = new Uint8Array(count * 4);
  const ids: string[] = new Array<string>(count);
  const classes: ReportMapClass[] = new Array<ReportMapClass>(count);
  const drawn: ReportView[] = new Array<ReportView>(count);
  for (let i = 0; i < count; i++) {
    const { report, cls } = shown[i]!;
    positions[i * 2] = report.location.lon!;
    positions[i * 2 + 1] = report.location.lat!;
    colors.set(reportMapColor(cls), i * 4);
    ids[i] = report.id;
    classes[i] = cls;
    drawn[i] = report;
  }

  const serviceName = labels.service ?? ((code: string) => findService(code)?.name ?? code);
  const classLabel = (cls: ReportMapClass) => (cls === 'overdue' ? labels.overdue : labels.status(cls));

  // Built on the first cluster hover only: most layers are never asked.
  let breakdownIndex: Supercluster<{ i: number }> | null = null;
  function clusterBreakdown(clusterId: number): { cls: ReportMapClass; count: number }[] {
    if (count === 0) return [];
    if (!breakdownIndex) {
      const features: PointFeature<{ i: number }>[] = new Array(count);
      for (let i = 0; i < count; i++) {
        features[i] = { type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [positions[i * 2]!, positions[i * 2 + 1]!] } };
      }
      breakdownIndex = new Supercluster<{ i: number }>({ radius: ENGINE_CLUSTER_RADIUS, maxZoom: REPORT_CLUSTER_MAX_ZOOM, minPoints: ENGINE_CLUSTER_MIN_POINTS });
      breakdownIndex.load(features);
    }
    let leaves: PointFeature<{ i: number }>[];
    try {
      leaves = breakdownIndex.getLeaves(clusterId, Infinity);
    } catch {
      return []; // not a cluster of this revision
    }
    const tally = new Map<ReportMapClass, number>();
    for (const leaf of leaves) {
      const cls = classes[leaf.properties.i];
      if (cls) tally.set(cls, (tally.get(cls) ?? 0) + 1);
    }
    return REPORT_MAP_CLASSES.filter((c) => tally.has(c)).map((c) => ({ cls: c, count: tally.get(c)! }));
  }

  return {
    type: 'points',
    id: REPORT_LAYER_ID,
    kind: 'report',
    revision,
    count,
    positions,
    colors,
    ids,
    icons: null,
    radiusPixels: 7,
    pulse: null,
    mode,
    clusterMaxZoom: REPORT_CLUSTER_MAX_ZOOM,
    legend: showDuplicates ? LEGEND_WITH_DUPLICATES : LEGEND,
    reports: drawn,
    tooltip: (i) => {
      const report = drawn[i];
      if (!report) return '';
      const state = classes[i] === 'overdue' ? `${labels.status(report.status)} · ${labels.overdue}` : labels.status(report.status);
      const where = report.location.address ? `\n${report.location.address}` : '';
      return `${report.id} — ${serviceName(report.serviceCode)}\n${state}${where}`;
    },
    clusterBreakdown,
    clusterSummary: (clusterId) =>
      clusterBreakdown(clusterId)
        .map(({ cls, count: n }) => `${classLabel(cls)}: ${n}`)
        .join('\n'),
  };
}

/** Clips citizen text for a small space: cuts on code points (never half a surrogate pair) and marks the cut. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('').trimEnd()}…`;
}
