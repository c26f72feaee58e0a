import type { KpiBoardView, SyncStatus } from '../../../src-shared/desktop-api.js';
import {
  KPI_METRICS,
  type KpiAgencyRow,
  type KpiBoard,
  type KpiCounts,
  type KpiFieldRow,
  type KpiFigureRef,
  type KpiMetric,
  type KpiScope,
  type KpiTrendDay,
} from '../../../src-shared/model/kpi.js';
import type { WindowLink } from '../../store/slices/sync-slice.js';

/** The wall board's pages, in playlist order. */
export const KPI_PAGES = ['totals', 'agencies', 'fields', 'trend', 'overdue'] as const;
export type KpiPage = (typeof KPI_PAGES)[number];

/** Rows a wall page shows at most, so it never scrolls at 1280×800; the rest are counted. */
export const WALL_TABLE_ROWS = 11;
export const WALL_OVERDUE_AGENCIES = 8;
export const WALL_OVERDUE_DOSSIERS = 3;

/** The figures a province / agency / field row shows, in column order (the rate comes after). */
export const ROW_METRICS: readonly KpiMetric[] = ['received', 'completed', 'onTime', 'late', 'overdue'];
export const DESK_METRICS: readonly KpiMetric[] = KPI_METRICS;

// ───────────────────────────────────────────────────────── figures

/** A figure's address; absent parts are left out (never `undefined` keys), so refs compare and serialise cleanly. */
export function figureRef(scope: KpiScope, metric: KpiMetric, where: { agencyId?: string | null; field?: string | null } = {}): KpiFigureRef {
  const ref: KpiFigureRef = { scope, metric };
  if (where.agencyId) ref.agencyId = where.agencyId;
  if (where.field) ref.field = where.field;
  return ref;
}

export function sameFigure(a: KpiFigureRef | null | undefined, b: KpiFigureRef | null | undefined): boolean {
  if (!a || !b) return false;
  return a.scope === b.scope && a.metric === b.metric && (a.agencyId ?? '') === (b.agencyId ?? '') && (a.field ?? '') === (b.field ?? '');
}

/** The data attributes every figure button carries (empty strings for "any agency" / "any field"). */
export function figureAttributes(ref: KpiFigureRef): Record<'data-scope' | 'data-metric' | 'data-agency-id' | 'data-field', string> {
  return { 'data-scope': ref.scope, 'data-metric': ref.metric, 'data-agency-id': ref.agencyId ?? '', 'data-field': ref.field ?? '' };
}

// ───────────────────────────────────────────────────────── numbers (vi-VN whatever the language)

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** `1.532` */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** `94,3%`; `—` when nothing was completed. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : percent.format(rate);
}

/** `52,5` (working hours) */
export function formatHours(hours: number): string {
  return decimal.format(hours);
}

// ───────────────────────────────────────────────────────── freshness

export interface BoardFreshness {
  /** Show the stale badge. */
  stale: boolean;
  /** Why: the window cannot reach its host, the host shows its cached copy, or a portal source is behind. */
  reason: 'host' | 'cached' | 'source' | null;
  /** Since the host fetched the board; null without one. */
  ageMs: number | null;
}

/**
 * Whether the board on screen is old: the server's own verdict (a source not read within
 * its threshold), the host showing its cached copy (server unreachable), or the window's
 * link to the host down (then nothing new can arrive either).
 */
export function boardFreshness(view: KpiBoardView | null, sync: SyncStatus | null, bridge: WindowLink, now: number): BoardFreshness {
  const fetchedMs = view?.fetchedAt ? Date.parse(view.fetchedAt) : NaN;
  const ageMs = Number.isFinite(fetchedMs) ? Math.max(0, now - fetchedMs) : null;
  if (!view?.board) return { stale: false, reason: null, ageMs };
  const hostDown = bridge === 'connecting' || bridge === 'closed' || bridge === 'absent';
  if (hostDown) return { stale: true, reason: 'host', ageMs };
  if (view.fromCache || (sync !== null && sync.connection === 'offline')) return { stale: true, reason: 'cached', ageMs };
  if (view.board.provenance.stale) return { stale: true, reason: 'source', ageMs };
  return { stale: false, reason: null, ageMs };
}

// ───────────────────────────────────────────────────────── rows

/** Agencies in ranking order (best first), the unranked after them by name. */
export function agenciesByRank(board: KpiBoard): (KpiAgencyRow & { rank: number | null })[] {
  const rank = new Map(board.ranking.map((r) => [r.agencyId, r.rank]));
  return board.byAgency
    .map((a) => ({ ...a, rank: rank.get(a.agencyId) ?? null }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'vi'));
}

/** Fields with the most received in `scope` first, then by name. */
export function fieldsByVolume(board: KpiBoard, scope: KpiScope): KpiFieldRow[] {
  return [...board.byField].sort((a, b) => b.counts[scope].received - a.counts[scope].received || a.field.localeCompare(b.field, 'vi'));
}

/** The agencies a picker offers (every agency the board names), by name. */
export function agencyChoices(board: KpiBoard | null): { id: string; name: string }[] {
  if (!board) return [];
  const names = new Map<string, string>();
  for (const a of board.byAgency) names.set(a.agencyId, a.name);
  for (const a of board.ranking) if (!names.has(a.agencyId)) names.set(a.agencyId, a.name);
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export function fieldChoices(board: KpiBoard | null): string[] {
  if (!board) return [];
  return board.byField.map((f) => f.field).sort((a, b) => a.localeCompare(b, 'vi'));
}

export function countOf(counts: KpiCounts, metric: KpiMetric): number {
  return counts[metric];
}

// ───────────────────────────────────────────────────────── trend chart

export interface TrendSeries {
  key: 'received' | 'completed' | 'late';
  points: { x: number; y: number; value: number; day: string }[];
  path: string;
}

export interface TrendGeometry {
  width: number;
  height: number;
  max: number;
  series: TrendSeries[];
  /** Y of gridlines with their values. */
  grid: { y: number; value: number }[];
  /** Every few days: x and the day label (dd/MM). */
  ticks: { x: number; label: string }[];
}

/** A 'nice' ceiling for the axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Lines for received / completed / late over the days, in a `width`×`height` box with `pad` for labels. */
export function trendGeometry(trend: readonly KpiTrendDay[], width: number, height: number, pad = { left: 60, right: 20, top: 20, bottom: 40 }): TrendGeometry {
  const max = niceCeiling(Math.max(1, ...trend.flatMap((d) => [d.received, d.completed, d.late])));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number): number => pad.left + (trend.length <= 1 ? innerW / 2 : (i * innerW) / (trend.length - 1));
  const y = (v: number): number => pad.top + innerH - (v / max) * innerH;
  const round = (n: number): number => Math.round(n * 10) / 10;
  const series = (['received', 'completed', 'late'] as const).map((key): TrendSeries => {
    const points = trend.map((d, i) => ({ x: round(x(i)), y: round(y(d[key])), value: d[key], day: d.day }));
    return { key, points, path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ') };
  });
  // Whole numbers only on the axis: 5, 4, 2 or 1 divisions of the nice maximum.
  const divisions = [5, 4, 2, 1].find((d) => Number.isInteger(max / d)) ?? 1;
  const grid = Array.from({ length: divisions + 1 }, (_, i) => ({ y: round(y((max * i) / divisions)), value: (max * i) / divisions }));
  // Day labels counted back from the newest day, so the latest is always labelled and none collide.
  const every = Math.max(1, Math.ceil(trend.length / 8));
  const ticks = trend.flatMap((d, i) => ((trend.length - 1 - i) % every === 0 ? [{ x: round(x(i)), label: `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}` }] : []));
  return { width, height, max, series, grid, ticks };
}
