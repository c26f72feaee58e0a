import { afterEach, describe, expect, it } from 'vitest';
import { openTestCache } from './fixtures.js';

describe('outbox repository', () => {
  let cache: ReturnType<typeof openTestCache>;
  afterEach(() => cache.cleanup());

  const enqueue = (id: string, userId = 'u1') =>
    cache.outbox.enqueue({ commandId: id, type: 'alert.act', payload: { alertId: 'a1', action: 'own' }, userId, queuedAt: `q-${id}` });

  it('hands out commands in local order and keeps an acked one until the cursor passes its seq', () => {
    cache = openTestCache();
    enqueue('c1');
    enqueue('c2');
    enqueue('c3', 'u2');
    expect(cache.outbox.nextUnacked()?.commandId).toBe('c1');
    cache.outbox.recordAttempt('c1');
    cache.outbox.markAcked('c1', 7, 3);
    expect(cache.outbox.nextUnacked()?.commandId).toBe('c2');
    expect(cache.outbox.get('c1')).toMatchObject({ ackedSeq: 7, attempts: 1 });
    expect(cache.outbox.unackedCount()).toBe(2);
    expect(cache.outbox.unackedCountForUser('u1')).toBe(1);
    expect(cache.outbox.deleteAppliedUpTo(6)).toBe(0);
    expect(cache.outbox.deleteAppliedUpTo(7)).toBe(1);
    cache.outbox.markAcked('c2', 5, 7);
    expect(cache.outbox.pending().map((e) => e.commandId)).toEqual(['c3']);
  });

  it('refuses a second row with the same command id', () => {
    cache = openTestCache();
    enqueue('c1');
    expect(() => enqueue('c1')).toThrow();
  });

  it('moves a refused command to the rejected list, which the operator can dismiss', () => {
    cache = openTestCache();
    enqueue('c1');
    const rejected = cache.outbox.reject('c1', 'invalid-transition', 'already closed', 'r-at');
    expect(rejected).toEqual({ commandId: 'c1', type: 'alert.act', alertId: 'a1', action: 'own', code: 'invalid-transition', message: 'already closed', queuedAt: 'q-c1', rejectedAt: 'r-at' });
    expect(cache.outbox.pending()).toEqual([]);
    expect(cache.outbox.rejected()).toEqual([rejected]);
    expect(cache.outbox.reject('nope', 'forbidden', 'x', 'r')).toBeNull();
    expect(cache.outbox.dismissRejected('c1')).toBe(true);
    expect(cache.outbox.dismissRejected('c1')).toBe(false);
  });
});
