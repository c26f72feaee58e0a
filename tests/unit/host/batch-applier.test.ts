import { afterEach, describe, expect, it } from 'vitest';
import { batch, changeEvent, openTestCache, raisedEvent, sampleAlert } from './fixtures.js';

describe('batch applier', () => {
  let cache: ReturnType<typeof openTestCache>;
  afterEach(() => cache.cleanup());

  it('applies a batch, its cursor and the settled outbox rows together', () => {
    cache = openTestCache();
    cache.outbox.enqueue({ commandId: 'c1', type: 'alert.act', payload: { alertId: 'a1', action: 'acknowledge' }, userId: 'u1', queuedAt: 'q' });
    cache.outbox.markAcked('c1', 2, 0);
    const a = sampleAlert('a1');
    const outcome = cache.applier.apply(
      batch([raisedEvent(1, a), changeEvent(2, { alertId: 'a1', action: 'acknowledge', state: 'acknowledged', ownerId: null })], 10),
    );
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 2, headSeq: 10, applied: 2, changedAlertIds: ['a1'], removedFromOutbox: 1 });
    expect(cache.state.cursor()).toBe(2);
    expect(cache.state.headSeq()).toBe(10);
    const stored = cache.replica.get('a1')!;
    expect(stored.state).toBe('acknowledged');
    expect(stored.history.map((h) => h.action)).toEqual(['raise', 'acknowledge']);
    expect(cache.outbox.pending()).toEqual([]);
  });

  it('acks and ignores a batch it already holds', () => {
    cache = openTestCache();
    cache.applier.apply(batch([raisedEvent(1, sampleAlert('a1'))]));
    expect(cache.applier.apply(batch([raisedEvent(1, sampleAlert('a1'))]))).toEqual({ kind: 'duplicate', cursor: 1 });
  });

  it('keeps only the new part of an overlapping batch', () => {
    cache = openTestCache();
    cache.applier.apply(batch([raisedEvent(1, sampleAlert('a1'))]));
    const outcome = cache.applier.apply(batch([raisedEvent(1, sampleAlert('a1')), raisedEvent(2, sampleAlert('a2'))]));
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 2, applied: 1, changedAlertIds: ['a2'] });
  });

  it('reports a gap and changes nothing', () => {
    cache = openTestCache();
    expect(cache.applier.apply(batch([raisedEvent(3, sampleAlert('a3'))]))).toEqual({ kind: 'gap', cursor: 0, from: 3 });
    expect(cache.state.cursor()).toBe(0);
    expect(cache.replica.count()).toBe(0);
  });

  it('rolls a broken batch back entirely', () => {
    cache = openTestCache();
    const broken = { from: 1, to: 2, headSeq: 2, items: [raisedEvent(1, sampleAlert('a1')), raisedEvent(3, sampleAlert('a3'))] };
    expect(cache.applier.apply(broken)).toMatchObject({ kind: 'invalid' });
    expect(cache.applier.apply({ from: 1, to: 1, headSeq: 1, items: [{ nope: true }] })).toMatchObject({ kind: 'invalid' });
    expect(cache.state.cursor()).toBe(0);
    expect(cache.replica.count()).toBe(0);
  });

  it('skips unknown event types but still advances the cursor', () => {
    cache = openTestCache();
    const unknown = { seq: 1, id: 'e1', type: 'camera.status', at: '2024-01-01T00:00:00.000Z', actor: 'x', subject: 'cam', commandId: null, data: { up: true } };
    const badAlert = { ...unknown, seq: 2, id: 'e2', type: 'alert.raised', data: { broken: true } };
    expect(cache.applier.apply(batch([unknown, badAlert]))).toMatchObject({ kind: 'applied', cursor: 2, applied: 2, changedAlertIds: [] });
    expect(cache.state.read().lastEventAt).toBe('2024-01-01T00:00:00.000Z');
  });

  it('replaces replica and cursor with a snapshot, and resends commands a rewound server lost', () => {
    cache = openTestCache();
    cache.applier.apply(batch([raisedEvent(1, sampleAlert('a1')), raisedEvent(2, sampleAlert('a2')), raisedEvent(3, sampleAlert('a3'))]));
    cache.outbox.enqueue({ commandId: 'c9', type: 'alert.act', payload: { alertId: 'a1', action: 'acknowledge' }, userId: 'u1', queuedAt: 'q' });
    cache.outbox.markAcked('c9', 5, 3);
    const outcome = cache.applier.applySnapshot({ seq: 2, reason: 'cursor-ahead', alerts: [sampleAlert('b1')] });
    expect(outcome.kind).toBe('applied');
    if (outcome.kind === 'applied') expect(outcome.changedAlertIds.sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(cache.state.cursor()).toBe(2);
    expect(cache.replica.all().map((a) => a.id)).toEqual(['b1']);
    expect(cache.outbox.nextUnacked()?.commandId).toBe('c9');
    expect(cache.applier.applySnapshot({ seq: 'x' })).toMatchObject({ kind: 'invalid' });
  });
});
