import type { Agency, Dossier, Timeliness } from '../../src-shared/model/dossier.js';
import { effectiveDueMs, timelinessOf, toDossierSummary, parseInstantMs } from '../../src-shared/model/dossier-timeliness.js';
import {
  KPI_METRICS,
  KPI_SCOPES,
  type ConnectorHealth,
  type DossierSummary,
  type KpiAgencyRow,
  type KpiBoard,
  type KpiCounts,
  type KpiDrillResult,
  type KpiFieldRow,
  type KpiFigureRef,
  type KpiMetric,
  type KpiScope,
  type KpiTrendDay,
} from '../../src-shared/model/kpi.js';
import { workingMsBetween, type WorkingCalendarLike } from '../../src-shared/model/working-calendar.js';

/**
 * The KPI board over the portal's dossiers, kept in memory and updated incrementally.
 *
 * Counting. Every dossier contributes to counters keyed by (dimension, granularity,
 * period): the dimensions are the province total, its handling agency and its field; the
 * granularities a Vietnam day, month and year (+07:00; dense arrays per dimension).
 * Received-based metrics (received, online, and the open states inProgress / atRisk /
 * overdue) count in the periods of `receivedAt`, completion-based ones (completed, onTime,
 * late) in the periods of `completedAt` (kpi.ts). "Today" is then just the counter of
 * today's day number: a new day, month or year needs no re-bucketing, the board reads
 * other cells.
 *
 * What a dossier is comes from the shared rules (`timelinessOf`): on-time / late =
 * completed (counted when `completedAt` is set), in-time / at-risk / overdue = still open
 * (inProgress counts all three), cancelled = neither (it still counts as received).
 *
 * Incremental. Each dossier's contribution is remembered (its entry), so `apply` subtracts
 * the old one and adds the new: O(changed).
 *
 * Time. An open dossier's state changes as "now" moves; every read (`board`, `drill`, …)
 * first brings the states to now, touching only what can have changed:
 * - a fixed due time (no pause still running): the entry sits in a min-heap at the earliest
 *   instant its state can change — its effective due time for the overdue step; for the
 *   at-risk step a lower bound, since working time runs at most as fast as wall time (with
 *   W working time left at t, it stays above the threshold H until at least t + (W − H));
 *   the heap is drained up to now and only those entries are re-evaluated;
 * - a running pause that started after every other pause ended ("frozen"): the working time
 *   left is constant while the clock is stopped, so the state cannot change until an update
 *   (only the due time moves: re-read when a list is sorted by it);
 * - any other pause arrangement (one still to start or end): re-evaluated on every read.
 * If now moves backwards, every open entry is re-evaluated.
 */

export interface KpiEngineOptions {
  calendar: WorkingCalendarLike;
  /** Working hours before the effective due time from which an open dossier is at risk. */
  atRiskWorkingHours: number;
  now?: () => number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const VN_OFFSET_MS = 7 * HOUR_MS;
/** An entry is re-evaluated at least this often even when no threshold is due (a safety net, cheap). */
const MAX_RECHECK_MS = 6 * HOUR_MS;
export const DEFAULT_DRILL_LIMIT = 500;
export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;
export const OVERDUE_LISTED_PER_AGENCY = 20;
export const TREND_DAYS = 30;

// Metric slots in a counter cell.
const M_RECEIVED = 0;
const M_ONLINE = 1;
const M_IN_PROGRESS = 2;
const M_COMPLETED = 3;
const M_ON_TIME = 4;
const M_LATE = 5;
const M_OVERDUE = 6;
const M_AT_RISK = 7;
const METRIC_SLOT: Record<KpiMetric, number> = {
  received: M_RECEIVED,
  online: M_ONLINE,
  inProgress: M_IN_PROGRESS,
  completed: M_COMPLETED,
  onTime: M_ON_TIME,
  late: M_LATE,
  overdue: M_OVERDUE,
  atRisk: M_AT_RISK,
};

const G_DAY = 0;
const G_MONTH = 1;
const G_YEAR = 2;
const SCOPE_GRAN: Record<KpiScope, number> = { today: G_DAY, month: G_MONTH, year: G_YEAR };

const KIND_NONE = 0;
const KIND_OPEN = 1;
const KIND_DONE = 2;

const STATE_IN_TIME = 0;
const STATE_AT_RISK = 1;
const STATE_OVERDUE = 2;

/** Days since 1970-01-01 → civil date (Howard Hinnant's algorithm), month 1–12. */
function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Vietnam calendar periods of an instant: day number (days since 1970-01-01 VN), month number ((y−1970)·12 + m−1), year. */
export interface VietnamPeriods {
  day: number;
  month: number;
  year: number;
}

export function vietnamPeriods(ms: number): VietnamPeriods {
  const day = Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
  const { y, m } = civilFromDays(day);
  return { day, month: (y - 1970) * 12 + (m - 1), year: y };
}

/** YYYY-MM-DD of a Vietnam day number. */
export function dayLabel(day: number): string {
  const { y, m, d } = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function periodOf(p: VietnamPeriods, gran: number): number {
  return gran === G_DAY ? p.day : gran === G_MONTH ? p.month : p.year;
}

/**
 * The counters of one (dimension, granularity): 8 metric slots per period, dense over the
 * periods seen within [DENSE_MIN, DENSE_MAX) of that granularity (grown on demand), a map
 * for anything outside (dates centuries away: legal, rare, never allowed to blow up memory).
 */
const DENSE_RANGE: readonly (readonly [number, number])[] = [
  [0, 47_482], // days 1970-01-01 … 2099-12-31
  [0, 1_560], // months 1970-01 … 2099-12
  [1970, 2100], // years
];

class Series {
  lo = 0;
  hi = 0;
  data = new Int32Array(0);
  readonly outliers = new Map<number, Int32Array>();

  constructor(private readonly gran: number) {}

  /** The array holding `period` and sets `at` to its first slot; grows as needed. */
  locate(period: number): Int32Array {
    if (period >= this.lo && period < this.hi) {
      this.at = (period - this.lo) * 8;
      return this.data;
    }
    const [min, max] = DENSE_RANGE[this.gran]!;
    if (period < min || period >= max) {
      let cell = this.outliers.get(period);
      if (!cell) this.outliers.set(period, (cell = new Int32Array(8)));
      this.at = 0;
      return cell;
    }
    const slack = this.gran === G_DAY ? 366 : this.gran === G_MONTH ? 12 : 2;
    const lo = this.hi === this.lo ? Math.max(min, period - slack) : Math.max(min, Math.min(this.lo, period - slack));
    const hi = this.hi === this.lo ? Math.min(max, period + slack) : Math.min(max, Math.max(this.hi, period + slack));
    const data = new Int32Array((hi - lo) * 8);
    if (this.hi > this.lo) data.set(this.data, (this.lo - lo) * 8);
    this.lo = lo;
    this.hi = hi;
    this.data = data;
    this.at = (period - lo) * 8;
    return data;
  }

  /** Offset of the last `locate`. */
  at = 0;

  /** One metric slot of a period (0 when nothing was ever counted there). */
  read(period: number, slot: number): number {
    if (period >= this.lo && period < this.hi) return this.data[(period - this.lo) * 8 + slot]!;
    return this.outliers.get(period)?.[slot] ?? 0;
  }
}

/**
 * What the engine remembers of a dossier: its contribution (flat numbers, no nested
 * objects: a million of these are held), and for an open one its state and next check.
 */
interface Entry {
  dossier: Dossier;
  agencyDim: number;
  fieldDim: number;
  online: boolean;
  receivedMs: number;
  /** Received periods; hasReceived false when receivedAt cannot be read (counted nowhere). */
  hasReceived: boolean;
  rDay: number;
  rMonth: number;
  rYear: number;
  kind: number;
  /** Completion periods (kind DONE with a readable completedAt). */
  hasCompleted: boolean;
  cDay: number;
  cMonth: number;
  cYear: number;
  completedMs: number;
  onTime: boolean;
  /** Open state (kind OPEN). */
  state: number;
  /** Effective due time at `effDueAtMs` (ordering; NaN when unknown). */
  effDueMs: number;
  effDueAtMs: number;
  /** On the volatile list: a pause can still move the due time, re-evaluated on every read. */
  volatile: boolean;
  /**
   * Frozen: a pause is open and began before every other pause ended, so the working time
   * left stays what it is (the clock is stopped) and so does the state; only the due time
   * moves on (re-read when a list is sorted by it).
   */
  frozen: boolean;
  /** The end of the latest pause (Infinity while one is open): volatile or frozen while now is before it. */
  pausedUntilMs: number;
  /** From this instant on, a still-open pause is all that moves the clock (the latest closed-pause end or open-pause start). */
  settledFromMs: number;
  /** Bumped whenever the entry is re-scheduled or replaced; stale heap items are skipped. */
  gen: number;
  /** False once replaced or removed. */
  live: boolean;
}

/** A min-heap of (time, entry, gen) in parallel arrays; stale items are skipped on pop. */
class CheckHeap {
  private times: number[] = [];
  private entries: Entry[] = [];
  private gens: number[] = [];

  get size(): number {
    return this.times.length;
  }

  clear(): void {
    this.times = [];
    this.entries = [];
    this.gens = [];
  }

  push(time: number, entry: Entry): void {
    const { times, entries, gens } = this;
    let i = times.length;
    times.push(time);
    entries.push(entry);
    gens.push(entry.gen);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= time) break;
      times[i] = times[parent]!;
      entries[i] = entries[parent]!;
      gens[i] = gens[parent]!;
      i = parent;
    }
    times[i] = time;
    entries[i] = entry;
    gens[i] = entry.gen;
  }

  peekTime(): number {
    return this.times.length > 0 ? this.times[0]! : Infinity;
  }

  /** Removes the top; returns its entry when the item is current, else null. */
  pop(): Entry | null {
    const { times, entries, gens } = this;
    const topEntry = entries[0]!;
    const topGen = gens[0]!;
    const lastTime = times.pop()!;
    const lastEntry = entries.pop()!;
    const lastGen = gens.pop()!;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && times[r]! < times[l]! ? r : l;
        if (times[c]! >= lastTime) break;
        times[i] = times[c]!;
        entries[i] = entries[c]!;
        gens[i] = gens[c]!;
        i = c;
      }
      times[i] = lastTime;
      entries[i] = lastEntry;
      gens[i] = lastGen;
    }
    return topEntry.live && topEntry.gen === topGen ? topEntry : null;
  }
}

/** Pause facts that decide how the due time moves: see Entry.pausedUntilMs / settledFromMs. */
function pauseTimes(d: Dossier): { until: number; settled: number; open: boolean } {
  let until = -Infinity;
  let settled = -Infinity;
  let open = false;
  for (const p of d.pauses) {
    const from = parseInstantMs(p.from);
    const to = p.to === null ? NaN : parseInstantMs(p.to);
    if (p.to === null) {
      open = true;
      until = Infinity;
      settled = Math.max(settled, Number.isFinite(from) ? from : Infinity);
    } else if (!Number.isFinite(to) || !Number.isFinite(from)) {
      until = Infinity;
      settled = Infinity;
    } else {
      until = Math.max(until, to);
      settled = Math.max(settled, to);
    }
  }
  return { until, settled, open };
}

const byCode = (a: Entry, b: Entry) => (a.dossier.code < b.dossier.code ? -1 : a.dossier.code > b.dossier.code ? 1 : 0);
/** Ascending, unreadable (NaN) last. */
const asc = (x: number, y: number) => (x === y || (Number.isNaN(x) && Number.isNaN(y)) ? 0 : Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x < y ? -1 : 1);
/** Descending, unreadable (NaN) last. */
const desc = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? asc(x, y) : asc(y, x));
const BY_RECEIVED = (a: Entry, b: Entry) => desc(a.receivedMs, b.receivedMs) || byCode(a, b);
const BY_COMPLETED = (a: Entry, b: Entry) => desc(a.completedMs, b.completedMs) || byCode(a, b);
const BY_DUE = (a: Entry, b: Entry) => asc(a.effDueMs, b.effDueMs) || byCode(a, b);

/** Orders for lists: open ones by effective due (most urgent first), received by newest, completed by latest. */
function compareForMetric(metric: KpiMetric): (a: Entry, b: Entry) => number {
  switch (metric) {
    case 'received':
    case 'online':
      return BY_RECEIVED;
    case 'completed':
    case 'onTime':
    case 'late':
      return BY_COMPLETED;
    default:
      return BY_DUE;
  }
}

/** The `limit` smallest items by `compare`, sorted (a bounded max-heap: O(n log limit)). */
function smallest<T>(items: Iterable<T>, limit: number, compare: (a: T, b: T) => number): T[] {
  if (limit <= 0) return [];
  const heap: T[] = [];
  const siftDown = (i: number) => {
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && compare(heap[r]!, heap[l]!) > 0 ? r : l;
      if (compare(heap[c]!, heap[i]!) <= 0) return;
      [heap[i], heap[c]] = [heap[c]!, heap[i]!];
      i = c;
    }
  };
  for (const item of items) {
    if (heap.length < limit) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (compare(heap[i]!, heap[p]!) <= 0) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}

const COLLATOR = new Intl.Collator('vi');
const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => COLLATOR.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface FlaggedDossier {
  dossier: Dossier;
  timeliness: 'at-risk' | 'overdue';
}

export class KpiEngine {
  readonly calendar: WorkingCalendarLike;
  readonly atRiskWorkingHours: number;
  private readonly atRiskMs: number;
  private readonly now: () => number;

  private entries = new Map<string, Entry>();
  /** Counters per (dimension · 3 + granularity). */
  private series: Series[] = [];
  private agencies = new Map<string, Agency>();
  /** Dimension numbers: 0 = total; agencies and fields get their own. */
  private agencyDims = new Map<string, number>();
  private fieldDims = new Map<string, number>();
  /** Live entries per dimension (a field row is shown while it has dossiers). */
  private dimRefs: number[] = [];
  private heap = new CheckHeap();
  private volatile = new Set<Entry>();
  private overdue = new Set<Entry>();
  private atRisk = new Set<Entry>();
  /** Overdue entries per agency dimension, and the board's per-agency list material (rebuilt when its agency is dirty). */
  private overdueByDim = new Map<number, Set<Entry>>();
  private overdueLists = new Map<number, { year: number; fixedTop: Entry[]; moving: Entry[] }>();
  private dirtyDims = new Set<number>();
  /** The latest instant any entry was evaluated at; a read before it re-evaluates everything. */
  private evaluatedUpTo = -Infinity;
  /** The instant of the last refresh (volatile entries are current at it). */
  private refreshedAt = NaN;

  constructor(options: KpiEngineOptions) {
    this.calendar = options.calendar;
    if (!Number.isFinite(options.atRiskWorkingHours) || options.atRiskWorkingHours < 0) throw new RangeError('atRiskWorkingHours must be ≥ 0');
    this.atRiskWorkingHours = options.atRiskWorkingHours;
    this.atRiskMs = options.atRiskWorkingHours * HOUR_MS;
    this.now = options.now ?? Date.now;
    this.reset();
  }

  get size(): number {
    return this.entries.size;
  }

  private reset(): void {
    this.entries = new Map();
    this.series = [];
    this.agencies = new Map();
    this.agencyDims = new Map();
    this.fieldDims = new Map();
    this.dimRefs = [];
    this.newDim();
    this.heap.clear();
    this.volatile = new Set();
    this.overdue = new Set();
    this.atRisk = new Set();
    this.overdueByDim = new Map();
    this.overdueLists = new Map();
    this.dirtyDims = new Set();
    this.evaluatedUpTo = -Infinity;
    this.refreshedAt = NaN;
  }

  /** Replaces everything, agencies and dossiers (a full recompute). */
  load(dossiers: Iterable<Dossier>, agencies: readonly Agency[]): void {
    this.reset();
    this.setAgencies(agencies);
    const nowMs = this.now();
    for (const dossier of dossiers) this.upsert(dossier, nowMs);
  }

  /** Adds or renames agencies (names only; counts are by id). */
  setAgencies(agencies: readonly Agency[]): void {
    for (const agency of agencies) {
      this.agencies.set(agency.id, agency);
      this.dimOf('a', agency.id);
    }
  }

  /** Incremental update after a committed batch (the ingestion's `onChanged`): O(changed). */
  apply(changed: readonly Dossier[]): void {
    const nowMs = this.now();
    for (const dossier of changed) this.upsert(dossier, nowMs);
  }

  /** Forgets dossiers (by code). */
  remove(codes: readonly string[]): void {
    for (const code of codes) {
      const old = this.entries.get(code);
      if (!old) continue;
      this.retire(old);
      this.entries.delete(code);
    }
  }

  get(code: string): Dossier | undefined {
    return this.entries.get(code)?.dossier;
  }

  agencyName(agencyId: string): string {
    return this.agencies.get(agencyId)?.name ?? agencyId;
  }

  /** A configured agency, or one handling a dossier. */
  hasAgency(agencyId: string): boolean {
    return this.agencies.has(agencyId) || (this.dimRefs[this.agencyDims.get(agencyId) ?? -1] ?? 0) > 0;
  }

  /** Configured agencies and those handling a dossier, by name. */
  listAgencies(): Agency[] {
    const ids = new Set<string>(this.agencies.keys());
    for (const [id, dim] of this.agencyDims) if (this.dimRefs[dim]! > 0) ids.add(id);
    return [...ids].map((id) => this.agencies.get(id) ?? { id, name: id, shortName: '' }).sort(byName);
  }

  /** The counts of one agency (or of everything) in each scope, at now. */
  countsFor(agencyId?: string): Record<KpiScope, KpiCounts> {
    const nowMs = this.now();
    this.refresh(nowMs);
    const dim = agencyId === undefined ? 0 : (this.agencyDims.get(agencyId) ?? -1);
    return this.scopeCounts(dim, vietnamPeriods(nowMs));
  }

  /**
   * The whole board at now. Provenance: `lastUpdatedAt` is the newest successful read of
   * any source; the board is stale when a polled source ('http-json') has not succeeded
   * within its threshold (`staleAfterFor(source)`, else `staleAfterMs`). CSV back-fills are
   * listed but never make it stale (they are imported once, not polled).
   */
  board(
    health: readonly ConnectorHealth[] = [],
    staleAfterMs = DEFAULT_STALE_AFTER_MS,
    staleAfterFor?: (source: ConnectorHealth) => number | undefined,
  ): KpiBoard {
    const nowMs = this.now();
    this.refresh(nowMs);
    const periods = vietnamPeriods(nowMs);

    const agencies = this.listAgencies();
    const byAgency: KpiAgencyRow[] = agencies.map((a) => ({
      agencyId: a.id,
      name: a.name,
      counts: this.scopeCounts(this.agencyDims.get(a.id) ?? -1, periods),
    }));
    const byField: KpiFieldRow[] = [];
    for (const [field, dim] of this.fieldDims) {
      if (this.dimRefs[dim]! > 0) byField.push({ field, counts: this.scopeCounts(dim, periods) });
    }
    byField.sort((a, b) => COLLATOR.compare(a.field, b.field) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));

    const trend: KpiTrendDay[] = [];
    const days = this.series[G_DAY];
    for (let day = periods.day - TREND_DAYS + 1; day <= periods.day; day++) {
      const read = (slot: number) => days?.read(day, slot) ?? 0;
      trend.push({ day: dayLabel(day), received: read(M_RECEIVED), completed: read(M_COMPLETED), onTime: read(M_ON_TIME), late: read(M_LATE) });
    }

    // Open overdue dossiers received this year, per handling agency, most overdue first.
    const overdueByAgency = byAgency
      .filter((row) => row.counts.year.overdue > 0)
      .map((row) => ({
        agencyId: row.agencyId,
        name: row.name,
        count: row.counts.year.overdue,
        dossiers: this.mostOverdue(this.agencyDims.get(row.agencyId)!, periods.year, nowMs).map((e) => this.summary(e, nowMs)),
      }))
      .sort((a, b) => b.count - a.count || byName({ name: a.name, id: a.agencyId }, { name: b.name, id: b.agencyId }));

    const ranked = byAgency
      .map((row) => ({ agencyId: row.agencyId, name: row.name, onTimeRate: row.counts.year.onTimeRate, completed: row.counts.year.completed, overdue: row.counts.year.overdue }))
      .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || a.overdue - b.overdue || byName({ name: a.name, id: a.agencyId }, { name: b.name, id: b.agencyId }));
    const ranking = ranked.map((row, i) => ({ ...row, rank: i + 1 }));
    // Competition ranking: agencies tied on rate and overdue share a rank (1, 2, 2, 4).
    for (let i = 1; i < ranking.length; i++) {
      const prev = ranking[i - 1]!;
      const cur = ranking[i]!;
      if (prev.onTimeRate === cur.onTimeRate && prev.overdue === cur.overdue) cur.rank = prev.rank;
    }

    let lastUpdatedMs = -Infinity;
    let stale = false;
    for (const source of health) {
      const at = source.lastSuccessAt ? Date.parse(source.lastSuccessAt) : NaN;
      if (Number.isFinite(at)) lastUpdatedMs = Math.max(lastUpdatedMs, at);
      if (source.kind === 'csv') continue;
      if (!Number.isFinite(at) || nowMs - at > (staleAfterFor?.(source) ?? staleAfterMs)) stale = true;
    }

    return {
      generatedAt: new Date(nowMs).toISOString(),
      provenance: {
        sources: [...health],
        lastUpdatedAt: Number.isFinite(lastUpdatedMs) ? new Date(lastUpdatedMs).toISOString() : null,
        stale,
        staleAfterMs,
      },
      totals: this.scopeCounts(0, periods),
      byAgency,
      byField,
      trend,
      overdueByAgency,
      ranking,
    };
  }

  /**
   * The dossiers behind one figure: `total` is the board's number at the same instant and
   * `dossiers` the first `limit` of exactly those (open ones most urgent first, received
   * ones newest first, completed ones latest first). With both agencyId and field, their
   * intersection (no board figure shows it).
   */
  drill(ref: KpiFigureRef, limit = DEFAULT_DRILL_LIMIT): KpiDrillResult {
    const nowMs = this.now();
    this.refresh(nowMs);
    const matches = this.matching(ref, vietnamPeriods(nowMs), nowMs);
    const listed = smallest(matches, Math.max(0, Math.floor(limit)), compareForMetric(ref.metric));
    return { figure: ref, total: matches.length, dossiers: listed.map((e) => this.summary(e, nowMs)), generatedAt: new Date(nowMs).toISOString() };
  }

  /** The first `max` dossiers of a figure (for exports) in the drill's order, and its total. */
  drillAll(ref: KpiFigureRef, max = Number.MAX_SAFE_INTEGER): { total: number; nowMs: number; dossiers: DossierSummary[] } {
    const nowMs = this.now();
    this.refresh(nowMs);
    const matches = this.matching(ref, vietnamPeriods(nowMs), nowMs);
    const compare = compareForMetric(ref.metric);
    const listed = matches.length <= max ? matches.sort(compare) : smallest(matches, max, compare);
    return { total: matches.length, nowMs, dossiers: listed.map((e) => this.summary(e, nowMs)) };
  }

  /** Open dossiers at risk or overdue now (any received date), overdue first; for the warnings. */
  *flagged(): Generator<FlaggedDossier> {
    this.refresh(this.now());
    for (const e of [...this.overdue]) yield { dossier: e.dossier, timeliness: 'overdue' };
    for (const e of [...this.atRisk]) yield { dossier: e.dossier, timeliness: 'at-risk' };
  }

  /** One agency's open overdue or at-risk dossiers now (any received date), most urgent first. */
  openFlagged(agencyId: string, which: 'overdue' | 'at-risk', limit = DEFAULT_DRILL_LIMIT): { total: number; dossiers: DossierSummary[] } {
    const nowMs = this.now();
    this.refresh(nowMs);
    const dim = this.agencyDims.get(agencyId) ?? -1;
    const list = [...(which === 'overdue' ? (this.overdueByDim.get(dim) ?? []) : this.atRisk)].filter((e) => e.agencyDim === dim);
    this.freshenDue(list, nowMs);
    return { total: list.length, dossiers: smallest(list, limit, BY_DUE).map((e) => this.summary(e, nowMs)) };
  }

  // ---------------------------------------------------------------------------------

  private matching(ref: KpiFigureRef, periods: VietnamPeriods, nowMs: number): Entry[] {
    const gran = SCOPE_GRAN[ref.scope];
    const period = periodOf(periods, gran);
    const agencyDim = ref.agencyId === undefined ? -1 : (this.agencyDims.get(ref.agencyId) ?? -2);
    const fieldDim = ref.field === undefined ? -1 : (this.fieldDims.get(ref.field) ?? -2);
    if (agencyDim === -2 || fieldDim === -2) return [];
    const slot = METRIC_SLOT[ref.metric];
    const byCompletion = slot === M_COMPLETED || slot === M_ON_TIME || slot === M_LATE;
    // The flagged sets are small: scan them instead of every dossier.
    const source: Iterable<Entry> = slot === M_OVERDUE ? this.overdue : slot === M_AT_RISK ? this.atRisk : this.entries.values();
    const entries: Entry[] = [];
    for (const e of source) {
      if (agencyDim >= 0 && e.agencyDim !== agencyDim) continue;
      if (fieldDim >= 0 && e.fieldDim !== fieldDim) continue;
      if (byCompletion) {
        if (!e.hasCompleted || (gran === G_DAY ? e.cDay : gran === G_MONTH ? e.cMonth : e.cYear) !== period) continue;
      } else if (!e.hasReceived || (gran === G_DAY ? e.rDay : gran === G_MONTH ? e.rMonth : e.rYear) !== period) {
        continue;
      }
      if (this.slotHolds(e, slot)) entries.push(e);
    }
    if (!byCompletion && slot !== M_RECEIVED && slot !== M_ONLINE) this.freshenDue(entries, nowMs);
    return entries;
  }

  /**
   * The agency's most overdue open dossiers received in `year` (≤ OVERDUE_LISTED_PER_AGENCY).
   * Dossiers with a fixed due time keep their order as time passes, so their top list is
   * kept until the agency's overdue set changes; those whose due time still moves (a
   * pause) are few and re-read each time, then merged in.
   */
  private mostOverdue(dim: number, year: number, nowMs: number): Entry[] {
    let cached = this.overdueLists.get(dim);
    if (!cached || cached.year !== year || this.dirtyDims.has(dim)) {
      const fixed: Entry[] = [];
      const moving: Entry[] = [];
      for (const e of this.overdueByDim.get(dim) ?? []) {
        if (!e.hasReceived || e.rYear !== year) continue;
        (e.frozen || e.volatile ? moving : fixed).push(e);
      }
      cached = { year, fixedTop: smallest(fixed, OVERDUE_LISTED_PER_AGENCY, BY_DUE), moving };
      this.overdueLists.set(dim, cached);
      this.dirtyDims.delete(dim);
    }
    if (cached.moving.length === 0) return cached.fixedTop;
    this.freshenDue(cached.moving, nowMs);
    return smallest([...cached.fixedTop, ...cached.moving], OVERDUE_LISTED_PER_AGENCY, BY_DUE);
  }

  /** Frozen entries' due times move on with now: re-read before sorting by them. */
  private freshenDue(entries: readonly Entry[], nowMs: number): void {
    for (const e of entries) {
      if (e.frozen && e.effDueAtMs !== nowMs) {
        e.effDueMs = effectiveDueMs(e.dossier, nowMs, this.calendar);
        e.effDueAtMs = nowMs;
      }
    }
  }

  /** Whether the entry counts in this metric (periods aside): the same rules as `contribute`. */
  private slotHolds(e: Entry, slot: number): boolean {
    switch (slot) {
      case M_RECEIVED:
        return true;
      case M_ONLINE:
        return e.online;
      case M_IN_PROGRESS:
        return e.kind === KIND_OPEN;
      case M_OVERDUE:
        return e.kind === KIND_OPEN && e.state === STATE_OVERDUE;
      case M_AT_RISK:
        return e.kind === KIND_OPEN && e.state === STATE_AT_RISK;
      case M_COMPLETED:
        return e.kind === KIND_DONE;
      case M_ON_TIME:
        return e.kind === KIND_DONE && e.onTime;
      case M_LATE:
        return e.kind === KIND_DONE && !e.onTime;
      default:
        return false;
    }
  }

  private summary(e: Entry, nowMs: number): DossierSummary {
    return toDossierSummary(e.dossier, nowMs, this.calendar, this.atRiskWorkingHours);
  }

  private scopeCounts(dim: number, periods: VietnamPeriods): Record<KpiScope, KpiCounts> {
    const out = {} as Record<KpiScope, KpiCounts>;
    for (const scope of KPI_SCOPES) {
      const gran = SCOPE_GRAN[scope];
      const series = dim < 0 ? undefined : this.series[dim * 3 + gran];
      const period = periodOf(periods, gran);
      const counts = {} as KpiCounts;
      for (const metric of KPI_METRICS) counts[metric] = series?.read(period, METRIC_SLOT[metric]) ?? 0;
      counts.onTimeRate = counts.completed > 0 ? counts.onTime / counts.completed : null;
      out[scope] = counts;
    }
    return out;
  }

  private newDim(): number {
    const dim = this.dimRefs.length;
    this.dimRefs.push(0);
    for (let gran = G_DAY; gran <= G_YEAR; gran++) this.series.push(new Series(gran));
    return dim;
  }

  private dimOf(kind: 'a' | 'f', name: string): number {
    const map = kind === 'a' ? this.agencyDims : this.fieldDims;
    let dim = map.get(name);
    if (dim === undefined) map.set(name, (dim = this.newDim()));
    return dim;
  }

  /** Adds (sign 1) or subtracts (−1) an entry's whole contribution to its three dimensions. */
  private contribute(e: Entry, sign: number): void {
    for (let i = 0; i < 3; i++) {
      const base = (i === 0 ? 0 : i === 1 ? e.agencyDim : e.fieldDim) * 3;
      for (let gran = G_DAY; gran <= G_YEAR; gran++) {
        const series = this.series[base + gran]!;
        if (e.hasReceived) {
          const c = series.locate(gran === G_DAY ? e.rDay : gran === G_MONTH ? e.rMonth : e.rYear);
          const at = series.at;
          c[at + M_RECEIVED]! += sign;
          if (e.online) c[at + M_ONLINE]! += sign;
          if (e.kind === KIND_OPEN) {
            c[at + M_IN_PROGRESS]! += sign;
            if (e.state === STATE_OVERDUE) c[at + M_OVERDUE]! += sign;
            else if (e.state === STATE_AT_RISK) c[at + M_AT_RISK]! += sign;
          }
        }
        if (e.hasCompleted) {
          const c = series.locate(gran === G_DAY ? e.cDay : gran === G_MONTH ? e.cMonth : e.cYear);
          const at = series.at;
          c[at + M_COMPLETED]! += sign;
          c[at + (e.onTime ? M_ON_TIME : M_LATE)]! += sign;
        }
      }
    }
  }

  /** Moves an open entry's state counters (and set membership) from its current state to `state`. */
  private setState(e: Entry, state: number): void {
    if (e.state === state) return;
    if (e.hasReceived) {
      for (let i = 0; i < 3; i++) {
        const base = (i === 0 ? 0 : i === 1 ? e.agencyDim : e.fieldDim) * 3;
        for (let gran = G_DAY; gran <= G_YEAR; gran++) {
          const series = this.series[base + gran]!;
          const c = series.locate(gran === G_DAY ? e.rDay : gran === G_MONTH ? e.rMonth : e.rYear);
          const at = series.at;
          if (e.state === STATE_OVERDUE) c[at + M_OVERDUE]! -= 1;
          else if (e.state === STATE_AT_RISK) c[at + M_AT_RISK]! -= 1;
          if (state === STATE_OVERDUE) c[at + M_OVERDUE]! += 1;
          else if (state === STATE_AT_RISK) c[at + M_AT_RISK]! += 1;
        }
      }
    }
    this.setMembership(e, e.state, false);
    e.state = state;
    this.setMembership(e, state, true);
  }

  private setMembership(e: Entry, state: number, member: boolean): void {
    if (state === STATE_OVERDUE) {
      let byDim = this.overdueByDim.get(e.agencyDim);
      if (!byDim) this.overdueByDim.set(e.agencyDim, (byDim = new Set()));
      if (member) {
        this.overdue.add(e);
        byDim.add(e);
      } else {
        this.overdue.delete(e);
        byDim.delete(e);
      }
      this.dirtyDims.add(e.agencyDim);
    } else if (state === STATE_AT_RISK) {
      if (member) this.atRisk.add(e);
      else this.atRisk.delete(e);
    }
  }

  private upsert(dossier: Dossier, nowMs: number): void {
    const old = this.entries.get(dossier.code);
    if (old) this.retire(old);
    const entry = this.makeEntry(dossier, nowMs);
    this.entries.set(dossier.code, entry);
    this.dimRefs[0]! += 1;
    this.dimRefs[entry.agencyDim]! += 1;
    this.dimRefs[entry.fieldDim]! += 1;
    this.contribute(entry, 1);
    if (entry.kind === KIND_OPEN) {
      this.setMembership(entry, entry.state, true);
      this.place(entry, nowMs);
    }
    if (nowMs > this.evaluatedUpTo) this.evaluatedUpTo = nowMs;
  }

  private retire(old: Entry): void {
    this.contribute(old, -1);
    if (old.kind === KIND_OPEN) this.setMembership(old, old.state, false);
    this.volatile.delete(old);
    old.live = false;
    old.gen += 1;
    this.dimRefs[0]! -= 1;
    this.dimRefs[old.agencyDim]! -= 1;
    this.dimRefs[old.fieldDim]! -= 1;
  }

  private makeEntry(dossier: Dossier, nowMs: number): Entry {
    const receivedMs = parseInstantMs(dossier.receivedAt);
    const hasReceived = Number.isFinite(receivedMs);
    const received = hasReceived ? vietnamPeriods(receivedMs) : null;
    const entry: Entry = {
      dossier,
      agencyDim: this.dimOf('a', dossier.handlingAgencyId),
      fieldDim: this.dimOf('f', dossier.procedure.field),
      online: dossier.channel === 'online',
      receivedMs,
      hasReceived,
      rDay: received?.day ?? 0,
      rMonth: received?.month ?? 0,
      rYear: received?.year ?? 0,
      kind: KIND_NONE,
      hasCompleted: false,
      cDay: 0,
      cMonth: 0,
      cYear: 0,
      completedMs: NaN,
      onTime: false,
      state: STATE_IN_TIME,
      effDueMs: NaN,
      effDueAtMs: NaN,
      volatile: false,
      frozen: false,
      pausedUntilMs: -Infinity,
      settledFromMs: -Infinity,
      gen: 0,
      live: true,
    };
    const timeliness = timelinessOf(dossier, nowMs, this.calendar, this.atRiskWorkingHours);
    if (timeliness === 'on-time' || timeliness === 'late') {
      entry.kind = KIND_DONE;
      entry.onTime = timeliness === 'on-time';
      const completedMs = dossier.completedAt ? parseInstantMs(dossier.completedAt) : NaN;
      if (Number.isFinite(completedMs)) {
        const completed = vietnamPeriods(completedMs);
        entry.hasCompleted = true;
        entry.cDay = completed.day;
        entry.cMonth = completed.month;
        entry.cYear = completed.year;
        entry.completedMs = completedMs;
      }
    } else if (timeliness !== 'cancelled') {
      entry.kind = KIND_OPEN;
      entry.state = stateOf(timeliness);
      entry.effDueMs = effectiveDueMs(dossier, nowMs, this.calendar);
      entry.effDueAtMs = nowMs;
      if (dossier.pauses.length > 0) {
        const pauses = pauseTimes(dossier);
        entry.pausedUntilMs = pauses.until;
        entry.settledFromMs = pauses.open ? pauses.settled : Infinity;
      }
    }
    return entry;
  }

  /**
   * Files a just-evaluated open entry: frozen (a running pause holds the working time left
   * still, so the state cannot change until an update), volatile (a pause can still move
   * its due time: re-evaluated on every read), or on the heap (fixed due time).
   */
  private place(e: Entry, nowMs: number): void {
    if (!e.live || e.kind !== KIND_OPEN) return;
    const wasMoving = e.frozen || e.volatile;
    e.frozen = false;
    e.volatile = false;
    if (nowMs < e.pausedUntilMs) {
      e.gen += 1; // any heap item is stale now
      // Working time left W(t) = working(t, due) + paused(t) is constant while only the open pause runs.
      // Overdue is judged on wall time, so W = 0 (due "now") is the one case that can still flip.
      const left = nowMs >= e.settledFromMs ? workingMsBetween(nowMs, e.effDueMs, this.calendar) : NaN;
      e.frozen = Number.isFinite(left) && left !== 0;
      e.volatile = !e.frozen;
    }
    if (e.volatile) this.volatile.add(e);
    else this.volatile.delete(e);
    if (!e.frozen && !e.volatile) this.schedule(e, nowMs);
    if (wasMoving !== (e.frozen || e.volatile) && e.state === STATE_OVERDUE) this.dirtyDims.add(e.agencyDim);
  }

  /** Pushes the entry's next check: the earliest instant its open state may change. */
  private schedule(e: Entry, nowMs: number): void {
    if (e.state === STATE_OVERDUE && Number.isFinite(e.effDueMs) && nowMs > e.effDueMs) {
      // Overdue with a fixed due time stays overdue as time moves on; only a change (apply) or a step back in time alters it.
      e.gen += 1;
      return;
    }
    let next: number;
    if (!Number.isFinite(e.effDueMs)) {
      next = nowMs + MAX_RECHECK_MS;
    } else if (e.state === STATE_IN_TIME) {
      // Working time runs at most as fast as wall time: with W left now, at least W − H passes before W ≤ H.
      const left = workingMsBetween(nowMs, e.effDueMs, this.calendar);
      const slack = Number.isFinite(left) ? left - this.atRiskMs : 0;
      next = Math.min(e.effDueMs, nowMs + Math.max(0, slack));
    } else {
      next = e.effDueMs;
    }
    if (!(next > nowMs)) next = nowMs + 1;
    next = Math.min(next, nowMs + MAX_RECHECK_MS);
    e.gen += 1;
    this.heap.push(next, e);
  }

  private reevaluate(e: Entry, nowMs: number): void {
    const timeliness = timelinessOf(e.dossier, nowMs, this.calendar, this.atRiskWorkingHours);
    if (timeliness === 'in-time' || timeliness === 'at-risk' || timeliness === 'overdue') {
      this.setState(e, stateOf(timeliness));
      e.effDueMs = effectiveDueMs(e.dossier, nowMs, this.calendar);
      e.effDueAtMs = nowMs;
      return;
    }
    // The rules say it is no longer open at this instant (they cannot, for an open status and no completedAt): rebuild it.
    this.retire(e);
    this.entries.delete(e.dossier.code);
    this.upsert(e.dossier, nowMs);
  }

  /** Brings every open entry's state to `nowMs`. */
  private refresh(nowMs: number): void {
    if (nowMs < this.evaluatedUpTo) {
      // Time went backwards (a test clock, a corrected clock): re-evaluate every open entry.
      this.heap.clear();
      for (const e of [...this.entries.values()]) {
        if (e.kind !== KIND_OPEN || !e.live) continue;
        this.reevaluate(e, nowMs);
        this.place(e, nowMs);
      }
    } else {
      while (this.heap.peekTime() <= nowMs) {
        const e = this.heap.pop();
        if (!e || e.kind !== KIND_OPEN) continue;
        this.reevaluate(e, nowMs);
        this.place(e, nowMs);
      }
      if (nowMs !== this.refreshedAt) {
        for (const e of [...this.volatile]) {
          if (!e.live) continue;
          this.reevaluate(e, nowMs);
          this.place(e, nowMs);
        }
      }
    }
    this.evaluatedUpTo = nowMs;
    this.refreshedAt = nowMs;
  }
}

function stateOf(timeliness: Timeliness): number {
  return timeliness === 'overdue' ? STATE_OVERDUE : timeliness === 'at-risk' ? STATE_AT_RISK : STATE_IN_TIME;
}
