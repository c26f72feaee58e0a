import type { z } from 'zod';
import { applyAlertChange, createAlert, decideAlertAction } from '../../src-shared/model/alert.js';
import type { ActOnAlertPayloadSchema, RaiseAlertPayloadSchema } from '../../src-shared/protocol/sync-protocol.js';
import { alertEventType, type SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { CommandContext } from './command-context.js';

export type { CommandContext } from './command-context.js';

export type RaiseAlertPayload = z.output<typeof RaiseAlertPayloadSchema>;
export type ActOnAlertPayload = z.output<typeof ActOnAlertPayloadSchema>;

/**
 * Raises an alert. The draft's `source` is kept as sent: a workstation may relay
 * a field report or a portal item, and `raisedBy` plus the history entry already
 * record who raised it, so provenance is never lost by trusting the label.
 */
export function raiseAlert(ctx: CommandContext, payload: RaiseAlertPayload): Result<SyncEvent> {
  if (ctx.store.alerts.get(payload.alertId)) {
    return fail('conflict', `Alert ${payload.alertId} already exists`, { alertId: payload.alertId });
  }
  const alert = createAlert(payload.alertId, payload.draft, ctx.actor.id, ctx.at);
  const event = ctx.tx.append({
    id: ulid(),
    type: 'alert.raised',
    at: ctx.at,
    actor: ctx.actor.id,
    subject: alert.id,
    commandId: ctx.commandId,
    data: alert,
  });
  ctx.store.alerts.upsert(alert);
  return ok(event);
}

/** Acts on an alert with the shared rules (`decideAlertAction`), never a copy of them. */
export function actOnAlert(ctx: CommandContext, payload: ActOnAlertPayload): Result<SyncEvent> {
  const alert = ctx.store.alerts.get(payload.alertId);
  if (!alert) return fail('not-found', `Alert ${payload.alertId} does not exist`, { alertId: payload.alertId });
  const decided = decideAlertAction(alert, payload, ctx.actor);
  if (!decided.ok) return decided;
  const change = decided.value;
  if (payload.action === 'reassign' && change.ownerId !== null) {
    const target = ctx.store.users.findById(change.ownerId);
    if (!target || target.disabled) return fail('bad-request', `No active user ${change.ownerId} to reassign to`, { ownerId: change.ownerId });
  }
  const event = ctx.tx.append({
    id: ulid(),
    type: alertEventType(payload.action),
    at: ctx.at,
    actor: ctx.actor.id,
    subject: alert.id,
    commandId: ctx.commandId,
    data: change,
  });
  ctx.store.alerts.upsert(applyAlertChange(alert, change, ctx.actor.id, ctx.at));
  return ok(event);
}
