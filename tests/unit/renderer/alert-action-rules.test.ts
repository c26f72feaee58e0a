import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src-shared/desktop-api.js';
import { AlertDraftSchema, createAlert } from '../../../src-shared/model/alert.js';
import { translator } from '../../../src-renderer/i18n/i18n.js';
import { actionAvailability, reasonText } from '../../../src-renderer/surfaces/console/alert-action-rules.js';
import { SEED_DRAFTS } from './fake-host.js';

const operator = { id: 'u-op1', role: 'operator' as const };
const supervisor = { id: 'u-sup', role: 'supervisor' as const };

function alert(patch: Partial<AlertView> = {}): AlertView {
  const { id, raisedAt, ...draft } = SEED_DRAFTS[0]!;
  return { ...createAlert(id, AlertDraftSchema.parse(draft), 'system', raisedAt), pending: [], ...patch };
}

describe('action availability', () => {
  it('disables what the state does not allow, with a reason naming action and state', () => {
    const result = actionAvailability(alert(), 'hold', operator);
    expect(result.status).toBe('blocked-state');
    expect(reasonText(result.reason!, translator('vi'))).toBe('Không thể “Tạm hoãn” khi cảnh báo đang ở trạng thái “Mới”');
    expect(actionAvailability(alert(), 'acknowledge', operator).status).toBe('allowed');
    expect(actionAvailability(alert({ state: 'acknowledged' }), 'acknowledge', operator).status).toBe('blocked-state');
  });

  it('marks permission refusals separately so the host can answer them', () => {
    const owned = alert({ state: 'in-progress', ownerId: 'u-op2' });
    const close = actionAvailability(owned, 'close', operator);
    expect(close.status).toBe('blocked-permission');
    expect(reasonText(close.reason!, translator('en'))).toBe('u-op2 owns this alert; only a supervisor may “Close”');
    expect(actionAvailability(owned, 'close', supervisor).status).toBe('allowed');
    expect(actionAvailability(owned, 'own', operator).status).toBe('blocked-permission');
    expect(actionAvailability(alert({ state: 'in-progress', ownerId: 'u-op1' }), 'close', operator).status).toBe('blocked-permission');
    expect(actionAvailability(alert({ state: 'resolved', ownerId: 'u-op1' }), 'close', operator).status).toBe('allowed');
    expect(actionAvailability(owned, 'reassign', operator).reason?.key).toBe('reason.supervisorOnly');
  });

  it('needs text for a note', () => {
    expect(actionAvailability(alert(), 'note', operator).status).toBe('blocked-state');
    expect(actionAvailability(alert(), 'note', operator, { note: 'đã gọi công an phường' }).status).toBe('allowed');
  });
});
