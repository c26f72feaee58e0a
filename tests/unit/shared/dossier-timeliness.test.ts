import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src-shared/seeded-random.js';
import type { Dossier, DossierPause, DossierStatus, Timeliness } from '../../../src-shared/model/dossier.js';
import { effectiveDueMs, timelinessOf, toDossierSummary, workingHoursToDue } from '../../../src-shared/model/dossier-timeliness.js';
import { DEFAULT_WORKING_CALENDAR, workingMsBetween } from '../../../src-shared/model/working-calendar.js';

/** Epoch ms of a local time in Vietnam (+07:00). */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
/** The portal's ISO form of a Vietnam local time, optionally shifted by some ms. */
const at = (local: string, plusMs = 0): string => new Date(vn(local) + plusMs).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CAL = DEFAULT_WORKING_CALENDAR;
const AT_RISK_HOURS = 24;

// March 2026: Fri 6, Sat 7, Sun 8, Mon 9, Tue 10, Wed 11, Thu 12, Fri 13.
function dossier(over: Partial<Dossier> = {}): Dossier {
  return {
    code: 'H12.34-260301-0001',
    procedure: { code: '1.000001', name: 'Cấp giấy phép xây dựng', field: 'Cấp phép xây dựng', level: 'partial' },
    receivingAgencyId: 'so-xay-dung',
    handlingAgencyId: 'so-xay-dung',
    channel: 'online',
    receivedAt: at('2026-03-02T08:00:00'),
    dueAt: at('2026-03-09T09:00:00'),
    completedAt: null,
    status: 'in_progress',
    pauses: [],
    localityId: null,
    updatedAt: at('2026-03-02T08:00:00'),
    sourceId: 'portal',
    ...over,
  };
}

const pause = (from: string, to: string | null): DossierPause => ({ from: at(from), to: to === null ? null : at(to) });

interface Row {
  due: string;
  status: DossierStatus;
  /** ISO instant (built with `at`), or null. */
  completedAt?: string | null;
  pauses?: DossierPause[];
  now: string;
  atRisk?: number;
  expected: Timeliness;
  /** workingHoursToDue, when the row checks it. */
  hours?: number | null;
}

describe('timelinessOf', () => {
  const rows: [string, Row][] = [
    // completion exactly at the due time is on time
    ['completed exactly at due', { due: '2026-03-09T09:00:00', status: 'completed', completedAt: at('2026-03-09T09:00:00'), now: '2026-03-13T12:00:00', expected: 'on-time', hours: null }],
    // one millisecond later is late
    ['completed 1 ms after due', { due: '2026-03-09T09:00:00', status: 'completed', completedAt: at('2026-03-09T09:00:00', 1), now: '2026-03-13T12:00:00', expected: 'late', hours: null }],
    // judged by completion, not by now
    ['completed early, looked at long after', { due: '2026-03-09T09:00:00', status: 'completed', completedAt: at('2026-03-05T15:00:00'), now: '2026-06-01T12:00:00', expected: 'on-time' }],
    // trả lại counts as completed: on time…
    ['returned before due', { due: '2026-03-09T09:00:00', status: 'returned', completedAt: at('2026-03-06T16:00:00'), now: '2026-03-13T12:00:00', expected: 'on-time', hours: null }],
    // …or late
    ['returned 1 ms after due', { due: '2026-03-09T09:00:00', status: 'returned', completedAt: at('2026-03-09T09:00:00', 1), now: '2026-03-13T12:00:00', expected: 'late' }],
    // cancelled is cancelled, even long past due
    ['cancelled past due', { due: '2026-03-09T09:00:00', status: 'cancelled', now: '2026-03-13T12:00:00', expected: 'cancelled', hours: null }],
    // open and past due: Monday 09:00–24:00 and Tuesday 00:00–10:00 past
    ['open, past due', { due: '2026-03-09T09:00:00', status: 'in_progress', now: '2026-03-10T10:00:00', expected: 'overdue', hours: -25 }],
    // open one ms past due
    ['open, 1 ms past due', { due: '2026-03-09T09:00:00', status: 'received', now: '2026-03-09T09:00:00.001', expected: 'overdue' }],
    // open exactly at the due time: not overdue yet, no time left
    ['open, exactly at due', { due: '2026-03-09T09:00:00', status: 'in_progress', now: '2026-03-09T09:00:00', expected: 'at-risk', hours: 0 }],
    // due Monday 09:00, now Friday 10:00: 71 clock hours but 14 + 9 = 23 working hours ≤ 24
    ['open, within the at-risk window across a weekend', { due: '2026-03-09T09:00:00', status: 'in_progress', now: '2026-03-06T10:00:00', expected: 'at-risk', hours: 23 }],
    // the same with a 16-hour window: 23 > 16
    ['open, outside a smaller at-risk window', { due: '2026-03-09T09:00:00', status: 'in_progress', now: '2026-03-06T10:00:00', atRisk: 16, expected: 'in-time', hours: 23 }],
    // Thursday 10:00: 14 + 24 + 9 = 47 working hours left
    ['open, well in time', { due: '2026-03-09T09:00:00', status: 'received', now: '2026-03-05T10:00:00', expected: 'in-time', hours: 47 }],
    // due at Friday's end (Saturday 00:00); on Saturday it is overdue by no working time yet
    ['open, due at Friday 24:00, now Saturday', { due: '2026-03-07T00:00:00', status: 'in_progress', now: '2026-03-07T10:00:00', expected: 'overdue', hours: 0 }],
    // due Friday 13 Feb 17:00, now Monday 23 Feb 10:00: Tết 14–22 Feb does not count: 7 + 10 = 17 h past
    ['open, overdue across Tết 2026', { due: '2026-02-13T17:00:00', status: 'in_progress', now: '2026-02-23T10:00:00', expected: 'overdue', hours: -17 }],
    // due Wednesday 29 April 17:00, now Monday 4 May 08:00: 7 + 8 = 15 h past (30/4, 1/5, weekend skipped)
    ['open, overdue across 30/4–1/5 2026', { due: '2026-04-29T17:00:00', status: 'in_progress', now: '2026-05-04T08:00:00', expected: 'overdue', hours: -15 }],
    // due Monday 4 May 09:00 seen on Wednesday 29 April 20:00: 4 + 9 = 13 h left
    ['open, at risk across 30/4–1/5 2026', { due: '2026-05-04T09:00:00', status: 'in_progress', now: '2026-04-29T20:00:00', expected: 'at-risk', hours: 13 }],
    // pause Friday 17:00 → Monday 09:00 = 16 working h: due Tuesday 10:00 → Wednesday 02:00, completed Wednesday 01:00
    ['paused over a weekend: 16 working hours added', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-11T01:00:00'), pauses: [pause('2026-03-06T17:00:00', '2026-03-09T09:00:00')], now: '2026-03-13T12:00:00', expected: 'on-time' }],
    // the same completion without the pause is late
    ['no pause, same completion', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-11T01:00:00'), now: '2026-03-13T12:00:00', expected: 'late' }],
    // a pause wholly inside a weekend adds nothing
    ['paused only on a weekend: nothing added', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-10T10:00:00', 1), pauses: [pause('2026-03-07T08:00:00', '2026-03-08T20:00:00')], now: '2026-03-13T12:00:00', expected: 'late' }],
    // pause Monday 09:00 → Wednesday 09:00 = 48 working h: due Tuesday 10:00 → Thursday 10:00, met exactly
    ['paused over working days, completed at the new due', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-12T10:00:00'), pauses: [pause('2026-03-09T09:00:00', '2026-03-11T09:00:00')], now: '2026-03-13T12:00:00', expected: 'on-time' }],
    ['paused over working days, 1 ms after the new due', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-12T10:00:00', 1), pauses: [pause('2026-03-09T09:00:00', '2026-03-11T09:00:00')], now: '2026-03-13T12:00:00', expected: 'late' }],
    // pause Thursday 12 Feb 12:00 → Monday 23 Feb 12:00 = 12 + 24 + 12 = 48 working h over Tết;
    // due Friday 13 Feb 17:00 + 48 h = Friday 7 h, Monday 24 h, Tuesday 17 h → Tuesday 24 Feb 17:00
    ['paused over Tết 2026', { due: '2026-02-13T17:00:00', status: 'completed', completedAt: at('2026-02-24T16:59:59'), pauses: [pause('2026-02-12T12:00:00', '2026-02-23T12:00:00')], now: '2026-03-13T12:00:00', expected: 'on-time' }],
    // an open pause since Friday 10:00 stops the clock: on Wednesday 15:00 it still has 14 + 9 = 23 h left
    ['open pause keeps it from going overdue', { due: '2026-03-09T09:00:00', status: 'paused', pauses: [pause('2026-03-06T10:00:00', null)], now: '2026-03-11T15:00:00', expected: 'at-risk', hours: 23 }],
    // the same dossier waiting for documents, a week later, with a 16-hour window
    ['additional docs requested, a week on', { due: '2026-03-09T09:00:00', status: 'additional_docs_requested', pauses: [pause('2026-03-06T10:00:00', null)], now: '2026-03-16T15:00:00', atRisk: 16, expected: 'in-time', hours: 23 }],
    // a pause begun after the due time freezes the overdue amount (Monday 09:00 → Tuesday 10:00 = 25 h)
    ['paused after falling overdue stays overdue, frozen', { due: '2026-03-09T09:00:00', status: 'paused', pauses: [pause('2026-03-10T10:00:00', null)], now: '2026-03-13T12:00:00', expected: 'overdue', hours: -25 }],
    // [Mon 09:00, Tue 09:00] ∪ [Mon 21:00, Tue 21:00] = 36 h, not 48: due Friday 09:00 → Friday 15 h + Monday 21 h
    ['overlapping pauses counted once', { due: '2026-03-13T09:00:00', status: 'completed', completedAt: at('2026-03-16T21:00:00'), pauses: [pause('2026-03-09T09:00:00', '2026-03-10T09:00:00'), pause('2026-03-09T21:00:00', '2026-03-10T21:00:00')], now: '2026-03-20T12:00:00', expected: 'on-time' }],
    ['overlapping pauses counted once, 1 ms late', { due: '2026-03-13T09:00:00', status: 'completed', completedAt: at('2026-03-16T21:00:00', 1), pauses: [pause('2026-03-09T09:00:00', '2026-03-10T09:00:00'), pause('2026-03-09T21:00:00', '2026-03-10T21:00:00')], now: '2026-03-20T12:00:00', expected: 'late' }],
    // nested, repeated and out of order: the union is Monday 00:00 → Thursday 00:00 = 72 h;
    // due Friday 09:00 + 72 h = Friday 15 h, Monday 24 h, Tuesday 24 h, Wednesday 9 h → Wednesday 18 Mar 09:00
    ['nested, repeated, unsorted pauses', { due: '2026-03-13T09:00:00', status: 'completed', completedAt: at('2026-03-18T09:00:00'), pauses: [pause('2026-03-10T00:00:00', '2026-03-11T00:00:00'), pause('2026-03-09T00:00:00', '2026-03-12T00:00:00'), pause('2026-03-09T00:00:00', '2026-03-12T00:00:00')], now: '2026-03-20T12:00:00', expected: 'on-time' }],
    // pause time after completion does not count (the clock ended at completion)
    ['a pause after completion adds nothing', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-10T10:00:00', 1), pauses: [pause('2026-03-11T09:00:00', '2026-03-12T09:00:00')], now: '2026-03-13T12:00:00', expected: 'late' }],
    // a pause spanning completion counts up to completion only: Tuesday 09:00–12:00 → due 13:00
    ['a pause spanning completion counts until completion', { due: '2026-03-10T10:00:00', status: 'completed', completedAt: at('2026-03-10T12:00:00'), pauses: [pause('2026-03-10T09:00:00', '2026-03-12T09:00:00')], now: '2026-03-13T12:00:00', expected: 'on-time' }],
    // a done status without a completion time cannot be credited: judged as still open
    ['completed without completedAt is judged open', { due: '2026-03-09T09:00:00', status: 'completed', completedAt: null, now: '2026-03-10T10:00:00', expected: 'overdue', hours: -25 }],
    // now = Friday 23:30 UTC = Saturday 06:30 in Vietnam: 9 working hours left to Monday 09:00
    ['Vietnam midnight: 23:30 UTC is already Saturday', { due: '2026-03-09T09:00:00', status: 'in_progress', now: '2026-03-07T06:30:00', expected: 'at-risk', hours: 9 }],
    // due Friday 23:30 local, completed Monday 00:30 local: one working hour late, unless a pause adds one.
    // A pause Saturday 00:00 → Monday 00:00 local (17:00 UTC Friday → 17:00 UTC Sunday) adds nothing…
    ['Vietnam midnight: a pause over the local weekend', { due: '2026-03-06T23:30:00', status: 'completed', completedAt: at('2026-03-09T00:30:00'), pauses: [{ from: '2026-03-06T17:00:00Z', to: '2026-03-08T17:00:00Z' }], now: '2026-03-13T12:00:00', expected: 'late' }],
    // …while one from 16:00 UTC Friday (23:00 local) adds Friday's last hour: due Monday 00:30, met exactly
    ['Vietnam midnight: a pause from Friday 23:00 local', { due: '2026-03-06T23:30:00', status: 'completed', completedAt: at('2026-03-09T00:30:00'), pauses: [{ from: '2026-03-06T16:00:00Z', to: '2026-03-08T17:00:00Z' }], now: '2026-03-13T12:00:00', expected: 'on-time' }],
  ];

  it.each(rows)('%s', (_name, row) => {
    const d = dossier({ dueAt: at(row.due), status: row.status, completedAt: row.completedAt ?? null, pauses: row.pauses ?? [] });
    const now = vn(row.now);
    expect(timelinessOf(d, now, CAL, row.atRisk ?? AT_RISK_HOURS)).toBe(row.expected);
    if (row.hours !== undefined) expect(workingHoursToDue(d, now, CAL)).toBe(row.hours);
  });
});

describe('effectiveDueMs', () => {
  it.each([
    // no pauses: the due time itself
    ['no pauses', [], '2026-03-13T12:00:00', '2026-03-10T10:00:00'],
    // 16 working hours: Tuesday 10:00 → Wednesday 02:00
    ['a pause over a weekend', [pause('2026-03-06T17:00:00', '2026-03-09T09:00:00')], '2026-03-13T12:00:00', '2026-03-11T02:00:00'],
    // an open pause runs until now (Monday 09:00 → Tuesday 09:00 = 24 h)
    ['an open pause, until now', [pause('2026-03-09T09:00:00', null)], '2026-03-10T09:00:00', '2026-03-11T10:00:00'],
    // pause time that has not happened yet does not count (Monday 09:00 → now Tuesday 09:00)
    ['a recorded end after now is cut at now', [pause('2026-03-09T09:00:00', '2026-03-12T09:00:00')], '2026-03-10T09:00:00', '2026-03-11T10:00:00'],
    // an end before the start is ignored
    ['a pause that ends before it starts', [pause('2026-03-09T09:00:00', '2026-03-08T09:00:00')], '2026-03-13T12:00:00', '2026-03-10T10:00:00'],
    // [Mon 09, Mon 12] and [Mon 12, Mon 15] touch: 6 h, due Tuesday 16:00
    ['touching pauses', [pause('2026-03-09T09:00:00', '2026-03-09T12:00:00'), pause('2026-03-09T12:00:00', '2026-03-09T15:00:00')], '2026-03-13T12:00:00', '2026-03-10T16:00:00'],
    // separate pauses add: 1 h + 2 h
    ['separate pauses', [pause('2026-03-09T09:00:00', '2026-03-09T10:00:00'), pause('2026-03-09T13:00:00', '2026-03-09T15:00:00')], '2026-03-13T12:00:00', '2026-03-10T13:00:00'],
  ])('%s', (_name, pauses, now, expected) => {
    const d = dossier({ dueAt: at('2026-03-10T10:00:00'), pauses });
    expect(effectiveDueMs(d, vn(now), CAL)).toBe(vn(expected));
  });

  it.each([
    ['UTC', '2026-03-09T02:00:00Z'],
    ['UTC with milliseconds', '2026-03-09T02:00:00.000Z'],
    ['Vietnam offset', '2026-03-09T09:00:00+07:00'],
    ['a western offset', '2026-03-08T21:00:00-05:00'],
    ['microseconds (cut to ms)', '2026-03-09T02:00:00.000999Z'],
    ['a half-hour offset', '2026-03-09T07:30:00+05:30'],
  ])('reads the due time in any offset the portal sends (%s)', (_name, dueAt) => {
    const d = dossier({ dueAt, pauses: [{ from: '2026-03-09T08:00:00.5+07:00', to: '2026-03-09T01:00:00.500Z' }] });
    // the pause is exactly 0 ms long (both ends are 01:00:00.500 UTC): the due time is unchanged
    expect(effectiveDueMs(d, vn('2026-03-13T12:00:00'), CAL)).toBe(vn('2026-03-09T09:00:00'));
    expect(effectiveDueMs(d, vn('2026-03-13T12:00:00'), CAL)).toBe(Date.parse(dueAt));
  });
});

describe('workingHoursToDue', () => {
  it.each([
    ['completed', 'completed', at('2026-03-09T08:00:00'), null],
    ['returned', 'returned', at('2026-03-09T10:00:00'), null],
    ['cancelled', 'cancelled', null, null],
    // Friday 10:00 → Monday 09:00
    ['open', 'in_progress', null, 23],
  ] as const)('%s → %s', (_name, status, completedAt, hours) => {
    const d = dossier({ status, completedAt });
    expect(workingHoursToDue(d, vn('2026-03-06T10:00:00'), CAL)).toBe(hours);
  });

  it('stays the same while a dossier is paused, whatever now is (seeded)', () => {
    const random = seededRandom(99);
    const d = dossier({ status: 'paused', pauses: [pause('2026-03-06T10:00:00', null)] });
    for (let i = 0; i < 500; i++) {
      const now = vn('2026-03-06T10:00:00') + Math.floor(random() * 120 * DAY);
      expect(workingHoursToDue(d, now, CAL)).toBe(23);
      expect(timelinessOf(d, now, CAL, AT_RISK_HOURS)).toBe('at-risk');
    }
  });

  it('agrees with timelinessOf on random open dossiers (seeded)', () => {
    const random = seededRandom(1234);
    const base = vn('2025-01-01T00:00:00');
    for (let i = 0; i < 2000; i++) {
      const due = base + Math.floor(random() * 2 * 365 * DAY);
      const now = due + Math.floor((random() - 0.5) * 20 * DAY);
      const d = dossier({ dueAt: new Date(due).toISOString() });
      const hours = workingHoursToDue(d, now, CAL)!;
      const t = timelinessOf(d, now, CAL, AT_RISK_HOURS);
      expect(hours).toBe(workingMsBetween(now, due, CAL) / HOUR + 0);
      if (now > due) expect([t, hours <= 0]).toEqual(['overdue', true]);
      else expect([t, hours >= 0]).toEqual([hours <= AT_RISK_HOURS ? 'at-risk' : 'in-time', true]);
    }
  });
});

describe('toDossierSummary', () => {
  it('lists an open paused dossier with its pushed-back due time and the hours left', () => {
    const d = dossier({ status: 'paused', pauses: [pause('2026-03-06T10:00:00', null)] });
    expect(toDossierSummary(d, vn('2026-03-11T15:00:00'), CAL, AT_RISK_HOURS)).toEqual({
      code: 'H12.34-260301-0001',
      procedureName: 'Cấp giấy phép xây dựng',
      field: 'Cấp phép xây dựng',
      handlingAgencyId: 'so-xay-dung',
      receivedAt: d.receivedAt,
      // Friday 10:00 → Wednesday 15:00 is 14 + 24 + 24 + 15 = 77 working h; Monday 09:00 + 77 h = Thursday 14:00
      effectiveDueAt: at('2026-03-12T14:00:00'),
      completedAt: null,
      status: 'paused',
      timeliness: 'at-risk',
      workingHoursToDue: 23,
    });
  });

  it('judges a completed dossier up to its completion, with no hours to due', () => {
    const d = dossier({
      status: 'completed',
      completedAt: at('2026-03-11T01:00:00'),
      dueAt: at('2026-03-10T10:00:00'),
      pauses: [pause('2026-03-06T17:00:00', '2026-03-09T09:00:00'), pause('2026-03-12T09:00:00', null)],
    });
    const summary = toDossierSummary(d, vn('2026-03-20T12:00:00'), CAL, AT_RISK_HOURS);
    expect(summary).toMatchObject({ effectiveDueAt: at('2026-03-11T02:00:00'), timeliness: 'on-time', workingHoursToDue: null, completedAt: d.completedAt });
  });

  it('rounds the hours to hundredths and gives overdue dossiers negative hours', () => {
    const d = dossier({ dueAt: at('2026-03-09T09:00:00') });
    // Monday 09:00 → Monday 09:20:01 is 0.333… h past due
    expect(toDossierSummary(d, vn('2026-03-09T09:20:01'), CAL, AT_RISK_HOURS)).toMatchObject({ timeliness: 'overdue', workingHoursToDue: -0.33 });
  });
});
