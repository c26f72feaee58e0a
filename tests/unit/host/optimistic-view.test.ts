import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src-main/host/cache/outbox-repository.js';
import { overlayPending } from '../../../src-main/host/api/optimistic-view.js';
import { sampleAlert } from './fixtures.js';

let n = 0;
function entry(type: string, payload: unknown, userId = 'op1'): OutboxEntry {
  n++;
  return { localSeq: n, commandId: `c${n}`, type, payload, userId, queuedAt: `2024-01-02T00:00:0${n % 10}.000Z`, attempts: 0, lastError: null, ackedSeq: null };
}

describe('optimistic view', () => {
  const role = () => 'operator' as const;

  it('applies queued actions in order on top of the replica, marking them pending', () => {
    const alerts = new Map([['a1', sampleAlert('a1')], ['a2', sampleAlert('a2')]]);
    const view = overlayPending(alerts, [entry('alert.act', { alertId: 'a1', action: 'acknowledge' }), entry('alert.act', { alertId: 'a1', action: 'resolve' })], role);
    const a1 = view.get('a1')!;
    expect(a1.state).toBe('resolved');
    expect(a1.ownerId).toBe('op1');
    expect(a1.pending.map((p) => p.action)).toEqual(['acknowledge', 'resolve']);
    expect(view.get('a2')!.pending).toEqual([]);
    expect(alerts.get('a1')!.state).toBe('new'); // the replica is untouched
  });

  it('shows a queued raise as a new alert', () => {
    const draft = { source: 'manual', category: 'Met', severity: 'Minor', urgency: 'Future', certainty: 'Likely', headline: 'Mưa lớn' };
    const view = overlayPending(new Map(), [entry('alert.raise', { alertId: 'r1', draft })], role);
    expect(view.get('r1')).toMatchObject({ id: 'r1', state: 'new', raisedBy: 'op1', description: '', pending: [{ action: 'raise' }] });
  });

  it('keeps a pending action that no longer fits without an effect', () => {
    const closed = { ...sampleAlert('a1'), state: 'closed' as const };
    const view = overlayPending(new Map([['a1', closed]]), [entry('alert.act', { alertId: 'a1', action: 'acknowledge' })], role);
    expect(view.get('a1')!.state).toBe('closed');
    expect(view.get('a1')!.pending).toHaveLength(1);
  });
});
