import { z } from 'zod';
import { AlertChangeSchema, AlertSchema, ALERT_ACTIONS, type Alert, type AlertAction, type AlertChange } from '../model/alert.js';

/**
 * One entry of the server's append-only log. `seq` is global and gap-free, so a
 * replica needs nothing but the last seq it applied (its cursor) to resume.
 */
export const SyncEventSchema = z.object({
  seq: z.number().int().positive(),
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  at: z.string(),
  actor: z.string().max(64),
  subject: z.string().max(128),
  commandId: z.string().max(64).nullable(),
  data: z.unknown(),
});
export type SyncEvent = z.infer<typeof SyncEventSchema>;

const PAST: Record<AlertAction, string> = {
  acknowledge: 'acknowledged',
  own: 'owned',
  hold: 'held',
  resume: 'resumed',
  resolve: 'resolved',
  close: 'closed',
  reassign: 'reassigned',
  note: 'noted',
};

export function alertEventType(action: AlertAction): `alert.${string}` {
  return `alert.${PAST[action]}`;
}

export const ALERT_EVENT_TYPES = ['alert.raised', ...ALERT_ACTIONS.map((a) => alertEventType(a))];

/** A domain event with its data checked; unknown types pass as `unknown` so that an older host skips them and still advances its cursor. */
export type DomainEvent =
  | { kind: 'alert.raised'; event: SyncEvent; alert: Alert }
  | { kind: 'alert.changed'; event: SyncEvent; change: AlertChange }
  | { kind: 'unknown'; event: SyncEvent };

export function interpretEvent(event: SyncEvent): DomainEvent {
  if (event.type === 'alert.raised') {
    const parsed = AlertSchema.safeParse(event.data);
    if (parsed.success) return { kind: 'alert.raised', event, alert: parsed.data };
    return { kind: 'unknown', event };
  }
  if (event.type.startsWith('alert.')) {
    const parsed = AlertChangeSchema.safeParse(event.data);
    if (parsed.success) return { kind: 'alert.changed', event, change: parsed.data };
  }
  return { kind: 'unknown', event };
}
