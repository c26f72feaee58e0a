import { describe, expect, it } from 'vitest';
import {
  applyAlertChange,
  compareAlertsForQueue,
  createAlert,
  decideAlertAction,
  AlertDraftSchema,
  type Alert,
} from '../../../src-shared/model/alert.js';
import type { User } from '../../../src-shared/model/user.js';

const operator: User = { id: 'u-op1', username: 'vanhanh1', displayName: 'Nguyễn Văn An', role: 'operator' };
const otherOperator: User = { id: 'u-op2', username: 'vanhanh2', displayName: 'Trần Thị Bình', role: 'operator' };
const supervisor: User = { id: 'u-sup', username: 'giamsat', displayName: 'Lê Minh Châu', role: 'supervisor' };

function alert(overrides: Partial<Alert> = {}): Alert {
  const draft = AlertDraftSchema.parse({
    source: 'camera-analytics',
    category: 'Security',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    headline: 'Phát hiện đối tượng khả nghi tại quảng trường Vị Thanh',
  });
  return { ...createAlert('a-1', draft, 'system', '2026-11-28T08:00:00.000Z'), ...overrides };
}

function walk(start: Alert, user: User, ...actions: Parameters<typeof decideAlertAction>[1]['action'][]): Alert {
  let current = start;
  for (const action of actions) {
    const decision = decideAlertAction(current, { action }, user);
    if (!decision.ok) throw new Error(`${action}: ${decision.message}`);
    current = applyAlertChange(current, decision.value, user.id, '2026-11-28T08:05:00.000Z');
  }
  return current;
}

describe('alert lifecycle', () => {
  it('runs New → Acknowledged → In progress → On hold → In progress → Resolved → Closed for its owner', () => {
    const done = walk(alert(), operator, 'acknowledge', 'own', 'hold', 'resume', 'resolve', 'close');
    expect(done.state).toBe('closed');
    expect(done.ownerId).toBe(operator.id);
    expect(done.history.map((h) => h.toState)).toEqual([
      'new', 'acknowledged', 'in-progress', 'on-hold', 'in-progress', 'resolved', 'closed',
    ]);
  });

  it('refuses to acknowledge twice with invalid-transition and names the state', () => {
    const acked = walk(alert(), operator, 'acknowledge');
    const again = decideAlertAction(acked, { action: 'acknowledge' }, operator);
    expect(again).toMatchObject({ ok: false, code: 'invalid-transition' });
    expect(again.ok ? '' : again.message).toContain('acknowledged');
  });

  it('lets an operator resolve an alert nobody owns, and makes them the owner', () => {
    const resolved = walk(alert(), operator, 'acknowledge', 'resolve');
    expect(resolved).toMatchObject({ state: 'resolved', ownerId: operator.id });
  });

  it('forbids an operator to close, resolve or take over an alert owned by another operator', () => {
    const owned = walk(alert(), otherOperator, 'acknowledge', 'own');
    for (const action of ['close', 'resolve', 'own', 'hold'] as const) {
      expect(decideAlertAction(owned, { action }, operator)).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('lets a supervisor close or reassign an alert someone else owns', () => {
    const owned = walk(alert(), otherOperator, 'acknowledge', 'own');
    expect(walk(owned, supervisor, 'close').state).toBe('closed');
    const reassigned = decideAlertAction(owned, { action: 'reassign', ownerId: operator.id }, supervisor);
    expect(reassigned).toMatchObject({ ok: true, value: { ownerId: operator.id, state: 'in-progress' } });
  });

  it('keeps reassignment to supervisors', () => {
    expect(decideAlertAction(alert(), { action: 'reassign', ownerId: operator.id }, operator)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });

  it('lets an operator close only what is resolved', () => {
    const inProgress = walk(alert(), operator, 'acknowledge', 'own');
    expect(decideAlertAction(inProgress, { action: 'close' }, operator)).toMatchObject({ code: 'forbidden' });
  });

  it('nothing leaves Closed', () => {
    const closed = walk(alert(), supervisor, 'close');
    for (const action of ['acknowledge', 'own', 'hold', 'resume', 'resolve', 'close', 'reassign', 'note'] as const) {
      expect(decideAlertAction(closed, { action, note: 'x' }, supervisor).ok).toBe(false);
    }
  });
});

describe('queue order', () => {
  it('puts the most severe first, then the most urgent, then the oldest', () => {
    const rows = [
      alert({ id: 'minor-old', severity: 'Minor', raisedAt: '2026-11-28T07:00:00Z' }),
      alert({ id: 'severe-new', severity: 'Severe', raisedAt: '2026-11-28T09:00:00Z' }),
      alert({ id: 'severe-old', severity: 'Severe', raisedAt: '2026-11-28T08:00:00Z' }),
      alert({ id: 'severe-expected', severity: 'Severe', urgency: 'Expected', raisedAt: '2026-11-28T06:00:00Z' }),
      alert({ id: 'extreme', severity: 'Extreme', raisedAt: '2026-11-28T10:00:00Z' }),
    ];
    expect(rows.sort(compareAlertsForQueue).map((a) => a.id)).toEqual([
      'extreme', 'severe-old', 'severe-new', 'severe-expected', 'minor-old',
    ]);
  });
});

describe('alert drafts', () => {
  it('rejects an empty headline and an out-of-range location', () => {
    const base = { source: 'manual', category: 'Fire', severity: 'Severe', urgency: 'Immediate', certainty: 'Observed' };
    expect(AlertDraftSchema.safeParse({ ...base, headline: '   ' }).success).toBe(false);
    expect(AlertDraftSchema.safeParse({ ...base, headline: 'Cháy', location: { lat: 91, lon: 105 } }).success).toBe(false);
  });
});
