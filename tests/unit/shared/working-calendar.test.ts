import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src-shared/seeded-random.js';
import {
  DEFAULT_WORKING_CALENDAR,
  WorkingCalendarSchema,
  addWorkingMs,
  isWorkingDay,
  vietnamDay,
  workingMsBetween,
  type WorkingCalendar,
} from '../../../src-shared/model/working-calendar.js';

/** Epoch ms of a local time in Vietnam (+07:00). */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CAL = DEFAULT_WORKING_CALENDAR;

/** The obvious reference: walk local day by day, counting the part of each working day inside the range. */
function referenceWorkingMs(fromMs: number, toMs: number, cal: WorkingCalendar): number {
  if (toMs < fromMs) return 0 - referenceWorkingMs(toMs, fromMs, cal); // 0 − x: never −0
  let total = 0;
  for (let t = fromMs; t < toMs; ) {
    const nextMidnight = (Math.floor((t + 7 * HOUR) / DAY) + 1) * DAY - 7 * HOUR;
    const end = Math.min(nextMidnight, toMs);
    if (isWorkingDay(vietnamDay(t), cal)) total += end - t;
    t = end;
  }
  return total;
}

describe('WorkingCalendarSchema', () => {
  it('accepts the default calendar', () => {
    expect(WorkingCalendarSchema.safeParse(DEFAULT_WORKING_CALENDAR).success).toBe(true);
  });

  it.each([
    // 30 February does not exist
    ['a day that does not exist', { weekendDays: [0, 6], holidays: ['2026-02-30'] }],
    // 2025 is not a leap year
    ['29 February in a common year', { weekendDays: [0, 6], holidays: ['2025-02-29'] }],
    ['a month 13', { weekendDays: [0, 6], holidays: ['2026-13-01'] }],
    ['a date without zero padding', { weekendDays: [0, 6], holidays: ['2026-2-1'] }],
    ['a date with a time', { weekendDays: [0, 6], holidays: ['2026-02-14T00:00:00Z'] }],
    // weekdays are 0 (Sunday) … 6 (Saturday)
    ['weekday 7', { weekendDays: [6, 7], holidays: [] }],
    ['a negative weekday', { weekendDays: [-1], holidays: [] }],
    ['a fractional weekday', { weekendDays: [5.5], holidays: [] }],
    ['a repeated weekday', { weekendDays: [0, 0], holidays: [] }],
    // nothing would ever be due
    ['no working weekday at all', { weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [] }],
  ])('rejects %s', (_name, value) => {
    expect(WorkingCalendarSchema.safeParse(value).success).toBe(false);
  });

  it.each([
    ['no weekend, no holidays', { weekendDays: [], holidays: [] }],
    ['a Friday–Saturday weekend', { weekendDays: [5, 6], holidays: ['2024-02-29'] }],
  ])('accepts %s', (_name, value) => {
    expect(WorkingCalendarSchema.parse(value)).toEqual(value);
  });
});

describe('DEFAULT_WORKING_CALENDAR', () => {
  it('has weekends on Saturday and Sunday', () => {
    expect([...CAL.weekendDays].sort()).toEqual([0, 6]);
  });

  it.each([
    ['New Year 2025', '2025-01-01'],
    ['Tết 2025 starts', '2025-01-25'],
    ['Tết 2025 ends', '2025-02-02'],
    ['Hùng Kings 2025', '2025-04-07'],
    ['Reunification Day 2025', '2025-04-30'],
    ['Labour Day 2025', '2025-05-01'],
    ['National Day 2025 and its adjacent day', '2025-09-01'],
    ['National Day 2025', '2025-09-02'],
    ['New Year 2026', '2026-01-01'],
    ['Tết 2026 starts', '2026-02-14'],
    ['Tết 2026, lunar new year', '2026-02-17'],
    ['Tết 2026 ends', '2026-02-22'],
    ['Hùng Kings 2026 observed on Monday', '2026-04-27'],
    ['Reunification Day 2026', '2026-04-30'],
    ['Labour Day 2026', '2026-05-01'],
    ['National Day 2026', '2026-09-02'],
    ['New Year 2027', '2027-01-01'],
    ['Tết 2027 (to be confirmed)', '2027-02-08'],
    ['Hùng Kings 2027', '2027-04-16'],
    ['National Day 2027', '2027-09-02'],
  ])('lists %s', (_name, day) => {
    expect(CAL.holidays).toContain(day);
  });

  it('spans Tết 2026 as the announced nine days, 14–22 February', () => {
    expect(CAL.holidays.filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18',
      '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
    ]);
  });

  it('cannot be mutated (calendars are compiled once and cached)', () => {
    expect(Object.isFrozen(CAL)).toBe(true);
    expect(() => (CAL.holidays as string[]).push('2026-03-02')).toThrow();
  });
});

describe('vietnamDay and isWorkingDay', () => {
  it.each([
    // 23:30 UTC is already 06:30 the next morning in Vietnam
    ['23:30 UTC is the next day in Vietnam', '2026-03-05T23:30:00Z', '2026-03-06'],
    ['the last ms before Vietnam midnight', '2026-03-05T16:59:59.999Z', '2026-03-05'],
    ['Vietnam midnight exactly', '2026-03-05T17:00:00Z', '2026-03-06'],
    ['new year in Vietnam while UTC is still in the old year', '2025-12-31T17:00:00Z', '2026-01-01'],
  ])('%s', (_name, instant, day) => {
    expect(vietnamDay(Date.parse(instant))).toBe(day);
  });

  it.each([
    ['an ordinary Friday', '2026-03-06', true],
    ['a Saturday', '2026-03-07', false],
    ['a Sunday', '2026-03-08', false],
    ['a holiday on a weekday (Tết)', '2026-02-17', false],
    ['the first working day after Tết 2026', '2026-02-23', true],
    ['Hùng Kings 2026 falls on Sunday…', '2026-04-26', false],
    ['…and is observed on Monday', '2026-04-27', false],
    ['the working Tuesday between Hùng Kings and 30/4', '2026-04-28', true],
    ['a weekday years away from any configured holiday', '2100-03-03', true],
    ['a weekend day years before them', '1990-03-03', false],
  ])('%s: %s → %s', (_name, day, working) => {
    expect(isWorkingDay(day, CAL)).toBe(working);
  });

  it.each(['2026-02-30', '2026-2-1', 'yesterday', ''])('throws on a string that is not a date: %j', (day) => {
    expect(() => isWorkingDay(day, CAL)).toThrow(RangeError);
  });
});

describe('workingMsBetween', () => {
  it.each([
    // within one working day: all of it counts
    ['09:00–17:00 on a Friday', '2026-03-06T09:00:00', '2026-03-06T17:00:00', 8 * HOUR],
    // Friday 17:00–24:00 and Monday 00:00–09:00; the weekend does not count
    ['across a weekend', '2026-03-06T17:00:00', '2026-03-09T09:00:00', 16 * HOUR],
    ['Saturday to Sunday', '2026-03-07T08:00:00', '2026-03-08T20:00:00', 0],
    // Friday 13 Feb 12:00–24:00 and Monday 23 Feb 00:00–12:00; the nine days of Tết do not count
    ['across Tết 2026', '2026-02-13T12:00:00', '2026-02-23T12:00:00', 24 * HOUR],
    // Wednesday 29 April only: 30/4 and 1/5 are holidays, then the weekend
    ['across 30/4–1/5 2026', '2026-04-29T00:00:00', '2026-05-04T00:00:00', 24 * HOUR],
    // Friday 24 April only: the weekend, then Hùng Kings observed on Monday 27
    ['across Hùng Kings 2026 (observed Monday)', '2026-04-24T00:00:00', '2026-04-28T00:00:00', 24 * HOUR],
    // Friday 29 August only: the weekend, then 1–2 September
    ['across National Day 2025', '2025-08-29T00:00:00', '2025-09-03T00:00:00', 24 * HOUR],
    // Wednesday 31 December 23:00–24:00; 1 January is a holiday
    ['into New Year 2026', '2025-12-31T23:00:00', '2026-01-01T10:00:00', HOUR],
    // reversed: the same time, negative
    ['backwards across a weekend', '2026-03-09T09:00:00', '2026-03-06T17:00:00', -16 * HOUR],
    ['a whole ordinary week', '2026-03-09T00:00:00', '2026-03-16T00:00:00', 5 * DAY],
    ['an empty range', '2026-03-06T10:00:00', '2026-03-06T10:00:00', 0],
  ])('%s', (_name, from, to, expected) => {
    expect(workingMsBetween(vn(from), vn(to), CAL)).toBe(expected);
  });

  it('follows Vietnam midnight, not UTC midnight', () => {
    // Friday 23:00 local (16:00 UTC) to Saturday 06:30 local (23:30 UTC Friday): only Friday's last hour works.
    expect(workingMsBetween(Date.parse('2026-03-06T16:00:00Z'), Date.parse('2026-03-06T23:30:00Z'), CAL)).toBe(HOUR);
    // Sunday 23:30 UTC is Monday 06:30 in Vietnam: 6.5 working hours already.
    expect(workingMsBetween(Date.parse('2026-03-08T12:00:00Z'), Date.parse('2026-03-08T23:30:00Z'), CAL)).toBe(6.5 * HOUR);
  });

  it('is NaN for an instant that is not a number', () => {
    expect(workingMsBetween(Number.NaN, 0, CAL)).toBeNaN();
    expect(workingMsBetween(0, Number.POSITIVE_INFINITY, CAL)).toBeNaN();
  });

  it('agrees with a day-by-day walk on random ranges (seeded), also far from the configured years', () => {
    const random = seededRandom(20260214);
    const start = vn('1999-06-01T00:00:00');
    const span = vn('2031-06-01T00:00:00') - start;
    for (let i = 0; i < 3000; i++) {
      // most ranges around the configured holidays, some far off
      const from = i % 10 === 0 ? start + Math.floor(random() * span) : vn('2024-10-01T00:00:00') + Math.floor(random() * 3.5 * 365 * DAY);
      const to = from + Math.floor((random() - 0.25) * 40 * DAY);
      expect(workingMsBetween(from, to, CAL)).toBe(referenceWorkingMs(from, to, CAL));
    }
  });

  it('is antisymmetric and additive (seeded)', () => {
    const random = seededRandom(7);
    const base = vn('2024-12-01T00:00:00');
    for (let i = 0; i < 2000; i++) {
      const [a, b, c] = [0, 0, 0].map(() => base + Math.floor(random() * 3 * 365 * DAY)) as [number, number, number];
      expect(workingMsBetween(b, a, CAL)).toBe(0 - workingMsBetween(a, b, CAL));
      expect(workingMsBetween(a, b, CAL) + workingMsBetween(b, c, CAL)).toBe(workingMsBetween(a, c, CAL));
    }
  });

  it.each([
    ['a Friday–Saturday weekend', { weekendDays: [5, 6], holidays: [] }, '2026-03-05T12:00:00', '2026-03-08T12:00:00', 24 * HOUR],
    ['no weekend at all', { weekendDays: [], holidays: [] }, '2026-03-06T12:00:00', '2026-03-09T12:00:00', 3 * DAY],
    ['holidays on a weekend change nothing', { weekendDays: [0, 6], holidays: ['2026-03-07'] }, '2026-03-06T00:00:00', '2026-03-10T00:00:00', 2 * DAY],
  ])('works for other calendars: %s', (_name, cal, from, to, expected) => {
    expect(workingMsBetween(vn(from), vn(to), cal)).toBe(expected);
    expect(workingMsBetween(vn(from), vn(to), cal)).toBe(referenceWorkingMs(vn(from), vn(to), cal));
  });

  it('gives a copy of a calendar the same answers as the original', () => {
    const copy: WorkingCalendar = { weekendDays: [...CAL.weekendDays], holidays: [...CAL.holidays] };
    const without: WorkingCalendar = { weekendDays: [0, 6], holidays: [] };
    const [from, to] = [vn('2026-02-13T12:00:00'), vn('2026-02-23T12:00:00')];
    expect(workingMsBetween(from, to, copy)).toBe(24 * HOUR);
    expect(workingMsBetween(from, to, without)).toBe(6 * DAY);
    expect(workingMsBetween(from, to, CAL)).toBe(24 * HOUR);
  });
});

describe('addWorkingMs', () => {
  it.each([
    // Friday 15:00–24:00 is 9 h, then Monday's first hour
    ['past the weekend', '2026-03-06T15:00:00', 10 * HOUR, '2026-03-09T01:00:00'],
    // landing exactly at the end of Friday is Friday 24:00 (Saturday 00:00), not Monday morning
    ['to the end of a working day', '2026-03-06T15:00:00', 9 * HOUR, '2026-03-07T00:00:00'],
    // from a Saturday, time starts counting on Monday
    ['from a weekend', '2026-03-07T10:00:00', HOUR, '2026-03-09T01:00:00'],
    // Thursday 12 h, Friday 24 h, Tết 14–22 Feb, Monday 23 Feb 12 h
    ['past Tết 2026', '2026-02-12T12:00:00', 48 * HOUR, '2026-02-23T12:00:00'],
    // Wednesday 29 April 24 h, then 30/4, 1/5 and the weekend, Monday 4 May 1 h
    ['past 30/4–1/5 2026', '2026-04-29T00:00:00', 25 * HOUR, '2026-05-04T01:00:00'],
    // backwards: Monday's first hour, then back into Friday
    ['backwards past the weekend', '2026-03-09T01:00:00', -2 * HOUR, '2026-03-06T23:00:00'],
    // backwards to a day boundary: the latest instant, Monday 00:00
    ['backwards to the start of a working day', '2026-03-09T01:00:00', -HOUR, '2026-03-09T00:00:00'],
    ['backwards past Tết 2026', '2026-02-23T12:00:00', -24 * HOUR, '2026-02-13T12:00:00'],
    ['zero from a weekend stays put', '2026-03-07T10:00:00', 0, '2026-03-07T10:00:00'],
  ])('%s', (_name, from, ms, expected) => {
    expect(addWorkingMs(vn(from), ms, CAL)).toBe(vn(expected));
  });

  it('is the inverse of workingMsBetween on random inputs (seeded)', () => {
    const random = seededRandom(42);
    const base = vn('2024-06-01T00:00:00');
    for (let i = 0; i < 5000; i++) {
      const from = base + Math.floor(random() * 4 * 365 * DAY);
      const ms = Math.floor((random() - 0.5) * 120 * DAY);
      const to = addWorkingMs(from, ms, CAL);
      expect(workingMsBetween(from, to, CAL)).toBe(ms);
      // going forwards it never overshoots; the result lies on the correct side of `from`
      expect(Math.sign(to - from)).toBe(Math.sign(ms));
      // and the other way round: adding the working time between two instants reaches an
      // instant with no working time between it and the second one
      const other = base + Math.floor(random() * 4 * 365 * DAY);
      expect(workingMsBetween(addWorkingMs(from, workingMsBetween(from, other, CAL), CAL), other, CAL)).toBe(0);
    }
  });

  it('works years away from the configured holidays, before and after', () => {
    expect(addWorkingMs(vn('1990-03-02T15:00:00'), 10 * HOUR, CAL)).toBe(vn('1990-03-05T01:00:00'));
    expect(addWorkingMs(vn('2100-03-05T15:00:00'), 10 * HOUR, CAL)).toBe(vn('2100-03-08T01:00:00'));
    // 365 working days back from 2030 (no holidays configured there): 73 whole weeks
    expect(addWorkingMs(vn('2030-01-01T00:00:00'), -(365 * DAY), CAL)).toBe(vn('2030-01-01T00:00:00') - 73 * 7 * DAY);
  });
});
