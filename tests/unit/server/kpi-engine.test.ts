import { describe, expect, it } from 'vitest';
import { KpiEngine } from '../../../server/portal/kpi-engine.js';
import { parseInstantMs } from '../../../src-shared/model/dossier-timeliness.js';
import type { Agency, Dossier, DossierStatus } from '../../../src-shared/model/dossier.js';
import { effectiveDueMs, timelinessOf } from '../../../src-shared/model/dossier-timeliness.js';
import { KPI_METRICS, KPI_SCOPES, type KpiBoard, type KpiFigureRef, type KpiMetric, type KpiScope } from '../../../src-shared/model/kpi.js';
import { DEFAULT_WORKING_CALENDAR, vietnamDay } from '../../../src-shared/model/working-calendar.js';
import { pick, seededRandom } from '../../../src-shared/seeded-random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CAL = DEFAULT_WORKING_CALENDAR;
const AT_RISK_HOURS = 24;

const AGENCIES: Agency[] = [
  { id: 'so-tnmt', name: 'Sở Tài nguyên và Môi trường', shortName: 'TNMT' },
  { id: 'so-tp', name: 'Sở Tư pháp', shortName: 'STP' },
  { id: 'ubnd-vi-thanh', name: 'UBND thành phố Vị Thanh', shortName: '' },
  { id: 'so-xd', name: 'Sở Xây dựng', shortName: 'SXD' },
  { id: 'so-ct', name: 'Sở Công Thương', shortName: '' },
];
/** Handled by an agency the list does not name: it must still be counted and shown. */
const UNLISTED_AGENCY = 'ubnd-long-my';
const FIELDS = ['Đất đai', 'Hộ tịch', 'Xây dựng', 'Thương mại'];
const STATUSES: DossierStatus[] = ['received', 'in_progress', 'additional_docs_requested', 'paused', 'completed', 'returned', 'cancelled'];

const iso = (ms: number) => new Date(ms).toISOString();

/** A random dossier around `baseMs` (±400 days), with every awkward case the rules have. */
function randomDossier(random: () => number, code: string, baseMs: number): Dossier {
  const receivedMs = baseMs - Math.floor(random() * 400 * DAY) + Math.floor(random() * 5 * DAY);
  const dueMs = receivedMs + Math.floor(HOUR + random() * 25 * DAY);
  const status = pick(random, STATUSES);
  const done = status === 'completed' || status === 'returned';
  let completedAt: string | null = null;
  if (done && random() < 0.95) completedAt = iso(receivedMs + Math.floor(random() * 40 * DAY));
  if (status === 'cancelled' && random() < 0.3) completedAt = iso(receivedMs + Math.floor(random() * 10 * DAY));
  const pauses: Dossier['pauses'] = [];
  const pauseCount = random() < 0.7 ? 0 : Math.floor(random() * 3) + 1;
  for (let i = 0; i < pauseCount; i++) {
    const from = receivedMs + Math.floor(random() * 20 * DAY);
    const r = random();
    // Closed, still open, or ending in the future (a planned pause).
    const to = r < 0.4 ? null : from + Math.floor(random() * 6 * DAY);
    pauses.push({ from: iso(from), to: to === null ? null : iso(to) });
  }
  const agencyId = random() < 0.08 ? UNLISTED_AGENCY : pick(random, AGENCIES).id;
  return {
    code,
    procedure: { code: `TT-${Math.floor(random() * 20)}`, name: `Thủ tục ${Math.floor(random() * 20)}`, field: pick(random, FIELDS), level: 'full' },
    receivingAgencyId: pick(random, AGENCIES).id,
    handlingAgencyId: agencyId,
    channel: random() < 0.5 ? 'online' : random() < 0.8 ? 'counter' : 'post',
    receivedAt: iso(receivedMs),
    dueAt: iso(dueMs),
    completedAt,
    status,
    pauses,
    localityId: null,
    updatedAt: iso(receivedMs),
    sourceId: 'test',
  };
}

function randomTable(seed: number, count: number, baseMs: number): Dossier[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => randomDossier(random, `HS-${seed}-${String(i).padStart(5, '0')}`, baseMs));
}

/** The independent count: a plain filter over every dossier with the shared rules and string periods. */
function naiveCodes(dossiers: Iterable<Dossier>, ref: KpiFigureRef, nowMs: number): string[] {
  const nowDay = vietnamDay(nowMs);
  const width = ref.scope === 'today' ? 10 : ref.scope === 'month' ? 7 : 4;
  const inWindow = (at: string | null) => at !== null && vietnamDay(Date.parse(at)).slice(0, width) === nowDay.slice(0, width);
  const codes: string[] = [];
  for (const d of dossiers) {
    if (ref.agencyId !== undefined && d.handlingAgencyId !== ref.agencyId) continue;
    if (ref.field !== undefined && d.procedure.field !== ref.field) continue;
    const t = timelinessOf(d, nowMs, CAL, AT_RISK_HOURS);
    const open = t === 'in-time' || t === 'at-risk' || t === 'overdue';
    const done = t === 'on-time' || t === 'late';
    let counted: boolean;
    switch (ref.metric) {
      case 'received':
        counted = inWindow(d.receivedAt);
        break;
      case 'online':
        counted = inWindow(d.receivedAt) && d.channel === 'online';
        break;
      case 'inProgress':
        counted = inWindow(d.receivedAt) && open;
        break;
      case 'overdue':
        counted = inWindow(d.receivedAt) && t === 'overdue';
        break;
      case 'atRisk':
        counted = inWindow(d.receivedAt) && t === 'at-risk';
        break;
      case 'completed':
        counted = inWindow(d.completedAt) && done;
        break;
      case 'onTime':
        counted = inWindow(d.completedAt) && t === 'on-time';
        break;
      case 'late':
        counted = inWindow(d.completedAt) && t === 'late';
        break;
    }
    if (counted) codes.push(d.code);
  }
  return codes.sort();
}

function boardNumber(board: KpiBoard, ref: KpiFigureRef): number {
  if (ref.agencyId !== undefined) return board.byAgency.find((r) => r.agencyId === ref.agencyId)?.counts[ref.scope][ref.metric] ?? 0;
  if (ref.field !== undefined) return board.byField.find((r) => r.field === ref.field)?.counts[ref.scope][ref.metric] ?? 0;
  return board.totals[ref.scope][ref.metric];
}

function allFigures(): KpiFigureRef[] {
  const refs: KpiFigureRef[] = [];
  for (const scope of KPI_SCOPES) {
    for (const metric of KPI_METRICS) {
      refs.push({ scope, metric });
      for (const agencyId of [...AGENCIES.map((a) => a.id), UNLISTED_AGENCY]) refs.push({ scope, metric, agencyId });
      for (const field of FIELDS) refs.push({ scope, metric, field });
    }
  }
  return refs;
}

/** Every figure: board number == naive count == drill total, drill codes == naive codes; plus trend and overdue lists. */
function expectMatchesNaive(engine: KpiEngine, table: Map<string, Dossier>, nowMs: number): void {
  const board = engine.board([], 60_000);
  expect(board.generatedAt).toBe(iso(nowMs));
  const dossiers = [...table.values()];
  for (const ref of allFigures()) {
    const naive = naiveCodes(dossiers, ref, nowMs);
    const drill = engine.drill(ref, 100_000);
    const label = JSON.stringify(ref);
    expect(boardNumber(board, ref), label).toBe(naive.length);
    expect(drill.total, label).toBe(naive.length);
    expect(drill.dossiers.map((d) => d.code).sort(), label).toEqual(naive);
  }
  // Trend: the last 30 Vietnam days, oldest first, counted naively per day.
  expect(board.trend).toHaveLength(30);
  expect(board.trend[29]!.day).toBe(vietnamDay(nowMs));
  for (const day of board.trend) {
    const on = (at: string | null) => at !== null && vietnamDay(Date.parse(at)) === day.day;
    const rules = dossiers.map((d) => ({ d, t: timelinessOf(d, nowMs, CAL, AT_RISK_HOURS) }));
    expect(day.received).toBe(rules.filter(({ d }) => on(d.receivedAt)).length);
    expect(day.onTime).toBe(rules.filter(({ d, t }) => on(d.completedAt) && t === 'on-time').length);
    expect(day.late).toBe(rules.filter(({ d, t }) => on(d.completedAt) && t === 'late').length);
    expect(day.completed).toBe(day.onTime + day.late);
  }
  // Overdue per agency: the year's open overdue dossiers, ≤ 20 listed, most overdue first.
  for (const row of board.overdueByAgency) {
    const naive = naiveCodes(dossiers, { scope: 'year', metric: 'overdue', agencyId: row.agencyId }, nowMs);
    expect(row.count).toBe(naive.length);
    const byDue = naive
      .map((code) => table.get(code)!)
      .map((d) => ({ code: d.code, due: effectiveDueMs(d, nowMs, CAL) }))
      .sort((a, b) => a.due - b.due || (a.code < b.code ? -1 : 1))
      .slice(0, 20)
      .map((x) => x.code);
    expect(row.dossiers.map((d) => d.code)).toEqual(byDue);
    expect(row.dossiers.every((d) => d.timeliness === 'overdue')).toBe(true);
  }
  const withOverdue = new Set(board.overdueByAgency.map((r) => r.agencyId));
  for (const row of board.byAgency) expect(withOverdue.has(row.agencyId)).toBe(row.counts.year.overdue > 0);
}

function engineAt(clock: { now: number }): KpiEngine {
  return new KpiEngine({ calendar: CAL, atRiskWorkingHours: AT_RISK_HOURS, now: () => clock.now });
}

describe('KpiEngine against a naive count', () => {
  // Around New Year 2026 in Vietnam (23:00 on 31 Dec 2025 +07:00), so day, month and year all roll over.
  const base = Date.parse('2025-12-31T16:00:00Z');

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every figure equals the naive count and its drill, as time moves and dossiers change`, () => {
      const random = seededRandom(1000 + seed);
      const dossiers = randomTable(seed, 500, base);
      const table = new Map(dossiers.map((d) => [d.code, d]));
      const clock = { now: base + Math.floor(random() * 2 * HOUR) };
      const engine = engineAt(clock);
      engine.load(dossiers, AGENCIES);
      expectMatchesNaive(engine, table, clock.now);
      for (let step = 0; step < 8; step++) {
        // Time moves: mostly forwards (minutes to days), sometimes back.
        const r = random();
        clock.now += r < 0.1 ? -Math.floor(random() * 3 * DAY) : r < 0.5 ? Math.floor(random() * 3 * HOUR) : Math.floor(random() * 4 * DAY);
        if (step % 2 === 0) expectMatchesNaive(engine, table, clock.now);
        // A batch of changes: status moves, completions, new pauses, new dossiers, agency moves.
        const changed: Dossier[] = [];
        for (let i = 0; i < 40; i++) {
          const next =
            random() < 0.3
              ? randomDossier(random, `NEW-${seed}-${step}-${i}`, clock.now)
              : { ...randomDossier(random, pick(random, dossiers).code, clock.now), receivedAt: pick(random, dossiers).receivedAt };
          table.set(next.code, next);
          changed.push(next);
        }
        engine.apply(changed);
        expectMatchesNaive(engine, table, clock.now);
      }
    });
  }

  it('open dossiers cross into at-risk and overdue exactly when the rules say, minute by minute', () => {
    // Recent dossiers (many open, due soon), time only moving forwards in small steps, no updates:
    // only the engine's own re-evaluation can keep the open states right.
    const random = seededRandom(4242);
    const start = Date.parse('2026-03-05T08:00:00+07:00');
    const dossiers = randomTable(11, 600, start).map((d, i) => {
      const receivedMs = start - Math.floor(random() * 10 * DAY);
      return { ...d, code: `R-${i}`, receivedAt: iso(receivedMs), dueAt: iso(start + Math.floor(random() * 6 * DAY)) };
    });
    const table = new Map(dossiers.map((d) => [d.code, d]));
    const clock = { now: start };
    const engine = engineAt(clock);
    engine.load(dossiers, AGENCIES);
    let transitions = 0;
    let previous = engine.board().totals.year;
    for (let step = 0; step < 150; step++) {
      clock.now += Math.floor(random() * 90 * 60_000);
      const totals = engine.board().totals.year;
      for (const metric of ['inProgress', 'atRisk', 'overdue'] as const) {
        expect(totals[metric], `${metric} at ${iso(clock.now)}`).toBe(naiveCodes(table.values(), { scope: 'year', metric }, clock.now).length);
      }
      if (totals.atRisk !== previous.atRisk || totals.overdue !== previous.overdue) transitions++;
      previous = totals;
    }
    expect(transitions).toBeGreaterThan(20);
    expectMatchesNaive(engine, table, clock.now);
  });

  it('incremental updates give the same board as a full recompute', () => {
    const random = seededRandom(77);
    const dossiers = randomTable(9, 600, base);
    const clock = { now: base };
    const incremental = engineAt(clock);
    incremental.load(dossiers, AGENCIES);
    incremental.board();
    const table = new Map(dossiers.map((d) => [d.code, d]));
    for (let round = 0; round < 30; round++) {
      clock.now += Math.floor(random() * 12 * HOUR);
      const batch: Dossier[] = [];
      const size = round % 3 === 0 ? 1 : 25;
      for (let i = 0; i < size; i++) {
        const code = random() < 0.2 ? `X-${round}-${i}` : pick(random, dossiers).code;
        const next = randomDossier(random, code, clock.now);
        table.set(code, next);
        batch.push(next);
      }
      incremental.apply(batch);
      if (round % 5 === 4) {
        const full = engineAt(clock);
        full.load(table.values(), AGENCIES);
        expect(incremental.board()).toEqual(full.board());
      }
    }
    const full = engineAt(clock);
    full.load(table.values(), AGENCIES);
    expect(incremental.board([], 1000)).toEqual(full.board([], 1000));
    for (const ref of allFigures()) expect(incremental.drill(ref, 50)).toEqual(full.drill(ref, 50));
  });
});

function dossier(overrides: Partial<Dossier> & { code: string }): Dossier {
  return {
    procedure: { code: 'TT-1', name: 'Cấp giấy chứng nhận quyền sử dụng đất', field: 'Đất đai', level: 'partial' },
    receivingAgencyId: 'so-tnmt',
    handlingAgencyId: 'so-tnmt',
    channel: 'online',
    receivedAt: '2026-01-30T10:00:00+07:00',
    dueAt: '2026-02-10T17:00:00+07:00',
    completedAt: null,
    status: 'in_progress',
    pauses: [],
    localityId: null,
    updatedAt: '2026-01-30T10:00:00+07:00',
    sourceId: 'test',
    ...overrides,
  };
}

function counts(board: KpiBoard, scope: KpiScope, metric: KpiMetric): number {
  return board.totals[scope][metric];
}

describe('KpiEngine over time', () => {
  it('rolls the periods over at Vietnam midnight, month end and year end', () => {
    const clock = { now: Date.parse('2026-01-31T23:50:00+07:00') };
    const engine = engineAt(clock);
    engine.load(
      [
        dossier({ code: 'A', receivedAt: '2026-01-31T23:30:00+07:00' }),
        dossier({ code: 'B', receivedAt: '2026-01-31T16:59:59Z', channel: 'counter' }), // 23:59:59 in Vietnam
        dossier({ code: 'C', receivedAt: '2026-01-31T17:00:00Z' }), // 00:00 on 1 Feb in Vietnam
      ],
      AGENCIES,
    );
    let board = engine.board();
    expect(counts(board, 'today', 'received')).toBe(2);
    expect(counts(board, 'month', 'received')).toBe(2);
    expect(counts(board, 'year', 'received')).toBe(3); // C is received in 2026 too (1 February, a minute ahead of now)
    expect(counts(board, 'today', 'online')).toBe(1);

    clock.now = Date.parse('2026-02-01T00:10:00+07:00');
    board = engine.board();
    expect(counts(board, 'today', 'received')).toBe(1);
    expect(counts(board, 'month', 'received')).toBe(1);
    expect(counts(board, 'year', 'received')).toBe(3);
    expect(engine.drill({ scope: 'today', metric: 'received' }).dossiers.map((d) => d.code)).toEqual(['C']);
    expect(board.trend.at(-1)).toMatchObject({ day: '2026-02-01', received: 1 });
    expect(board.trend.at(-2)).toMatchObject({ day: '2026-01-31', received: 2 });

    // New Year: the year's figures start again.
    clock.now = Date.parse('2026-12-31T23:59:00+07:00');
    const year = engineAt(clock);
    year.load([dossier({ code: 'D', receivedAt: '2026-12-31T08:00:00+07:00', dueAt: '2027-01-20T08:00:00+07:00' })], AGENCIES);
    expect(counts(year.board(), 'year', 'received')).toBe(1);
    expect(counts(year.board(), 'year', 'inProgress')).toBe(1);
    clock.now = Date.parse('2027-01-01T00:00:00+07:00');
    expect(counts(year.board(), 'year', 'received')).toBe(0);
    expect(counts(year.board(), 'year', 'inProgress')).toBe(0);
    expect(year.board().overdueByAgency).toEqual([]);
  });

  it('moves an open dossier into at-risk and overdue as time passes, with no update', () => {
    // Due Tuesday 10 Feb 2026 17:00; 24 working hours before it is Monday 9 Feb 17:00.
    const clock = { now: Date.parse('2026-02-05T09:00:00+07:00') };
    const engine = engineAt(clock);
    engine.load([dossier({ code: 'A', receivedAt: '2026-02-02T08:00:00+07:00', dueAt: '2026-02-10T17:00:00+07:00' })], AGENCIES);
    const state = () => {
      const b = engine.board();
      return { inProgress: counts(b, 'month', 'inProgress'), atRisk: counts(b, 'month', 'atRisk'), overdue: counts(b, 'month', 'overdue') };
    };
    expect(state()).toEqual({ inProgress: 1, atRisk: 0, overdue: 0 });
    clock.now = Date.parse('2026-02-09T16:59:00+07:00');
    expect(state()).toEqual({ inProgress: 1, atRisk: 0, overdue: 0 });
    clock.now = Date.parse('2026-02-09T17:00:00+07:00');
    expect(state()).toEqual({ inProgress: 1, atRisk: 1, overdue: 0 });
    clock.now = Date.parse('2026-02-10T17:00:00+07:00');
    expect(state()).toEqual({ inProgress: 1, atRisk: 1, overdue: 0 });
    clock.now = Date.parse('2026-02-10T17:00:00.001+07:00');
    expect(state()).toEqual({ inProgress: 1, atRisk: 0, overdue: 1 });
    const board = engine.board();
    expect(board.overdueByAgency).toMatchObject([{ agencyId: 'so-tnmt', count: 1, dossiers: [{ code: 'A', timeliness: 'overdue' }] }]);
    // Completed late: leaves the open figures, counts as completed and late on the day it was done.
    engine.apply([dossier({ code: 'A', receivedAt: '2026-02-02T08:00:00+07:00', dueAt: '2026-02-10T17:00:00+07:00', status: 'completed', completedAt: '2026-02-10T17:30:00+07:00' })]);
    const after = engine.board();
    expect(counts(after, 'today', 'completed')).toBe(1);
    expect(counts(after, 'today', 'late')).toBe(1);
    expect(counts(after, 'month', 'overdue')).toBe(0);
    expect(after.totals.today.onTimeRate).toBe(0);
    expect(after.overdueByAgency).toEqual([]);
  });

  it('a paused dossier does not drift into overdue; it does once the pause ends', () => {
    const clock = { now: Date.parse('2026-02-09T10:00:00+07:00') };
    const engine = engineAt(clock);
    const paused = dossier({
      code: 'P',
      receivedAt: '2026-02-02T08:00:00+07:00',
      dueAt: '2026-02-10T17:00:00+07:00',
      status: 'additional_docs_requested',
      pauses: [{ from: '2026-02-09T09:00:00+07:00', to: null }],
    });
    engine.load([paused], AGENCIES);
    clock.now = Date.parse('2026-03-20T10:00:00+07:00');
    expect(counts(engine.board(), 'year', 'overdue')).toBe(0);
    // The pause ends on Friday 20 March 10:00 with 32 working hours left: at risk from 18:00 that day, due Monday 23 at 18:00.
    engine.apply([{ ...paused, status: 'in_progress', pauses: [{ from: '2026-02-09T09:00:00+07:00', to: '2026-03-20T10:00:00+07:00' }] }]);
    expect(counts(engine.board(), 'year', 'atRisk')).toBe(0);
    clock.now = Date.parse('2026-03-23T18:00:00+07:00');
    expect(counts(engine.board(), 'year', 'atRisk')).toBe(1);
    clock.now = Date.parse('2026-03-25T00:00:00+07:00');
    expect(counts(engine.board(), 'year', 'overdue')).toBe(1);
  });

  it('drill lists are sorted by what the figure is about and limited', () => {
    const clock = { now: Date.parse('2026-03-10T12:00:00+07:00') };
    const engine = engineAt(clock);
    engine.load(randomTable(5, 800, clock.now), AGENCIES);
    const overdue = engine.drill({ scope: 'year', metric: 'overdue' }, 10);
    expect(overdue.dossiers).toHaveLength(Math.min(10, overdue.total));
    const dues = overdue.dossiers.map((d) => Date.parse(d.effectiveDueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const received = engine.drill({ scope: 'year', metric: 'received' }, 25);
    const at = received.dossiers.map((d) => Date.parse(d.receivedAt));
    expect(at).toEqual([...at].sort((a, b) => b - a));
    expect(engine.drill({ scope: 'year', metric: 'received' }).dossiers.length).toBe(Math.min(500, received.total));
    const completed = engine.drill({ scope: 'year', metric: 'completed' }, 25).dossiers.map((d) => Date.parse(d.completedAt!));
    expect(completed).toEqual([...completed].sort((a, b) => b - a));
  });

  it('ranks agencies by the year on-time rate, overdue count breaking ties', () => {
    const clock = { now: Date.parse('2026-06-15T12:00:00+07:00') };
    const engine = engineAt(clock);
    const done = (code: string, agency: string, late: boolean) =>
      dossier({ code, handlingAgencyId: agency, receivedAt: '2026-06-01T08:00:00+07:00', dueAt: '2026-06-10T08:00:00+07:00', status: 'completed', completedAt: late ? '2026-06-12T08:00:00+07:00' : '2026-06-05T08:00:00+07:00' });
    const overdue = (code: string, agency: string) => dossier({ code, handlingAgencyId: agency, receivedAt: '2026-06-01T08:00:00+07:00', dueAt: '2026-06-10T08:00:00+07:00' });
    engine.load(
      [done('1', 'so-tp', false), done('2', 'so-tp', true), done('3', 'so-xd', false), done('4', 'so-tnmt', false), overdue('5', 'so-tnmt'), done('6', 'so-ct', false), done('7', 'so-ct', true)],
      AGENCIES,
    );
    const ranking = engine.board().ranking;
    expect(ranking.map((r) => [r.agencyId, r.rank, r.onTimeRate, r.overdue])).toEqual([
      ['so-xd', 1, 1, 0],
      ['so-tnmt', 2, 1, 1],
      ['so-ct', 3, 0.5, 0],
      ['so-tp', 3, 0.5, 0],
      ['ubnd-vi-thanh', 5, null, 0],
    ]);
  });

  it('reports provenance and staleness of the sources', () => {
    const clock = { now: Date.parse('2026-06-15T12:00:00Z') };
    const engine = engineAt(clock);
    engine.load([], AGENCIES);
    const source = (id: string, lastSuccessAt: string | null) => ({
      id, name: id, kind: 'http-json' as const, lastSuccessAt, lastAttemptAt: lastSuccessAt, lagMs: 0, watermark: null,
      consecutiveFailures: 0, nextAttemptAt: null, lastError: null, recordsIngested: 0, recordsSkipped: 0, recentSkips: [],
    });
    let board = engine.board([source('a', '2026-06-15T11:59:00Z'), source('b', '2026-06-15T11:58:00Z')], 5 * 60_000);
    expect(board.provenance).toMatchObject({ lastUpdatedAt: '2026-06-15T11:59:00.000Z', stale: false, staleAfterMs: 300_000 });
    board = engine.board([source('a', '2026-06-15T11:59:00Z'), source('b', '2026-06-15T11:50:00Z')], 5 * 60_000);
    expect(board.provenance.stale).toBe(true);
    board = engine.board([source('a', null)], 5 * 60_000);
    expect(board.provenance).toMatchObject({ lastUpdatedAt: null, stale: true });
    // A source's own threshold wins; a CSV back-fill is listed but never makes the board stale.
    board = engine.board([source('a', '2026-06-15T11:50:00Z')], 5 * 60_000, (s) => (s.id === 'a' ? 20 * 60_000 : undefined));
    expect(board.provenance.stale).toBe(false);
    board = engine.board([source('a', '2026-06-15T11:59:00Z'), { ...source('csv:so-tp', '2026-01-01T00:00:00Z'), kind: 'csv' }], 5 * 60_000);
    expect(board.provenance).toMatchObject({ stale: false, lastUpdatedAt: '2026-06-15T11:59:00.000Z' });
    expect(board.provenance.sources.map((s) => s.id)).toEqual(['a', 'csv:so-tp']);
  });
});

describe('parseInstantMs', () => {
  it('reads instants exactly as Date.parse does', () => {
    const samples = [
      '2026-01-31T16:59:59Z',
      '2026-01-31T23:59:59.999+07:00',
      '2024-02-29T00:00:00.5-05:30',
      '2023-02-29T00:00:00Z', // not a date: Date.parse's answer (NaN)
      '0099-12-31T23:59:59Z',
      '1969-12-31T23:59:59.12345Z',
      '2026-06-01T08:00:00.000+00:00',
      '2026-06-01 08:00:00Z',
      '2026-06-01T08:00Z',
      'garbage',
      '',
    ];
    const random = seededRandom(5);
    for (let i = 0; i < 300; i++) samples.push(new Date(Math.floor((random() - 0.3) * 4e12)).toISOString());
    for (const text of samples) expect(parseInstantMs(text), text).toEqual(Date.parse(text));
  });
});
