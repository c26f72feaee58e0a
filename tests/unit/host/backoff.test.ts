import { describe, expect, it } from 'vitest';
import { Backoff, backoffCap, backoffDelay } from '../../../src-main/host/sync/backoff.js';

describe('backoff', () => {
  const opts = { minMs: 100, maxMs: 5000 };

  it('doubles the cap per attempt up to the maximum', () => {
    expect([0, 1, 2, 3, 6, 7, 50].map((a) => backoffCap(a, opts))).toEqual([100, 200, 400, 800, 5000, 5000, 5000]);
  });

  it('draws uniformly between the floor and the cap (full jitter)', () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(100);
    expect(backoffDelay(3, opts, () => 1)).toBe(800);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(450);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(i % 10, opts);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(5000);
    }
  });

  it('is sane for odd bounds and random values', () => {
    expect(backoffDelay(2, { minMs: 50, maxMs: 10 }, () => 0.9)).toBe(50);
    expect(backoffDelay(-3, opts, () => 2)).toBe(100);
    expect(backoffDelay(1, { minMs: 0, maxMs: 100 }, () => 1)).toBe(0);
  });

  it('grows with failures and starts over after a reset', () => {
    const b = new Backoff(opts, () => 1);
    expect([b.next(), b.next(), b.next()]).toEqual([100, 200, 400]);
    expect(b.failures).toBe(3);
    b.reset();
    expect(b.next()).toBe(100);
  });
});
