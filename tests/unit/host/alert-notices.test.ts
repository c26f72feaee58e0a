import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertNotices } from '../../../src-main/host/sync/alert-notices.js';

describe('alert notices', () => {
  afterEach(() => vi.useRealTimers());

  it('tells a live change at once and merges a catch-up into one notice per window', () => {
    vi.useFakeTimers();
    const told: string[][] = [];
    const notices = new AlertNotices((ids) => told.push(ids), 1000);
    notices.changed(['a'], false);
    expect(told).toEqual([['a']]);
    notices.changed(['b', 'c'], true);
    notices.changed(['c', 'd'], true);
    expect(told).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(told).toEqual([['a'], ['b', 'c', 'd']]);
    notices.changed(['e'], true);
    notices.changed(['f'], false); // the catch-up's last batch: everything now
    expect(told).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    vi.advanceTimersByTime(5000);
    expect(told).toHaveLength(3);
  });

  it('tells at once when an outbox row settles, even with no id, and flushes what waits', () => {
    vi.useFakeTimers();
    const told: string[][] = [];
    const notices = new AlertNotices((ids) => told.push(ids), 1000);
    notices.now([]);
    notices.changed(['x'], true);
    notices.flush();
    notices.flush();
    expect(told).toEqual([[], ['x']]);
  });
});
