import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../src-shared/desktop-api.js';
import { StatusTracker } from '../../../src-main/host/sync/status-tracker.js';

describe('status tracker', () => {
  afterEach(() => vi.useRealTimers());

  it('pushes connection changes at once and batch-driven changes at most once per window', () => {
    vi.useFakeTimers();
    const stored = { queued: 0, cursor: 0, headSeq: null, lastEventAt: null, lastSyncAt: null };
    const seen: SyncStatus[] = [];
    const tracker = new StatusTracker(() => ({ ...stored }), (s) => seen.push(s), 250);
    tracker.update({ connection: 'online' });
    expect(seen.at(-1)).toMatchObject({ connection: 'online', cursor: 0 });
    for (let i = 1; i <= 100; i++) {
      stored.cursor = i;
      tracker.touchThrottled();
    }
    expect(seen).toHaveLength(1); // the window opened by the connection push is still running
    vi.advanceTimersByTime(300);
    expect(seen).toHaveLength(2);
    expect(seen.at(-1)!.cursor).toBe(100);
    tracker.touch();
    expect(seen).toHaveLength(2); // nothing changed, nothing pushed
    tracker.dispose();
  });
});
