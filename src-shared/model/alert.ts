import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { hasRoleAtLeast, type User } from './user.js';

/**
 * The Alert is CAP-shaped (OASIS Common Alerting Protocol 1.2: category, severity,
 * urgency, certainty, headline, description, area) so that analytics, portal
 * warnings, field reports and news all land in one queue with one model.
 */
export const ALERT_SOURCES = ['camera-analytics', 'portal', 'field-report', 'news', 'manual', 'system', 'cap'] as const;
export const ALERT_CATEGORIES = [
  'Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other',
] as const;
export const ALERT_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const ALERT_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const ALERT_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const ALERT_STATES = ['new', 'acknowledged', 'in-progress', 'on-hold', 'resolved', 'closed'] as const;
export const ALERT_ACTIONS = ['acknowledge', 'own', 'hold', 'resume', 'resolve', 'close', 'reassign', 'note'] as const;

export const AlertSourceSchema = z.enum(ALERT_SOURCES);
export const AlertCategorySchema = z.enum(ALERT_CATEGORIES);
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES);
export const AlertUrgencySchema = z.enum(ALERT_URGENCIES);
export const AlertCertaintySchema = z.enum(ALERT_CERTAINTIES);
export const AlertStateSchema = z.enum(ALERT_STATES);
export const AlertActionSchema = z.enum(ALERT_ACTIONS);

export type AlertSource = z.infer<typeof AlertSourceSchema>;
export type AlertCategory = z.infer<typeof AlertCategorySchema>;
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;
export type AlertUrgency = z.infer<typeof AlertUrgencySchema>;
export type AlertCertainty = z.infer<typeof AlertCertaintySchema>;
export type AlertState = z.infer<typeof AlertStateSchema>;
export type AlertAction = z.infer<typeof AlertActionSchema>;

export const AlertIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'alert id has illegal characters');
export const UserIdSchema = z.string().min(1).max(64);
export const NoteSchema = z.string().max(2000);

export const AlertLocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  areaDesc: z.string().max(200).optional(),
});
export type AlertLocation = z.infer<typeof AlertLocationSchema>;

export const AlertHistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.union([AlertActionSchema, z.literal('raise')]),
  fromState: AlertStateSchema.nullable(),
  toState: AlertStateSchema,
  ownerId: z.string().nullable(),
  note: z.string().optional(),
});
export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntrySchema>;

/** What a source supplies when it raises an alert. */
export const AlertDraftSchema = z.object({
  source: AlertSourceSchema,
  category: AlertCategorySchema,
  severity: AlertSeveritySchema,
  urgency: AlertUrgencySchema,
  certainty: AlertCertaintySchema,
  headline: z.string().trim().min(1).max(160),
  description: z.string().max(4000).default(''),
  location: AlertLocationSchema.nullable().default(null),
  cameraIds: z.array(z.string().min(1).max(64)).max(32).default([]),
});
export type AlertDraft = z.input<typeof AlertDraftSchema>;
export type AlertDraftParsed = z.output<typeof AlertDraftSchema>;

export const AlertSchema = AlertDraftSchema.extend({
  id: AlertIdSchema,
  state: AlertStateSchema,
  ownerId: z.string().nullable(),
  raisedAt: z.string(),
  updatedAt: z.string(),
  raisedBy: z.string(),
  history: z.array(AlertHistoryEntrySchema),
});
export type Alert = z.output<typeof AlertSchema>;

/** Data of every `alert.<action>` event: enough to replay the change on any replica. */
export const AlertChangeSchema = z.object({
  alertId: AlertIdSchema,
  action: AlertActionSchema,
  state: AlertStateSchema,
  ownerId: z.string().nullable(),
  note: z.string().optional(),
});
export type AlertChange = z.infer<typeof AlertChangeSchema>;

export interface AlertActionRequest {
  readonly action: AlertAction;
  readonly note?: string | undefined;
  /** Only for `reassign`: the user who becomes owner (null releases ownership). */
  readonly ownerId?: string | null | undefined;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { Extreme: 4, Severe: 3, Moderate: 2, Minor: 1, Unknown: 0 };
const URGENCY_RANK: Record<AlertUrgency, number> = { Immediate: 4, Expected: 3, Future: 2, Past: 1, Unknown: 0 };

/** Higher is more pressing. Severity dominates, urgency breaks ties. */
export function alertPriority(alert: Pick<Alert, 'severity' | 'urgency'>): number {
  return SEVERITY_RANK[alert.severity] * 10 + URGENCY_RANK[alert.urgency];
}

/** Queue order: most pressing first, then oldest first, then id for a stable order. */
export function compareAlertsForQueue(a: Alert, b: Alert): number {
  return (
    alertPriority(b) - alertPriority(a) ||
    a.raisedAt.localeCompare(b.raisedAt) ||
    a.id.localeCompare(b.id)
  );
}

const FROM_STATES: Record<AlertAction, readonly AlertState[]> = {
  acknowledge: ['new'],
  own: ['new', 'acknowledged', 'in-progress', 'on-hold'],
  hold: ['in-progress'],
  resume: ['on-hold'],
  resolve: ['new', 'acknowledged', 'in-progress', 'on-hold'],
  close: ['new', 'acknowledged', 'in-progress', 'on-hold', 'resolved'],
  reassign: ['new', 'acknowledged', 'in-progress', 'on-hold', 'resolved'],
  note: ['new', 'acknowledged', 'in-progress', 'on-hold', 'resolved'],
};

function isSupervisor(user: Pick<User, 'role'>): boolean {
  return hasRoleAtLeast(user.role, 'supervisor');
}

function ownedByOther(alert: Alert, user: Pick<User, 'id'>): boolean {
  return alert.ownerId !== null && alert.ownerId !== user.id;
}

/**
 * The alert rules, shared by the server (which enforces them) and the host
 * (which shows the optimistic effect of a queued action with the same rules).
 * An operator may acknowledge, own and resolve; only a supervisor may close or
 * reassign an alert someone else owns.
 */
export function decideAlertAction(
  alert: Alert,
  request: AlertActionRequest,
  user: Pick<User, 'id' | 'role'>,
): Result<AlertChange> {
  const { action } = request;
  if (!FROM_STATES[action].includes(alert.state)) {
    return fail('invalid-transition', `Cannot ${action} an alert that is ${alert.state}`, {
      action,
      state: alert.state,
    });
  }
  const base = { alertId: alert.id, action, ...(request.note ? { note: request.note } : {}) };
  switch (action) {
    case 'acknowledge':
      return ok({ ...base, state: 'acknowledged', ownerId: alert.ownerId });
    case 'own':
      if (ownedByOther(alert, user) && !isSupervisor(user)) {
        return fail('forbidden', 'Only a supervisor may take over an alert owned by someone else', {
          ownerId: alert.ownerId,
        });
      }
      return ok({ ...base, state: alert.state === 'on-hold' ? 'on-hold' : 'in-progress', ownerId: user.id });
    case 'hold':
    case 'resume':
      if (ownedByOther(alert, user) && !isSupervisor(user)) {
        return fail('forbidden', `Only the owner or a supervisor may ${action} this alert`, { ownerId: alert.ownerId });
      }
      return ok({ ...base, state: action === 'hold' ? 'on-hold' : 'in-progress', ownerId: alert.ownerId ?? user.id });
    case 'resolve':
      if (ownedByOther(alert, user) && !isSupervisor(user)) {
        return fail('forbidden', 'Only the owner or a supervisor may resolve this alert', { ownerId: alert.ownerId });
      }
      return ok({ ...base, state: 'resolved', ownerId: alert.ownerId ?? user.id });
    case 'close':
      if (ownedByOther(alert, user) && !isSupervisor(user)) {
        return fail('forbidden', 'Only a supervisor may close an alert owned by someone else', {
          ownerId: alert.ownerId,
        });
      }
      if (alert.state !== 'resolved' && !isSupervisor(user)) {
        return fail('forbidden', 'Only a supervisor may close an alert that is not resolved', { state: alert.state });
      }
      return ok({ ...base, state: 'closed', ownerId: alert.ownerId });
    case 'reassign': {
      if (!isSupervisor(user)) return fail('forbidden', 'Only a supervisor may reassign an alert');
      const ownerId = request.ownerId ?? null;
      return ok({ ...base, state: alert.state, ownerId });
    }
    case 'note':
      if (!request.note) return fail('bad-request', 'A note needs text');
      return ok({ ...base, state: alert.state, ownerId: alert.ownerId });
  }
}

/** The one reducer for alert events; the server projection and every host replica use it. */
export function applyAlertChange(alert: Alert, change: AlertChange, actor: string, at: string): Alert {
  const entry: AlertHistoryEntry = {
    at,
    actor,
    action: change.action,
    fromState: alert.state,
    toState: change.state,
    ownerId: change.ownerId,
    ...(change.note ? { note: change.note } : {}),
  };
  return { ...alert, state: change.state, ownerId: change.ownerId, updatedAt: at, history: [...alert.history, entry] };
}

export function createAlert(id: string, draft: AlertDraftParsed, actor: string, at: string): Alert {
  return {
    ...draft,
    id,
    state: 'new',
    ownerId: null,
    raisedAt: at,
    updatedAt: at,
    raisedBy: actor,
    history: [{ at, actor, action: 'raise', fromState: null, toState: 'new', ownerId: null }],
  };
}

export function isOpenAlert(alert: Pick<Alert, 'state'>): boolean {
  return alert.state !== 'closed' && alert.state !== 'resolved';
}
