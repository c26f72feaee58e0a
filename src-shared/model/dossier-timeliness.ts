import { DONE_STATUSES, type Dossier, type DossierPause, type Timeliness } from './dossier.js';
import type { DossierSummary } from './kpi.js';
import { addWorkingMs, workingMsBetween, type WorkingCalendarLike } from './working-calendar.js';

/**
 * How a dossier stands against its due time, counted in working time (working-calendar.ts).
 *
 * The clock stops while the dossier waits (yêu cầu bổ sung, tạm dừng): each pause pushes
 * the due time later by the working time it lasted, overlapping pauses counted once. The
 * clock runs until "now" for an open dossier and until completion for a done one, so a
 * pause still open extends the due time up to that moment (a paused dossier does not
 * drift into overdue) and pause time after that moment does not count.
 *
 * A dossier is done when its status is one of DONE_STATUSES (completed, returned) and it
 * has a completedAt; a done status without completedAt is judged as still open.
 *
 * These run once per dossier over whole years of dossiers, so they allocate nothing
 * beyond what the answer needs.
 */

const HOUR_MS = 3_600_000;

type DueFields = Pick<Dossier, 'dueAt' | 'pauses'>;
type TimelinessFields = Pick<Dossier, 'dueAt' | 'pauses' | 'status' | 'completedAt'>;

/**
 * The due time pushed later by the working time the clock was stopped (pauses up to
 * `nowMs`, an open pause until `nowMs`), epoch ms.
 */
export function effectiveDueMs(d: DueFields, nowMs: number, cal: WorkingCalendarLike): number {
  const dueMs = parseInstantMs(d.dueAt);
  const paused = pausedWorkingMs(d.pauses, nowMs, cal);
  return paused === 0 ? dueMs : addWorkingMs(dueMs, paused, cal);
}

/**
 * cancelled → 'cancelled'; done → 'on-time' when completed at or before the effective due
 * time, else 'late'; open → 'overdue' past the effective due time, 'at-risk' when at most
 * `atRiskWorkingHours` of working time is left, else 'in-time'.
 */
export function timelinessOf(
  d: TimelinessFields,
  nowMs: number,
  cal: WorkingCalendarLike,
  atRiskWorkingHours: number,
): Timeliness {
  if (d.status === 'cancelled') return 'cancelled';
  const completedMs = doneAtMs(d);
  const dueMs = effectiveDueMs(d, completedMs ?? nowMs, cal);
  return classify(d.status, completedMs, dueMs, nowMs, cal, atRiskWorkingHours);
}

function classify(
  status: Dossier['status'],
  completedMs: number | null,
  dueMs: number,
  nowMs: number,
  cal: WorkingCalendarLike,
  atRiskWorkingHours: number,
): Timeliness {
  if (status === 'cancelled') return 'cancelled';
  if (completedMs !== null) return completedMs <= dueMs ? 'on-time' : 'late';
  if (nowMs > dueMs) return 'overdue';
  return workingMsBetween(nowMs, dueMs, cal) <= atRiskWorkingHours * HOUR_MS ? 'at-risk' : 'in-time';
}

/**
 * Working hours from now to the effective due time: left (positive) while open and in time,
 * past due (negative, or 0 when only non-working time has passed since) when overdue;
 * null when done or cancelled.
 */
export function workingHoursToDue(d: TimelinessFields, nowMs: number, cal: WorkingCalendarLike): number | null {
  if (d.status === 'cancelled' || doneAtMs(d) !== null) return null;
  return openWorkingHoursToDue(effectiveDueMs(d, nowMs, cal), nowMs, cal);
}

/** A dossier as lists show it; the effective due time is judged as timelinessOf judges it. */
export function toDossierSummary(
  d: Dossier,
  nowMs: number,
  cal: WorkingCalendarLike,
  atRiskWorkingHours: number,
): DossierSummary {
  const completedMs = doneAtMs(d);
  const clockEndMs = completedMs ?? nowMs;
  const dueMs = effectiveDueMs(d, clockEndMs, cal);
  const open = completedMs === null && d.status !== 'cancelled';
  return {
    code: d.code,
    procedureName: d.procedure.name,
    field: d.procedure.field,
    handlingAgencyId: d.handlingAgencyId,
    receivedAt: d.receivedAt,
    effectiveDueAt: Number.isFinite(dueMs) ? new Date(dueMs).toISOString() : d.dueAt,
    completedAt: d.completedAt,
    status: d.status,
    timeliness: classify(d.status, completedMs, dueMs, nowMs, cal, atRiskWorkingHours),
    workingHoursToDue: open ? roundHours(openWorkingHoursToDue(dueMs, nowMs, cal)) : null,
  };
}

function openWorkingHoursToDue(dueMs: number, nowMs: number, cal: WorkingCalendarLike): number {
  return workingMsBetween(nowMs, dueMs, cal) / HOUR_MS + 0; // + 0 turns −0 into 0
}

function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100 + 0;
}

/** completedAt in epoch ms when the dossier is done, else null. */
function doneAtMs(d: Pick<Dossier, 'status' | 'completedAt'>): number | null {
  if (d.completedAt === null || !DONE_STATUSES.includes(d.status)) return null;
  return parseInstantMs(d.completedAt);
}

// Scratch space for the pause intervals (the schema allows at most 50; grown if ever needed).
let scratchFrom = new Float64Array(64);
let scratchTo = new Float64Array(64);

/** Working ms covered by the union of the pauses, each clipped to end by `clockEndMs`. */
function pausedWorkingMs(pauses: readonly DossierPause[], clockEndMs: number, cal: WorkingCalendarLike): number {
  const n = pauses.length;
  if (n === 0) return 0;
  if (n === 1) {
    const p = pauses[0]!;
    const from = parseInstantMs(p.from);
    const to = p.to === null ? clockEndMs : Math.min(parseInstantMs(p.to), clockEndMs);
    return to > from ? workingMsBetween(from, to, cal) : 0;
  }
  if (n > scratchFrom.length) {
    scratchFrom = new Float64Array(n * 2);
    scratchTo = new Float64Array(n * 2);
  }
  // Collect the non-empty intervals, insertion-sorted by start (n is small, usually sorted already).
  let count = 0;
  for (let i = 0; i < n; i++) {
    const p = pauses[i]!;
    const from = parseInstantMs(p.from);
    const to = p.to === null ? clockEndMs : Math.min(parseInstantMs(p.to), clockEndMs);
    if (!(to > from)) continue;
    let j = count++;
    while (j > 0 && scratchFrom[j - 1]! > from) {
      scratchFrom[j] = scratchFrom[j - 1]!;
      scratchTo[j] = scratchTo[j - 1]!;
      j--;
    }
    scratchFrom[j] = from;
    scratchTo[j] = to;
  }
  // Sweep, merging overlaps so that shared time counts once.
  let total = 0;
  let runFrom = 0;
  let runTo = -Infinity;
  for (let i = 0; i < count; i++) {
    const from = scratchFrom[i]!;
    const to = scratchTo[i]!;
    if (from > runTo) {
      if (runTo !== -Infinity) total += workingMsBetween(runFrom, runTo, cal);
      runFrom = from;
      runTo = to;
    } else if (to > runTo) {
      runTo = to;
    }
  }
  if (runTo !== -Infinity) total += workingMsBetween(runFrom, runTo, cal);
  return total;
}

const CH_0 = 48;

/** The number written by `n` ASCII digits at `at`, or −1. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - CH_0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Epoch ms of an ISO 8601 instant, as Date.parse reads it. The portal's usual shape,
 * YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM), is read directly (Date.parse dominated the cost
 * of judging a dossier); anything else goes to Date.parse.
 */
export function parseInstantMs(s: string): number {
  const len = s.length;
  if (len < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return Date.parse(s);
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return Date.parse(s);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31)) return Date.parse(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Fraction: milliseconds are its first three digits (more are cut off, as Date.parse does).
    i++;
    const start = i;
    for (; i < len; i++) {
      const c = s.charCodeAt(i) - CH_0;
      if (c < 0 || c > 9) break;
      if (i - start < 3) ms = ms * 10 + c;
    }
    const n = i - start;
    if (n === 0) return Date.parse(s);
    if (n === 1) ms *= 100;
    else if (n === 2) ms *= 10;
  }
  let offsetMin = 0; // Z
  const z = s.charCodeAt(i);
  if (z === 90 && i + 1 === len) {
    // UTC
  } else if ((z === 43 || z === 45) && i + 6 === len && s.charCodeAt(i + 3) === 58) {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Date.parse(s);
    offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return Date.parse(s);
  }
  // Days from civil (H. Hinnant), proleptic Gregorian.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return ((days * 24 + h) * 60 + mi - offsetMin) * 60_000 + sec * 1000 + ms;
}
