import type { AlertView, PendingAction } from '../../../src-shared/desktop-api.js';
import {
  AlertDraftSchema,
  applyAlertChange,
  createAlert,
  decideAlertAction,
  type Alert,
  type AlertAction,
} from '../../../src-shared/model/alert.js';
import type { Role } from '../../../src-shared/model/user.js';
import { ActOnAlertPayloadSchema, RaiseAlertPayloadSchema } from '../../../src-shared/protocol/sync-protocol.js';
import type { OutboxEntry } from '../cache/outbox-repository.js';

/**
 * What the operator sees: the replica (only what the server sent) with every
 * command still in the outbox applied on top, by the same rules and reducer the
 * server uses. A pending command that no longer fits (someone else moved the
 * alert meanwhile) shows as pending without an effect; the server will judge it.
 */
export function pendingAction(entry: OutboxEntry): PendingAction {
  const action = entry.type === 'alert.raise' ? 'raise' : ((entry.payload as { action?: AlertAction }).action ?? 'note');
  return { commandId: entry.commandId, action, queuedAt: entry.queuedAt, attempts: entry.attempts };
}

export function pendingAlertId(entry: OutboxEntry): string | null {
  const id = (entry.payload as { alertId?: unknown } | null)?.alertId;
  return typeof id === 'string' ? id : null;
}

/**
 * Overlays `pending` (oldest first) on `alerts` (keyed by id). Only ids in
 * `alerts` or raised by a pending command are produced; `roleOf` gives the
 * role to judge a user's pending command with.
 */
export function overlayPending(
  alerts: ReadonlyMap<string, Alert>,
  pending: readonly OutboxEntry[],
  roleOf: (userId: string) => Role,
): Map<string, AlertView> {
  const view = new Map<string, AlertView>();
  for (const [id, alert] of alerts) view.set(id, { ...alert, pending: [] });
  for (const entry of pending) {
    const id = pendingAlertId(entry);
    if (id === null) continue;
    if (entry.type === 'alert.raise') {
      const current = view.get(id);
      if (current) {
        current.pending.push(pendingAction(entry));
        continue;
      }
      const parsed = RaiseAlertPayloadSchema.safeParse(entry.payload);
      if (!parsed.success) continue;
      const draft = AlertDraftSchema.parse(parsed.data.draft);
      view.set(id, { ...createAlert(id, draft, entry.userId, entry.queuedAt), pending: [pendingAction(entry)] });
      continue;
    }
    const current = view.get(id);
    if (!current) continue;
    const parsed = ActOnAlertPayloadSchema.safeParse(entry.payload);
    let next: AlertView = current;
    if (parsed.success) {
      const decision = decideAlertAction(current, parsed.data, { id: entry.userId, role: roleOf(entry.userId) });
      if (decision.ok) next = { ...applyAlertChange(current, decision.value, entry.userId, entry.queuedAt), pending: current.pending };
    }
    next.pending.push(pendingAction(entry));
    view.set(id, next);
  }
  return view;
}
