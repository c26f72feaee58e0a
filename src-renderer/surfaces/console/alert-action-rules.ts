import type { AlertView } from '../../../src-shared/desktop-api.js';
import { decideAlertAction, type AlertAction } from '../../../src-shared/model/alert.js';
import type { User } from '../../../src-shared/model/user.js';
import { hasMessage, type MessageKey, type MessageParams } from '../../i18n/i18n.js';

/** The buttons of the detail pane, in the order an operator works through an alert. */
export const CONSOLE_ACTIONS = ['acknowledge', 'own', 'hold', 'resume', 'resolve', 'close', 'reassign'] as const satisfies readonly AlertAction[];
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

/**
 * `allowed`: the shared rules accept it. `blocked-state`: the alert's state does not
 * allow it at all, so the button is disabled. `blocked-permission`: the user's role
 * does not allow it; the button stays clickable so that trying it gets the host's
 * own refusal on screen (the host is the judge; our copy of the role may be stale).
 */
export interface ActionAvailability {
  action: AlertAction;
  status: 'allowed' | 'blocked-state' | 'blocked-permission';
  reason: { key: MessageKey; params?: MessageParams } | null;
}

export function actionAvailability(
  alert: AlertView,
  action: AlertAction,
  user: Pick<User, 'id' | 'role'>,
  options: { note?: string; ownerId?: string | null } = {},
): ActionAvailability {
  const request =
    action === 'note'
      ? { action, note: options.note ?? '' }
      : action === 'reassign'
        ? { action, ownerId: options.ownerId ?? null }
        : { action };
  const decision = decideAlertAction(alert, request, user);
  if (decision.ok) return { action, status: 'allowed', reason: null };
  const actionParam = { action: `action.${action}` };
  if (decision.code === 'invalid-transition') {
    return { action, status: 'blocked-state', reason: { key: 'reason.invalidState', params: { ...actionParam, state: `state.${alert.state}` } } };
  }
  if (decision.code === 'bad-request') return { action, status: 'blocked-state', reason: { key: 'reason.noteEmpty' } };
  if (action === 'reassign') return { action, status: 'blocked-permission', reason: { key: 'reason.supervisorOnly', params: actionParam } };
  if (action === 'close' && (alert.ownerId === null || alert.ownerId === user.id)) {
    return { action, status: 'blocked-permission', reason: { key: 'reason.closeUnresolved' } };
  }
  return {
    action,
    status: 'blocked-permission',
    reason: { key: 'reason.ownedByOther', params: { ...actionParam, owner: alert.ownerId ?? '' } },
  };
}

/** Reason params may name other messages (`action.close`, `state.new`); those are translated too. */
export function reasonText(
  reason: NonNullable<ActionAvailability['reason']>,
  t: (key: MessageKey, params?: MessageParams) => string,
): string {
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(reason.params ?? {})) {
    params[name] = typeof value === 'string' && hasMessage(value) ? t(value) : value;
  }
  return t(reason.key, params);
}
