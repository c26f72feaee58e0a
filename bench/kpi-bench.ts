/**
 * npm run bench:kpi — prints figures, asserts nothing.
 * The KPI engine over BENCH_DOSSIERS (1,000,000) seeded dossiers spread over the last
 * ~2.5 years (about 5% still open, some paused, 40 agencies, 25 fields):
 *  1. load + the whole board (median of 3, a fresh engine each time);
 *  2. one incremental apply of 1 changed dossier, and of a batch of 100 (medians over many);
 *  3. board() right after an incremental change (median);
 *  4. a few drills (year received, year overdue of one agency) and a digest;
 *  5. memory (heapUsed; run with NODE_OPTIONS=--expose-gc for settled numbers).
 * Env: BENCH_DOSSIERS (1000000), BENCH_SEED (20260101).
 */
import { DigestService } from '../server/portal/digest-service.js';
import { KpiEngine } from '../server/portal/kpi-engine.js';
import type { Agency, Dossier, DossierStatus, Procedure } from '../src-shared/model/dossier.js';
import { DEFAULT_WORKING_CALENDAR } from '../src-shared/model/working-calendar.js';
import { pick, seededRandom } from '../src-shared/seeded-random.js';

const COUNT = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 20260101);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Tuesday morning in Vietnam. */
const NOW = Date.parse('2026-11-24T09:30:00+07:00');

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const time = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

const AGENCIES: Agency[] = Array.from({ length: 40 }, (_, i) => ({
  id: i < 20 ? `so-${i}` : `ubnd-${i}`,
  name: i < 20 ? `Sở chuyên ngành số ${i + 1}` : `UBND huyện số ${i - 19}`,
  shortName: '',
}));
const FIELDS = Array.from({ length: 25 }, (_, i) => `Lĩnh vực ${i + 1}`);
const PROCEDURES: Procedure[] = Array.from({ length: 300 }, (_, i) => ({
  code: `1.00${1000 + i}`,
  name: `Thủ tục hành chính số ${i + 1}`,
  field: FIELDS[i % FIELDS.length]!,
  level: i % 3 === 0 ? 'full' : i % 3 === 1 ? 'partial' : 'none',
}));
const OPEN_STATUSES: DossierStatus[] = ['received', 'in_progress', 'in_progress', 'in_progress', 'additional_docs_requested', 'paused'];

const iso = (ms: number) => new Date(ms).toISOString();

function makeDossier(random: () => number, code: string, receivedMs: number, nowMs: number): Dossier {
  const slaDays = pick(random, [1, 3, 5, 7, 10, 15, 20, 30]);
  const dueMs = receivedMs + slaDays * DAY * 1.4; // working days ≈ 1.4 calendar days
  const procedure = pick(random, PROCEDURES);
  const agency = pick(random, AGENCIES);
  const age = nowMs - receivedMs;
  const r = random();
  let status: DossierStatus;
  let completedAt: string | null = null;
  const pauses: Dossier['pauses'] = [];
  // Older dossiers are nearly all done; recent ones often still open.
  const openChance = age < 20 * DAY ? 0.6 : age < 90 * DAY ? 0.08 : 0.004;
  if (r < 0.02) {
    status = 'cancelled';
  } else if (r < 0.02 + openChance) {
    status = pick(random, OPEN_STATUSES);
    if (status === 'paused' || status === 'additional_docs_requested') pauses.push({ from: iso(receivedMs + Math.min(age, 2 * DAY) * random()), to: null });
  } else {
    status = random() < 0.95 ? 'completed' : 'returned';
    const took = (dueMs - receivedMs) * (0.2 + random() * 1.1);
    completedAt = iso(Math.min(nowMs - 60_000, receivedMs + took));
  }
  if (random() < 0.08 && pauses.length === 0) {
    const from = receivedMs + DAY * random();
    pauses.push({ from: iso(from), to: iso(from + 2 * DAY * random()) });
  }
  return {
    code,
    procedure,
    receivingAgencyId: agency.id,
    handlingAgencyId: agency.id,
    channel: random() < 0.55 ? 'online' : random() < 0.9 ? 'counter' : 'post',
    receivedAt: iso(receivedMs),
    dueAt: iso(dueMs),
    completedAt,
    status,
    pauses,
    localityId: null,
    updatedAt: iso(completedAt ? Date.parse(completedAt) : receivedMs),
    sourceId: 'bench',
  };
}

function main(): void {
  console.log(`KPI engine bench: ${COUNT.toLocaleString('en-US')} dossiers, seed ${SEED}, node ${process.version}${gc ? '' : ' (no --expose-gc: heap figures include garbage)'}`);
  const heapStart = heapMb();
  const random = seededRandom(SEED);
  const span = 900 * DAY;
  const t0 = performance.now();
  const dossiers: Dossier[] = new Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
    // Receipts grow over time (more towards now).
    const receivedMs = NOW - span * (1 - Math.sqrt(random()));
    dossiers[i] = makeDossier(random, `HS-${String(i).padStart(8, '0')}`, Math.floor(receivedMs), NOW);
  }
  const open = dossiers.filter((d) => d.completedAt === null && d.status !== 'cancelled').length;
  console.log(`generated in ${fmt((performance.now() - t0) / 1000, 2)} s; ${open.toLocaleString('en-US')} open (${fmt((open / COUNT) * 100)}%)`);
  const heapDossiers = heapMb();

  let clock = NOW;
  const calendar = DEFAULT_WORKING_CALENDAR;
  let engine = new KpiEngine({ calendar, atRiskWorkingHours: 24, now: () => clock });
  const loads: number[] = [];
  for (let run = 0; run < 3; run++) {
    engine = new KpiEngine({ calendar, atRiskWorkingHours: 24, now: () => clock });
    loads.push(
      time(() => {
        engine.load(dossiers, AGENCIES);
        engine.board();
      }),
    );
  }
  const heapLoaded = heapMb();
  const board = engine.board();
  console.log(`\n1. load + whole board: median ${fmt(median(loads), 0)} ms (runs: ${loads.map((ms) => fmt(ms, 0)).join(', ')} ms)`);
  console.log(
    `   year: received ${board.totals.year.received.toLocaleString('en-US')}, completed ${board.totals.year.completed.toLocaleString('en-US')}, ` +
      `in progress ${board.totals.year.inProgress.toLocaleString('en-US')}, at risk ${board.totals.year.atRisk}, overdue ${board.totals.year.overdue}, ` +
      `on-time rate ${fmt((board.totals.year.onTimeRate ?? 0) * 100)}%`,
  );

  // 2. Incremental applies: a dossier moves on (completed, or a new one arrives), the clock ticks a second.
  const changeRandom = seededRandom(SEED + 1);
  let serial = 0;
  const changedDossier = (): Dossier => {
    const d = dossiers[Math.floor(changeRandom() * COUNT)]!;
    if (changeRandom() < 0.3) return makeDossier(changeRandom, `NEW-${serial++}`, clock - Math.floor(changeRandom() * HOUR), clock);
    return makeDossier(changeRandom, d.code, Date.parse(d.receivedAt), clock);
  };
  const single: number[] = [];
  for (let i = 0; i < 2000; i++) {
    clock += 1000;
    const d = changedDossier();
    single.push(time(() => engine.apply([d])));
  }
  const batch: number[] = [];
  for (let i = 0; i < 300; i++) {
    clock += 1000;
    const changes = Array.from({ length: 100 }, changedDossier);
    batch.push(time(() => engine.apply(changes)));
  }
  console.log(`\n2. apply 1 changed dossier: median ${fmt(median(single) * 1000, 1)} µs (p99 ${fmt([...single].sort((a, b) => a - b)[Math.floor(single.length * 0.99)]! * 1000, 1)} µs, ${single.length} runs)`);
  console.log(`   apply a batch of 100: median ${fmt(median(batch), 2)} ms (${batch.length} runs)`);

  // 3. board() after an incremental change (the clock moving on a few seconds each time).
  const boards: number[] = [];
  for (let i = 0; i < 200; i++) {
    clock += 5000;
    engine.apply([changedDossier()]);
    boards.push(time(() => engine.board()));
  }
  // And across an hour and a day of time passing (the re-evaluation of due thresholds).
  clock += HOUR;
  const hourLater = time(() => engine.board());
  clock += DAY;
  const dayLater = time(() => engine.board());
  console.log(`\n3. board() after an incremental change: median ${fmt(median(boards), 2)} ms (${boards.length} runs)`);
  console.log(`   board() an hour later: ${fmt(hourLater, 2)} ms; a day later: ${fmt(dayLater, 2)} ms`);

  // 4. Drills and a digest.
  const drillYear = median(Array.from({ length: 5 }, () => time(() => engine.drill({ scope: 'year', metric: 'received' }))));
  const drillAgency = median(Array.from({ length: 5 }, () => time(() => engine.drill({ scope: 'year', metric: 'overdue', agencyId: 'so-3' }))));
  const drillMonth = median(Array.from({ length: 5 }, () => time(() => engine.drill({ scope: 'month', metric: 'completed', field: FIELDS[2]! }))));
  const digest = new DigestService({ source: engine, now: () => clock });
  const digestMs = median(Array.from({ length: 5 }, () => time(() => void digest.generate('so-3'))));
  console.log(`\n4. drill year/received (limit 500): ${fmt(drillYear, 1)} ms; year/overdue/one agency: ${fmt(drillAgency, 2)} ms; month/completed/one field: ${fmt(drillMonth, 1)} ms`);
  console.log(`   digest HTML of one agency: ${fmt(digestMs, 1)} ms`);

  const heapEnd = heapMb();
  console.log(
    `\n5. heapUsed: start ${fmt(heapStart, 0)} MB; with the dossiers ${fmt(heapDossiers, 0)} MB; + engine loaded ${fmt(heapLoaded, 0)} MB ` +
      `(engine ≈ ${fmt(heapLoaded - heapDossiers, 0)} MB, ≈ ${fmt(((heapLoaded - heapDossiers) * 1024 * 1024) / COUNT, 0)} B per dossier); end ${fmt(heapEnd, 0)} MB`,
  );
}

main();
