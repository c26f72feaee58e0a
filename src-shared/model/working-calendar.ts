import { z } from 'zod';
import { VIETNAM_OFFSET_MS } from './vietnam-time.js';

/**
 * The working calendar that due times of public-service dossiers are counted in: state
 * agencies work Monday–Friday, public holidays excluded. Days are Vietnam local calendar
 * days (UTC+07:00, no daylight saving); a working day counts whole, 00:00–24:00 local, and
 * time on weekends and holidays does not count.
 *
 * Holidays are configuration: the lunar ones (Tết, the Hùng Kings' day) move every year,
 * and the government sets each year's Tết break, compensatory days and swaps afresh, so
 * the list below must be reviewed every year. The calendar has no notion of a make-up
 * working Saturday (a swapped day); such a Saturday counts as a weekend day.
 *
 * Calendars are treated as immutable: each is compiled once (cached by object identity,
 * and by content for copies), so change a calendar by making a new one, never by
 * mutating its arrays.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Vietnam (Indochina Time) is UTC+07:00 all year. */
/**
 * Day numbers used inside: days since Sunday 1969-12-28 in Vietnam local time, so that
 * `day mod 7` is the weekday (0 = Sunday). 1970-01-01 was a Thursday.
 */
const EPOCH_DAY_SHIFT = 4;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const WorkingCalendarSchema = z.object({
  /** Weekdays that are not worked, 0 = Sunday … 6 = Saturday (Vietnam local). At least one weekday must be worked. */
  weekendDays: z
    .array(z.number().int().min(0).max(6))
    .max(6, 'at least one weekday must be a working day')
    .refine((days) => new Set(days).size === days.length, 'weekend days must not repeat'),
  /** Public holidays, Vietnam local dates YYYY-MM-DD (real dates only). */
  holidays: z.array(z.iso.date()).max(5000),
});
export type WorkingCalendar = z.infer<typeof WorkingCalendarSchema>;

/** What the functions below read; a `WorkingCalendar` (or a frozen one) fits. */
export interface WorkingCalendarLike {
  readonly weekendDays: readonly number[];
  readonly holidays: readonly string[];
}

/**
 * Vietnam's public holidays as agencies took/take them off, 2025–2027 (Labour Code 2019,
 * art. 112, and the yearly government notices on Tết and holiday swaps).
 *
 * Holidays are configuration and change yearly: review this list each year (the lunar
 * dates, the Tết break the government announces, compensatory days when a holiday falls
 * on a weekend, and which day accompanies National Day). Swapped make-up working
 * Saturdays are not modelled: e.g. 2025 swapped Friday 2 May for Saturday 26 April
 * (30/4–4/5 off); this list keeps 2 May 2025 a working day, as the calendar cannot make
 * 26 April one.
 */
const VIETNAM_HOLIDAYS_2025_2027: readonly string[] = [
  // 2025
  '2025-01-01', // New Year's Day (Wed)
  ...dayRange('2025-01-25', '2025-02-02'), // Tết Ất Tỵ: the 9-day break announced for civil servants (lunar new year 29 Jan)
  '2025-04-07', // Hùng Kings' day, 10/3 lunar (Mon)
  '2025-04-30', // Reunification Day (Wed)
  '2025-05-01', // Labour Day (Thu)
  '2025-09-01', // National Day's adjacent day (Mon)
  '2025-09-02', // National Day (Tue)
  // 2026
  '2026-01-01', // New Year's Day (Thu)
  ...dayRange('2026-02-14', '2026-02-22'), // Tết Bính Ngọ: the announced 9-day break, Sat 14 – Sun 22 Feb (lunar new year 17 Feb)
  '2026-04-26', // Hùng Kings' day, 10/3 lunar, a Sunday…
  '2026-04-27', // …so observed on Monday 27 April
  '2026-04-30', // Reunification Day (Thu)
  '2026-05-01', // Labour Day (Fri)
  '2026-09-01', // National Day's adjacent day (Tue) — to be confirmed by the government's notice for 2026
  '2026-09-02', // National Day (Wed)
  // 2027 — to be confirmed: the government has not yet announced 2027's arrangements.
  '2027-01-01', // New Year's Day (Fri)
  ...dayRange('2027-02-04', '2027-02-10'), // Tết Đinh Mùi, lunar new year Sat 6 Feb: an assumed Thu 4 – Wed 10 Feb span (5 statutory weekdays); MUST be confirmed
  '2027-04-16', // Hùng Kings' day, 10/3 lunar (Fri)
  '2027-04-30', // Reunification Day (Fri)
  '2027-05-01', // Labour Day, a Saturday…
  '2027-05-03', // …so the compensatory day is Monday 3 May
  '2027-09-01', // National Day's adjacent day (Wed) — to be confirmed (3 Sep, a Friday, is as likely)
  '2027-09-02', // National Day (Thu)
];

/** Weekends Saturday and Sunday; Vietnam's public holidays 2025–2027 (configuration; see above). */
export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = Object.freeze({
  weekendDays: Object.freeze([6, 0]) as number[],
  holidays: Object.freeze([...VIETNAM_HOLIDAYS_2025_2027]) as string[],
});

/** The Vietnam local calendar day (YYYY-MM-DD) of an instant. */
export { vietnamDay } from './vietnam-time.js';

/** Whether a Vietnam local day (YYYY-MM-DD) is worked: not a weekend day, not a holiday. */
export function isWorkingDay(day: string, cal: WorkingCalendarLike): boolean {
  return compiled(cal).isWorking(dayNumberOf(day));
}

/**
 * The working time between two instants: the part of [fromMs, toMs] that falls on working
 * days (Vietnam local days, whole days). Negative when toMs < fromMs (= −workingMsBetween(toMs, fromMs)).
 * O(1) once the calendar is compiled. NaN when an instant is not a finite number.
 */
export function workingMsBetween(fromMs: number, toMs: number, cal: WorkingCalendarLike): number {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return NaN;
  const c = compiled(cal);
  return c.workingMsBefore(toMs) - c.workingMsBefore(fromMs);
}

/**
 * The instant `ms` of working time after `fromMs` (before it when `ms` is negative),
 * skipping non-working days; `workingMsBetween(fromMs, result) === ms`. A result that ends
 * a working day exactly is that day's 24:00 (the next day's 00:00), not the next working
 * morning; going backwards, it is the latest such instant. `ms === 0` returns `fromMs`.
 */
export function addWorkingMs(fromMs: number, ms: number, cal: WorkingCalendarLike): number {
  if (!Number.isFinite(fromMs) || !Number.isFinite(ms)) return NaN;
  if (ms === 0) return fromMs;
  const c = compiled(cal);
  const target = c.workingMsBefore(fromMs) + ms;
  // The target lies in the working day that has `count` working days before it, `offset` into it:
  // offset in (0, DAY] going forwards (earliest instant), in [0, DAY) going backwards (latest).
  let count = Math.floor(target / DAY_MS);
  if (count * DAY_MS > target) count -= 1;
  else if ((count + 1) * DAY_MS <= target) count += 1;
  if (ms > 0 && count * DAY_MS === target) count -= 1;
  const offset = target - count * DAY_MS;
  return (c.nthWorkingDay(count) - EPOCH_DAY_SHIFT) * DAY_MS - VIETNAM_OFFSET_MS + offset;
}

// ---------------------------------------------------------------------------------------
// Compilation: per calendar, O(1) "working days before day d" and its inverse.
//
// cum(d) = W(d) − H(d), where W(d) counts days before d whose weekday is worked (closed form,
// periodic in 7) and H(d) counts holidays before d that fall on a worked weekday. H is a
// prefix-sum array over the span of the holidays and constant outside it, so the calendar
// covers every representable date without growing.

interface CompiledCalendar {
  isWorking(day: number): boolean;
  /** Working ms from a fixed origin to the instant (any consistent origin: only differences matter). */
  workingMsBefore(ms: number): number;
  /** The day number of the working day with exactly `count` working days before it (count may be negative). */
  nthWorkingDay(count: number): number;
}

function compile(cal: WorkingCalendarLike): CompiledCalendar {
  const weekdayWorked = new Uint8Array(7);
  for (let w = 0; w < 7; w++) weekdayWorked[w] = cal.weekendDays.includes(w) ? 0 : 1;
  /** partial[r]: worked weekdays among weekdays 0 … r−1. */
  const partial = new Int32Array(8);
  /** nth[i]: the weekday of the i-th worked weekday. */
  const nth: number[] = [];
  for (let w = 0; w < 7; w++) {
    partial[w + 1] = partial[w]! + weekdayWorked[w]!;
    if (weekdayWorked[w]) nth.push(w);
  }
  const perWeek = nth.length;
  if (perWeek === 0) throw new RangeError('a working calendar needs at least one working weekday');

  // Holidays on worked weekdays, as distinct sorted day numbers.
  const holidayDays = [...new Set(cal.holidays.map(dayNumberOf))]
    .filter((d) => weekdayWorked[mod7(d)] === 1)
    .sort((a, b) => a - b);
  const lo = holidayDays.length > 0 ? holidayDays[0]! : 0;
  const hi = holidayDays.length > 0 ? holidayDays[holidayDays.length - 1]! + 1 : 0;
  const span = hi - lo;
  /** isHoliday[d − lo] for d in [lo, hi). */
  const isHoliday = new Uint8Array(span);
  for (const d of holidayDays) isHoliday[d - lo] = 1;
  /** holidaysBefore[i] = H(lo + i), i in [0, span]. */
  const holidaysBefore = new Int32Array(span + 1);
  for (let i = 0; i < span; i++) holidaysBefore[i + 1] = holidaysBefore[i]! + isHoliday[i]!;
  const holidayCount = holidayDays.length;

  const weekdaysBefore = (day: number): number => {
    const q = Math.floor(day / 7);
    return q * perWeek + partial[day - q * 7]!;
  };
  const holidaysBeforeDay = (day: number): number =>
    day <= lo ? 0 : day >= hi ? holidayCount : holidaysBefore[day - lo]!;
  const isWorking = (day: number): boolean =>
    weekdayWorked[mod7(day)] === 1 && !(day >= lo && day < hi && isHoliday[day - lo] === 1);
  /** The day number of the weekday-worked day with `m` weekday-worked days before it. */
  const nthWeekdayWorked = (m: number): number => {
    const q = Math.floor(m / perWeek);
    return q * 7 + nth[m - q * perWeek]!;
  };

  // Working days between lo and hi, listed, for the inverse inside the holiday span.
  const cumLo = weekdaysBefore(lo);
  const cumHi = weekdaysBefore(hi) - holidayCount;
  const workingInSpan = new Int32Array(cumHi - cumLo);
  for (let d = lo, i = 0; d < hi; d++) if (isWorking(d)) workingInSpan[i++] = d;

  return {
    isWorking,
    workingMsBefore(ms: number): number {
      const local = ms + VIETNAM_OFFSET_MS;
      const dayStart = Math.floor(local / DAY_MS);
      const day = dayStart + EPOCH_DAY_SHIFT;
      const before = (weekdaysBefore(day) - holidaysBeforeDay(day)) * DAY_MS;
      return isWorking(day) ? before + (local - dayStart * DAY_MS) : before;
    },
    nthWorkingDay(count: number): number {
      if (count < cumLo) return nthWeekdayWorked(count);
      if (count >= cumHi) return nthWeekdayWorked(count + holidayCount);
      return workingInSpan[count - cumLo]!;
    },
  };
}

const byIdentity = new WeakMap<WorkingCalendarLike, CompiledCalendar>();
const byContent = new Map<string, CompiledCalendar>();
const BY_CONTENT_LIMIT = 32;

let lastCal: WorkingCalendarLike | null = null;
let lastCompiled: CompiledCalendar | null = null;

function compiled(cal: WorkingCalendarLike): CompiledCalendar {
  if (cal === lastCal && lastCompiled) return lastCompiled;
  const c = compiledSlow(cal);
  lastCal = cal;
  lastCompiled = c;
  return c;
}

function compiledSlow(cal: WorkingCalendarLike): CompiledCalendar {
  const hit = byIdentity.get(cal);
  if (hit) return hit;
  const key = `${cal.weekendDays.join(',')}|${cal.holidays.join(',')}`;
  let c = byContent.get(key);
  if (!c) {
    c = compile(cal);
    if (byContent.size >= BY_CONTENT_LIMIT) byContent.delete(byContent.keys().next().value!);
    byContent.set(key, c);
  }
  byIdentity.set(cal, c);
  return c;
}

function mod7(n: number): number {
  const r = n % 7;
  return r < 0 ? r + 7 : r;
}

/** The internal day number of a YYYY-MM-DD date; throws on anything that is not a real date. */
function dayNumberOf(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const check = new Date(0);
    check.setUTCFullYear(y, mo - 1, d); // not Date.UTC: that reads years 0–99 as 1900–1999
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return check.getTime() / DAY_MS + EPOCH_DAY_SHIFT;
    }
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(day)}`);
}

/** Every date from `first` to `last`, both included (YYYY-MM-DD). */
function dayRange(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = dayNumberOf(first), end = dayNumberOf(last); d <= end; d++) {
    days.push(new Date((d - EPOCH_DAY_SHIFT) * DAY_MS).toISOString().slice(0, 10));
  }
  return days;
}
