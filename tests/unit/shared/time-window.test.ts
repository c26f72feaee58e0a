import { describe, expect, it } from 'vitest';
import { applyAlertChange, createAlert, type Alert, type AlertChange } from '../../../src-shared/model/alert.js';
import {
  MAX_CUSTOM_WINDOW_MS,
  TimeFilterSchema,
  alertActiveAt,
  alertActiveDuring,
  alertInWindow,
  alertStateAt,
  currentShift,
  localMidnightMs,
  playbackFrames,
  timeFilterWindow,
  timeWindowBounds,
  type AlertTimelineSource,
  type TimeWindow,
} from '../../../src-shared/model/time-window.js';

/** Epoch ms of a local time in Vietnam (+07:00). */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const iso = (local: string): string => new Date(vn(local)).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function window(result: ReturnType<typeof timeWindowBounds>): TimeWindow {
  if (!result.ok) throw new Error(`expected a window, got ${result.code}: ${result.message}`);
  return result.value;
}

describe('timeWindowBounds: hour and day', () => {
  it.each([
    ['mid-morning', '2025-03-10T09:30:00'],
    ['just after midnight', '2025-03-10T00:10:00'],
    ['late evening', '2025-03-10T23:59:59'],
  ])('hour is the last 60 minutes (%s)', (_name, local) => {
    const now = vn(local);
    expect(window(timeWindowBounds('hour', now))).toEqual({ fromMs: now - HOUR, toMs: now });
  });

  it.each([
    ['mid-morning', '2025-03-10T09:30:00', '2025-03-10T00:00:00'],
    // 23:30 local is 16:30 UTC: still "today" in Vietnam though UTC agrees here…
    ['late evening', '2025-03-10T23:30:00', '2025-03-10T00:00:00'],
    // …and 06:30 local is 23:30 UTC the day before: the day must follow local time, not UTC.
    ['early morning, UTC still yesterday', '2025-03-10T06:30:00', '2025-03-10T00:00:00'],
    ['exactly midnight', '2025-03-10T00:00:00', '2025-03-10T00:00:00'],
    ['a second before midnight', '2025-03-09T23:59:59', '2025-03-09T00:00:00'],
    ['new year in Vietnam, UTC still 31 Dec', '2026-01-01T03:00:00', '2026-01-01T00:00:00'],
  ])('day is since local midnight, "today" (%s)', (_name, local, midnight) => {
    const now = vn(local);
    expect(window(timeWindowBounds('day', now))).toEqual({ fromMs: vn(midnight), toMs: now });
    expect(localMidnightMs(now)).toBe(vn(midnight));
  });

  it('follows another UTC offset when given one', () => {
    const now = Date.parse('2025-03-10T01:00:00Z');
    expect(window(timeWindowBounds('day', now, { utcOffsetMinutes: 0 })).fromMs).toBe(Date.parse('2025-03-10T00:00:00Z'));
    expect(window(timeWindowBounds('day', now, { utcOffsetMinutes: -300 })).fromMs).toBe(Date.parse('2025-03-09T00:00:00-05:00'));
  });

  it('refuses a UTC offset that is not a real one, and a now that is not a time', () => {
    expect(timeWindowBounds('day', 0, { utcOffsetMinutes: 15 * 60 })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(timeWindowBounds('day', 0, { utcOffsetMinutes: 7.5 })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(timeWindowBounds('hour', Number.NaN)).toMatchObject({ ok: false, code: 'bad-request' });
  });
});

describe('timeWindowBounds: shift (06–14, 14–22, 22–06 in +07:00)', () => {
  it.each([
    ['morning shift', '2025-03-10T09:00:00', '2025-03-10T06:00:00', 0, '2025-03-10T14:00:00'],
    ['first minute of the morning shift', '2025-03-10T06:00:00', '2025-03-10T06:00:00', 0, '2025-03-10T14:00:00'],
    ['last minute of the night shift', '2025-03-10T05:59:59', '2025-03-09T22:00:00', 2, '2025-03-10T06:00:00'],
    ['afternoon shift', '2025-03-10T14:00:00', '2025-03-10T14:00:00', 1, '2025-03-10T22:00:00'],
    ['night shift before midnight', '2025-03-10T23:15:00', '2025-03-10T22:00:00', 2, '2025-03-11T06:00:00'],
    ['night shift after midnight: began yesterday', '2025-03-11T03:00:00', '2025-03-10T22:00:00', 2, '2025-03-11T06:00:00'],
    ['night shift at midnight exactly', '2025-03-11T00:00:00', '2025-03-10T22:00:00', 2, '2025-03-11T06:00:00'],
    ['night shift across a month end', '2025-03-01T02:00:00', '2025-02-28T22:00:00', 2, '2025-03-01T06:00:00'],
  ])('%s', (_name, local, start, index, end) => {
    const now = vn(local);
    expect(window(timeWindowBounds('shift', now))).toEqual({ fromMs: vn(start), toMs: now });
    expect(currentShift(now)).toEqual({ index, fromMs: vn(start), toMs: vn(end) });
  });

  it.each([
    ['07:30 / 19:30 plan, day shift', [7.5, 19.5], '2025-03-10T12:00:00', '2025-03-10T07:30:00', '2025-03-10T19:30:00'],
    ['07:30 / 19:30 plan, night shift after midnight', [7.5, 19.5], '2025-03-10T04:00:00', '2025-03-09T19:30:00', '2025-03-10T07:30:00'],
    ['one 24-hour shift from 08:00', [8], '2025-03-10T07:00:00', '2025-03-09T08:00:00', '2025-03-10T08:00:00'],
    ['a plan starting at midnight', [0, 12], '2025-03-10T00:00:00', '2025-03-10T00:00:00', '2025-03-10T12:00:00'],
  ])('other shift plans: %s', (_name, shifts, local, start, end) => {
    const now = vn(local);
    expect(window(timeWindowBounds('shift', now, { shifts }))).toEqual({ fromMs: vn(start), toMs: now });
    expect(currentShift(now, shifts)).toMatchObject({ fromMs: vn(start), toMs: vn(end) });
  });

  it.each([
    ['empty', []],
    ['not ascending', [14, 6, 22]],
    ['repeated', [6, 6, 14]],
    ['24 is not an hour of the day', [6, 24]],
    ['negative', [-1, 6]],
  ])('refuses a bad shift plan: %s', (_name, shifts) => {
    expect(timeWindowBounds('shift', vn('2025-03-10T09:00:00'), { shifts })).toMatchObject({ ok: false, code: 'bad-request' });
  });
});

describe('timeWindowBounds: custom', () => {
  const from = vn('2025-03-01T00:00:00');

  it.each([
    ['an hour', from + HOUR],
    ['exactly 31 days', from + MAX_CUSTOM_WINDOW_MS],
  ])('accepts %s', (_name, to) => {
    expect(window(timeWindowBounds('custom', 0, { custom: { fromMs: from, toMs: to } }))).toEqual({ fromMs: from, toMs: to });
  });

  it.each([
    ['no range', undefined, /needs a range/],
    ['end before start', { fromMs: from, toMs: from - 1 }, /start before it ends/],
    ['empty range', { fromMs: from, toMs: from }, /start before it ends/],
    ['longer than 31 days', { fromMs: from, toMs: from + 31 * DAY + 1 }, /31 days/],
    ['not a number', { fromMs: Number.NaN, toMs: from }, /start and an end/],
  ])('refuses %s with a bad-request Failure', (_name, custom, message) => {
    const result = timeWindowBounds('custom', 0, { custom });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('bad-request');
      expect(result.message).toMatch(message);
    }
  });
});

describe('TimeFilterSchema', () => {
  it.each([
    [{ kind: 'hour' }, true],
    [{ kind: 'shift' }, true],
    [{ kind: 'day' }, true],
    [{ kind: 'custom', fromMs: 1_740_000_000_000, toMs: 1_740_003_600_000 }, true],
    [{ kind: 'custom', fromMs: 1_740_003_600_000, toMs: 1_740_000_000_000 }, false],
    [{ kind: 'custom', fromMs: 1_740_000_000_000, toMs: 1_740_000_000_000 + 32 * DAY }, false],
    [{ kind: 'custom', fromMs: 1_740_000_000_000 }, false],
    [{ kind: 'custom', fromMs: 1.5, toMs: 10 }, false],
    [{ kind: 'week' }, false],
    [{}, false],
  ])('%j valid: %s', (value, valid) => {
    expect(TimeFilterSchema.safeParse(value).success).toBe(valid);
  });

  it('turns a saved filter into its window', () => {
    const now = vn('2025-03-11T03:00:00');
    expect(window(timeFilterWindow({ kind: 'shift' }, now))).toEqual({ fromMs: vn('2025-03-10T22:00:00'), toMs: now });
    expect(window(timeFilterWindow({ kind: 'custom', fromMs: 1000, toMs: 2000 }, now))).toEqual({ fromMs: 1000, toMs: 2000 });
  });
});

// ── playback ─────────────────────────────────────────────────────────────────

const ALERT_DRAFT = {
  source: 'manual',
  category: 'Transport',
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  headline: 'Tai nạn giao thông trên QL61',
  description: '',
  location: { lat: 9.8012, lon: 105.5604 },
  cameraIds: [],
} as const;

/** An alert raised at `raised`, then the given actions, as the real reducer records them. */
function alertWith(raised: string, steps: readonly [local: string, change: Omit<AlertChange, 'alertId'>][]): Alert {
  let alert = createAlert('A1', { ...ALERT_DRAFT, cameraIds: [] }, 'system', iso(raised));
  for (const [local, change] of steps) alert = applyAlertChange(alert, { alertId: 'A1', ...change }, 'u1', iso(local));
  return alert;
}

const LIFECYCLE = alertWith('2025-03-10T08:00:00', [
  ['2025-03-10T08:05:00', { action: 'acknowledge', state: 'acknowledged', ownerId: null }],
  ['2025-03-10T08:10:00', { action: 'own', state: 'in-progress', ownerId: 'u1' }],
  ['2025-03-10T08:20:00', { action: 'note', state: 'in-progress', ownerId: 'u1', note: 'đã điều xe' }],
  ['2025-03-10T09:00:00', { action: 'resolve', state: 'resolved', ownerId: 'u1' }],
  ['2025-03-10T09:30:00', { action: 'close', state: 'closed', ownerId: 'u1' }],
]);

describe('alertStateAt and alertActiveAt', () => {
  it.each([
    ['before it was raised', '2025-03-10T07:59:59', null, false],
    ['the moment it was raised', '2025-03-10T08:00:00', 'new', true],
    ['new', '2025-03-10T08:03:00', 'new', true],
    ['acknowledged', '2025-03-10T08:05:00', 'acknowledged', true],
    ['owned', '2025-03-10T08:15:00', 'in-progress', true],
    ['a note changes nothing', '2025-03-10T08:30:00', 'in-progress', true],
    ['a millisecond before it was resolved', '2025-03-10T08:59:59.999', 'in-progress', true],
    ['resolved', '2025-03-10T09:00:00', 'resolved', false],
    ['closed', '2025-03-10T09:30:00', 'closed', false],
    ['long after', '2025-03-12T00:00:00', 'closed', false],
  ])('acknowledge → own → resolve → close: %s', (_name, local, state, active) => {
    expect(alertStateAt(LIFECYCLE, vn(local))).toBe(state);
    expect(alertActiveAt(LIFECYCLE, vn(local))).toBe(active);
  });

  it('follows hold and resume, and a close straight from new', () => {
    const held = alertWith('2025-03-10T08:00:00', [
      ['2025-03-10T08:10:00', { action: 'own', state: 'in-progress', ownerId: 'u1' }],
      ['2025-03-10T08:20:00', { action: 'hold', state: 'on-hold', ownerId: 'u1' }],
      ['2025-03-10T08:40:00', { action: 'resume', state: 'in-progress', ownerId: 'u1' }],
    ]);
    expect(alertStateAt(held, vn('2025-03-10T08:30:00'))).toBe('on-hold');
    expect(alertActiveAt(held, vn('2025-03-10T08:30:00'))).toBe(true);
    expect(alertStateAt(held, vn('2025-03-10T08:45:00'))).toBe('in-progress');
    const dismissed = alertWith('2025-03-10T08:00:00', [['2025-03-10T08:01:00', { action: 'close', state: 'closed', ownerId: null }]]);
    expect(alertActiveAt(dismissed, vn('2025-03-10T08:00:30'))).toBe(true);
    expect(alertActiveAt(dismissed, vn('2025-03-10T08:01:00'))).toBe(false);
  });

  it('works on the minimal shape, and without history takes the current state', () => {
    const bare: AlertTimelineSource = { raisedAt: iso('2025-03-10T08:00:00'), state: 'resolved', history: [] };
    expect(alertStateAt(bare, vn('2025-03-10T07:00:00'))).toBeNull();
    expect(alertStateAt(bare, vn('2025-03-10T09:00:00'))).toBe('resolved');
    const noTime: AlertTimelineSource = { raisedAt: 'not a time', state: 'new', history: [] };
    expect(alertStateAt(noTime, vn('2025-03-10T09:00:00'))).toBeNull();
    expect(alertActiveAt(noTime, vn('2025-03-10T09:00:00'))).toBe(false);
  });
});

describe('alertInWindow and alertActiveDuring', () => {
  const w = (from: string, to: string): TimeWindow => ({ fromMs: vn(from), toMs: vn(to) });
  const stillOpen = alertWith('2025-03-10T06:00:00', [['2025-03-10T06:05:00', { action: 'acknowledge', state: 'acknowledged', ownerId: null }]]);
  const resolvedInHour = alertWith('2025-03-10T06:00:00', [['2025-03-10T09:30:00', { action: 'resolve', state: 'resolved', ownerId: 'u1' }]]);
  const newAndResolved = alertWith('2025-03-10T09:10:00', [['2025-03-10T09:20:00', { action: 'resolve', state: 'resolved', ownerId: 'u1' }]]);
  const closedBefore = alertWith('2025-03-10T06:00:00', [['2025-03-10T07:00:00', { action: 'close', state: 'closed', ownerId: null }]]);
  const later = alertWith('2025-03-10T10:30:00', []);
  const hour = w('2025-03-10T09:00:00', '2025-03-10T10:00:00');

  it.each([
    ['raised in the window', LIFECYCLE, w('2025-03-10T07:30:00', '2025-03-10T08:30:00'), true, true],
    ['raised at the window start', LIFECYCLE, w('2025-03-10T08:00:00', '2025-03-10T08:30:00'), true, true],
    ['raised at the window end', LIFECYCLE, w('2025-03-10T07:00:00', '2025-03-10T08:00:00'), true, true],
    ['older and still open', stillOpen, hour, true, true],
    ['older, resolved during the window', resolvedInHour, hour, false, true],
    ['raised and resolved in the window', newAndResolved, hour, true, true],
    ['closed before the window', closedBefore, hour, false, false],
    ['raised after the window', later, hour, false, false],
  ])('%s', (_name, alert, win, inWindow, activeDuring) => {
    expect(alertInWindow(alert, win)).toBe(inWindow);
    expect(alertActiveDuring(alert, win)).toBe(activeDuring);
  });

  it('counts an alert reopened inside the window as active during it', () => {
    const reopened: AlertTimelineSource = {
      raisedAt: iso('2025-03-10T06:00:00'),
      state: 'in-progress',
      history: [
        { at: iso('2025-03-10T06:00:00'), toState: 'new' },
        { at: iso('2025-03-10T07:00:00'), toState: 'resolved' },
        { at: iso('2025-03-10T09:15:00'), toState: 'in-progress' },
      ],
    };
    expect(alertActiveDuring(reopened, hour)).toBe(true);
    expect(alertInWindow(reopened, hour)).toBe(false); // not open when the hour began
    expect(alertActiveDuring(reopened, w('2025-03-10T08:00:00', '2025-03-10T09:00:00'))).toBe(false);
  });
});

describe('playbackFrames', () => {
  it.each([
    ['an even split', 0, 10, 5, [0, 5, 10]],
    ['a step that does not divide the span ends on the window end', 0, 10, 3, [0, 3, 6, 9, 10]],
    ['a step longer than the span', 0, 10, 60, [0, 10]],
    ['an instant', 7, 7, 1, [7]],
  ])('%s', (_name, from, to, step, frames) => {
    const result = playbackFrames(from, to, step);
    expect(result).toEqual({ ok: true, value: frames });
  });

  it('covers a shift in 5-minute frames', () => {
    const result = playbackFrames(vn('2025-03-10T06:00:00'), vn('2025-03-10T14:00:00'), 5 * MIN);
    expect(result.ok && result.value.length).toBe(97);
  });

  it.each([
    ['end before start', 10, 0, 1],
    ['zero step', 0, 10, 0],
    ['negative step', 0, 10, -1],
    ['too many frames', 0, 31 * DAY, 1000],
    ['not numbers', Number.NaN, 10, 1],
  ])('refuses %s', (_name, from, to, step) => {
    expect(playbackFrames(from, to, step)).toMatchObject({ ok: false, code: 'bad-request' });
  });
});
