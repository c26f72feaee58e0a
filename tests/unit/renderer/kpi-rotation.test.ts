import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROTATE_SECONDS,
  goToPage,
  interact,
  INTERACTION_PAUSE_MS,
  isPaused,
  msUntilNextPage,
  parseRotateSeconds,
  pauseEndsAt,
  startRotation,
  tick,
} from '../../../src-renderer/surfaces/kpi/kpi-rotation.js';

const S = { pageCount: 5, intervalMs: 20_000 };

describe('KPI wall playlist', () => {
  it('advances one page per interval and wraps around', () => {
    let r = startRotation(0);
    expect(tick(r, 19_999, S)).toBe(r); // nothing changes: the same object
    r = tick(r, 20_000, S);
    expect(r).toMatchObject({ page: 1, shownAt: 20_000 });
    for (const at of [40_000, 60_000, 80_000]) r = tick(r, at, S);
    expect(r.page).toBe(4);
    r = tick(r, 100_000, S);
    expect(r.page).toBe(0);
  });

  it('moves one page only after a long sleep of the window, counted from then', () => {
    const r = tick(startRotation(0), 10 * 60_000, S);
    expect(r).toMatchObject({ page: 1, shownAt: 600_000 });
    expect(msUntilNextPage(r, 600_000, S)).toBe(20_000);
  });

  it('stops while someone interacts and resumes a full interval after 60 s of quiet', () => {
    let r = startRotation(0);
    r = interact(r, 15_000);
    expect(isPaused(r, 15_000)).toBe(true);
    expect(pauseEndsAt(r, 30_000)).toBe(15_000 + INTERACTION_PAUSE_MS);
    // Well past the interval, but paused: the page holds.
    r = tick(r, 40_000, S);
    expect(r.page).toBe(0);
    expect(msUntilNextPage(r, 40_000, S)).toBeNull();
    // More activity keeps it paused.
    r = interact(r, 70_000);
    expect(tick(r, 129_999, S).page).toBe(0);
    // Quiet since 70 s: the pause ends at 130 s, the page stays until 150 s.
    expect(isPaused(r, 130_000)).toBe(false);
    expect(tick(r, 149_999, S).page).toBe(0);
    expect(msUntilNextPage(r, 140_000, S)).toBe(10_000);
    r = tick(r, 150_000, S);
    expect(r).toMatchObject({ page: 1, shownAt: 150_000 });
  });

  it('shows a picked page at once and counts the pick as activity', () => {
    const r = goToPage(startRotation(0), 3, 5_000);
    expect(r).toEqual({ page: 3, shownAt: 5_000, lastInteractionAt: 5_000 });
    expect(tick(r, 60_000, S).page).toBe(3);
    expect(tick(r, 5_000 + INTERACTION_PAUSE_MS + 20_000, S).page).toBe(4);
  });

  it('keeps the page inside the playlist when pages go away, and does nothing without pages', () => {
    const r = { page: 7, shownAt: 0, lastInteractionAt: null };
    expect(tick(r, 1000, S).page).toBe(4);
    expect(tick(r, 1_000_000, { pageCount: 0, intervalMs: 1000 })).toBe(r);
    expect(msUntilNextPage(startRotation(0), 0, { pageCount: 1, intervalMs: 1000 })).toBeNull();
  });

  it('reads a stored interval only when it is one of the offered choices', () => {
    expect(parseRotateSeconds('30')).toBe(30);
    expect(parseRotateSeconds('7')).toBe(DEFAULT_ROTATE_SECONDS);
    expect(parseRotateSeconds(null)).toBe(20);
    expect(parseRotateSeconds('abc')).toBe(20);
  });
});
