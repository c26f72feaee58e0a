import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import type { AlertState } from './alert.js';

/**
 * The operations map's time filter and playback.
 *
 * Windows are closed intervals of epoch milliseconds, fromMs ≤ t ≤ toMs. The live
 * kinds end at "now":
 *  - hour:   the last 60 minutes;
 *  - shift:  since the start of the current shift, in local time (the night shift
 *            22:00–06:00 crosses midnight: at 03:00 it began at 22:00 yesterday);
 *  - day:    "today", since local midnight — not the last 24 hours, so that the day
 *            view agrees with the daily report and resets at midnight like the ops log;
 *  - custom: a chosen range, from < to, at most 31 days, for review and playback.
 *
 * Local time is a fixed UTC offset, Vietnam's +07:00 by default (no daylight saving);
 * a deployment elsewhere passes its own offset.
 */

export const TIME_WINDOW_KINDS = ['hour', 'shift', 'day', 'custom'] as const;
export const TimeWindowKindSchema = z.enum(TIME_WINDOW_KINDS);
export type TimeWindowKind = z.infer<typeof TimeWindowKindSchema>;

/** Vietnam (Indochina Time), UTC+07:00, no daylight saving. */
export const VIETNAM_UTC_OFFSET_MINUTES = 420;
/** Three 8-hour shifts: 06–14, 14–22, 22–06. */
export const DEFAULT_SHIFT_STARTS: readonly number[] = [6, 14, 22];
export const MAX_CUSTOM_WINDOW_MS = 31 * 24 * 3_600_000;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Shift start hours in local time, ascending, e.g. [6, 14, 22]; fractions allowed
 * (7.5 is 07:30). Each shift lasts until the next one starts, the last one until
 * the first one next day.
 */
export const ShiftPlanSchema = z
  .array(z.number().min(0).lt(24))
  .min(1)
  .max(24)
  .refine((hours) => hours.every((h, i) => i === 0 || h > hours[i - 1]!), 'shift start hours must ascend without repeats');
export type ShiftPlan = readonly number[];

/** Minutes east of UTC, e.g. 420 for +07:00. */
export const UtcOffsetMinutesSchema = z.number().int().min(-14 * 60).max(14 * 60);

export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

const EpochMsSchema = z.number().int().min(0).max(8_640_000_000_000_000);

function customRangeProblem(fromMs: number, toMs: number): string | null {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return 'the range needs a start and an end';
  if (fromMs >= toMs) return 'the range must start before it ends';
  if (toMs - fromMs > MAX_CUSTOM_WINDOW_MS) return 'the range may span at most 31 days';
  return null;
}

/** A saved or shared time filter value (the map toolbar, a saved view). */
export const TimeFilterSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('hour') }),
    z.object({ kind: z.literal('shift') }),
    z.object({ kind: z.literal('day') }),
    z.object({ kind: z.literal('custom'), fromMs: EpochMsSchema, toMs: EpochMsSchema }),
  ])
  .superRefine((f, ctx) => {
    if (f.kind !== 'custom') return;
    const problem = customRangeProblem(f.fromMs, f.toMs);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['toMs'] });
  });
export type TimeFilter = z.output<typeof TimeFilterSchema>;

export interface TimeWindowOptions {
  /** Shift start hours in local time; default DEFAULT_SHIFT_STARTS. */
  readonly shifts?: ShiftPlan | undefined;
  /** Local time's offset east of UTC in minutes; default 420 (+07:00). */
  readonly utcOffsetMinutes?: number | undefined;
  /** Required for kind 'custom'. */
  readonly custom?: TimeWindow | undefined;
}

/** Epoch ms of the local midnight at or before nowMs. */
export function localMidnightMs(nowMs: number, utcOffsetMinutes = VIETNAM_UTC_OFFSET_MINUTES): number {
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  const local = nowMs + offsetMs;
  return local - mod(local, DAY_MS) - offsetMs;
}

export interface ShiftSpan extends TimeWindow {
  /** Index into the shift plan (0 for the first shift of the day). */
  readonly index: number;
}

/**
 * The shift running at nowMs: its index in the plan and its scheduled span
 * (fromMs ≤ nowMs < toMs). The plan is not validated here; timeWindowBounds does.
 */
export function currentShift(
  nowMs: number,
  shifts: ShiftPlan = DEFAULT_SHIFT_STARTS,
  utcOffsetMinutes = VIETNAM_UTC_OFFSET_MINUTES,
): ShiftSpan {
  const midnight = localMidnightMs(nowMs, utcOffsetMinutes);
  const sinceMidnight = nowMs - midnight;
  const last = shifts.length - 1;
  // Before the first start of the day we are still in yesterday's last shift.
  let index = last;
  let fromMs = midnight - DAY_MS + shifts[last]! * HOUR_MS;
  for (let i = 0; i <= last; i++) {
    const start = shifts[i]! * HOUR_MS;
    if (start <= sinceMidnight) {
      index = i;
      fromMs = midnight + start;
    } else break;
  }
  // The last shift runs into the next day's first start.
  const toMs = index === last ? fromMs + DAY_MS - (shifts[last]! - shifts[0]!) * HOUR_MS : midnight + shifts[index + 1]! * HOUR_MS;
  return { index, fromMs, toMs };
}

/** The window a filter kind covers at nowMs. Bad options come back as a bad-request Failure. */
export function timeWindowBounds(kind: TimeWindowKind, nowMs: number, options: TimeWindowOptions = {}): Result<TimeWindow> {
  if (!Number.isFinite(nowMs)) return fail('bad-request', 'now is not a time');
  const offset = options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
  if (!UtcOffsetMinutesSchema.safeParse(offset).success) {
    return fail('bad-request', 'the UTC offset must be whole minutes within ±14 hours', { utcOffsetMinutes: offset });
  }
  switch (kind) {
    case 'hour':
      return ok({ fromMs: nowMs - HOUR_MS, toMs: nowMs });
    case 'day':
      return ok({ fromMs: localMidnightMs(nowMs, offset), toMs: nowMs });
    case 'shift': {
      const shifts = options.shifts ?? DEFAULT_SHIFT_STARTS;
      const plan = ShiftPlanSchema.safeParse(shifts);
      if (!plan.success) return fail('bad-request', 'the shift plan needs 1–24 ascending start hours in [0, 24)', { shifts });
      return ok({ fromMs: currentShift(nowMs, shifts, offset).fromMs, toMs: nowMs });
    }
    case 'custom': {
      const custom = options.custom;
      if (!custom) return fail('bad-request', 'a custom window needs a range');
      const problem = customRangeProblem(custom.fromMs, custom.toMs);
      if (problem) return fail('bad-request', problem, { fromMs: custom.fromMs, toMs: custom.toMs });
      return ok({ fromMs: custom.fromMs, toMs: custom.toMs });
    }
    default:
      return fail('bad-request', `unknown time window kind ${String(kind)}`);
  }
}

/** timeWindowBounds for a saved filter value. */
export function timeFilterWindow(filter: TimeFilter, nowMs: number, options: Omit<TimeWindowOptions, 'custom'> = {}): Result<TimeWindow> {
  return timeWindowBounds(filter.kind, nowMs, filter.kind === 'custom' ? { ...options, custom: filter } : options);
}

// ── playback ─────────────────────────────────────────────────────────────────

/**
 * The little of an Alert that playback reads (an Alert fits it). History entries
 * are in the order they happened, as the alert reducer appends them.
 */
export interface AlertTimelineSource {
  readonly raisedAt: string;
  readonly state: AlertState;
  readonly history: readonly { readonly at: string; readonly toState: AlertState }[];
}

function isTerminal(state: AlertState): boolean {
  return state === 'resolved' || state === 'closed';
}

/**
 * The alert's state at tMs, from its history: the toState of the last entry at or
 * before tMs; null before it was raised (or if raisedAt is not a time). If no
 * entry is that old ('raise' is normally the first entry, at raisedAt) it is 'new';
 * an alert with no history at all is taken to have had its current state all along.
 */
export function alertStateAt(alert: AlertTimelineSource, tMs: number): AlertState | null {
  const raisedMs = Date.parse(alert.raisedAt);
  if (!(raisedMs <= tMs)) return null;
  const history = alert.history;
  if (history.length === 0) return alert.state;
  let state: AlertState = 'new';
  for (let i = 0; i < history.length; i++) {
    const entry = history[i]!;
    if (Date.parse(entry.at) <= tMs) state = entry.toState;
  }
  return state;
}

/** On the map at tMs: raised by then and not resolved or closed at that moment. */
export function alertActiveAt(alert: AlertTimelineSource, tMs: number): boolean {
  const state = alertStateAt(alert, tMs);
  return state !== null && !isTerminal(state);
}

/**
 * The map's time filter. An alert is in the window if
 *  - it was raised within it (whatever became of it since), or
 *  - it was raised before the window, was still open when the window began, and
 *    is still open at the window's end (for a live window: open now).
 * So "the last hour" shows the hour's new alerts plus the backlog that still needs
 * someone; an older alert that was resolved during the hour drops out. For playback
 * of a range, where older alerts resolved mid-range must appear until they resolve,
 * pick candidates with alertActiveDuring instead.
 */
export function alertInWindow(alert: AlertTimelineSource, window: TimeWindow): boolean {
  const raisedMs = Date.parse(alert.raisedAt);
  if (!(raisedMs <= window.toMs)) return false;
  if (raisedMs >= window.fromMs) return true;
  return alertActiveAt(alert, window.fromMs) && alertActiveAt(alert, window.toMs);
}

/** Active at some moment of the window: raised by its end and not resolved/closed before its start, or reopened in it. */
export function alertActiveDuring(alert: AlertTimelineSource, window: TimeWindow): boolean {
  const raisedMs = Date.parse(alert.raisedAt);
  if (!(raisedMs <= window.toMs)) return false;
  if (raisedMs >= window.fromMs || alertActiveAt(alert, window.fromMs)) return true;
  // Terminal at the window's start: active later only if some entry in the window reopens it.
  for (const entry of alert.history) {
    const at = Date.parse(entry.at);
    if (at > window.fromMs && at <= window.toMs && !isTerminal(entry.toState)) return true;
  }
  return false;
}

/** At most this many frames in one playback. */
export const MAX_PLAYBACK_FRAMES = 10_000;

/**
 * Frame times for playing back [fromMs, toMs] in steps of stepMs: fromMs,
 * fromMs + stepMs, …, and always toMs last (the final frame is the window's end
 * even when the step does not divide the span).
 */
export function playbackFrames(fromMs: number, toMs: number, stepMs: number, maxFrames = MAX_PLAYBACK_FRAMES): Result<number[]> {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    return fail('bad-request', 'playback needs a start at or before its end', { fromMs, toMs });
  }
  if (!Number.isFinite(stepMs) || stepMs <= 0) return fail('bad-request', 'the playback step must be positive', { stepMs });
  const count = Math.ceil((toMs - fromMs) / stepMs) + 1;
  if (count > maxFrames) {
    return fail('bad-request', `playback would need ${count} frames; at most ${maxFrames}`, { count, maxFrames });
  }
  const frames: number[] = [];
  for (let i = 0; i < count - 1; i++) frames.push(fromMs + i * stepMs);
  frames.push(toMs);
  return ok(frames);
}

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}
