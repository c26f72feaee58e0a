/**
 * The wall board's playlist, as pure functions of time: pages advance every `intervalMs`,
 * and not at all while someone is using the board (pointer or keyboard activity within
 * `pauseMs`), so a supervisor reading a table or a drill-down is never moved away from
 * it. Once the activity stops for `pauseMs`, the page stays one more full interval and
 * the playlist goes on.
 */

export const DEFAULT_ROTATE_SECONDS = 20;
export const ROTATE_CHOICES = [10, 20, 30, 60, 120] as const;
export const INTERACTION_PAUSE_MS = 60_000;

export interface Rotation {
  page: number;
  /** When the current page came up (or when it was last re-armed). */
  shownAt: number;
  /** The last pointer or key activity; null for none since the board opened. */
  lastInteractionAt: number | null;
}

export interface RotationSettings {
  pageCount: number;
  intervalMs: number;
  pauseMs?: number;
}

export function startRotation(now: number, page = 0): Rotation {
  return { page, shownAt: now, lastInteractionAt: null };
}

export function isPaused(r: Rotation, now: number, pauseMs = INTERACTION_PAUSE_MS): boolean {
  return r.lastInteractionAt !== null && now - r.lastInteractionAt < pauseMs;
}

/** When the pause ends (the playlist's clock restarts then); null when not paused. */
export function pauseEndsAt(r: Rotation, now: number, pauseMs = INTERACTION_PAUSE_MS): number | null {
  return isPaused(r, now, pauseMs) ? r.lastInteractionAt! + pauseMs : null;
}

/** The instant the current page started counting: its arrival, or the end of the last pause if later. */
function countingSince(r: Rotation, pauseMs: number): number {
  return r.lastInteractionAt === null ? r.shownAt : Math.max(r.shownAt, r.lastInteractionAt + pauseMs);
}

/** The rotation at `now`: the same object when nothing changes (cheap to compare in React state). */
export function tick(r: Rotation, now: number, settings: RotationSettings): Rotation {
  const pauseMs = settings.pauseMs ?? INTERACTION_PAUSE_MS;
  if (settings.pageCount <= 0) return r;
  const page = Math.min(Math.max(0, r.page), settings.pageCount - 1);
  const clamped = page === r.page ? r : { ...r, page };
  if (isPaused(clamped, now, pauseMs)) return clamped;
  if (now - countingSince(clamped, pauseMs) < settings.intervalMs) return clamped;
  // One step at a time, even after a long sleep of the window: the next page, counted from now.
  return { ...clamped, page: (page + 1) % settings.pageCount, shownAt: now };
}

/** Pointer or keyboard activity: the playlist holds still for `pauseMs` from now. */
export function interact(r: Rotation, now: number): Rotation {
  return r.lastInteractionAt === now ? r : { ...r, lastInteractionAt: now };
}

/** Someone picked a page: it shows now, and the pick counts as activity. */
export function goToPage(r: Rotation, page: number, now: number): Rotation {
  return { page, shownAt: now, lastInteractionAt: now };
}

/** Milliseconds until the next page (while not paused). */
export function msUntilNextPage(r: Rotation, now: number, settings: RotationSettings): number | null {
  const pauseMs = settings.pauseMs ?? INTERACTION_PAUSE_MS;
  if (settings.pageCount <= 1 || isPaused(r, now, pauseMs)) return null;
  return Math.max(0, countingSince(r, pauseMs) + settings.intervalMs - now);
}

/** A stored choice of seconds, if it is one of the offered ones. */
export function parseRotateSeconds(text: string | null): number {
  const n = Number(text);
  return (ROTATE_CHOICES as readonly number[]).includes(n) ? n : DEFAULT_ROTATE_SECONDS;
}
