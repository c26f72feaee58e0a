import { z } from 'zod';
import { AlertChangeSchema, AlertSchema, ALERT_ACTIONS, type Alert, type AlertAction, type AlertChange } from '../model/alert.js';
import { CameraHealthSchema, CameraSchema, type Camera, type CameraHealth } from '../model/camera.js';
import {
  LayoutIdSchema,
  TourIdSchema,
  WallPushSchema,
  WallLayoutSchema,
  WallTourSchema,
  type WallLayout,
  type WallPush,
  type WallTour,
  WorkstationAnnounceSchema,
  type WorkstationAnnounce,
} from '../model/wall.js';
import { checkAlert, checkAlertChange } from './event-checks.js';

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
  | { kind: 'camera.saved'; event: SyncEvent; camera: Camera }
  | { kind: 'camera.status'; event: SyncEvent; health: CameraHealth }
  | { kind: 'layout.saved'; event: SyncEvent; layout: WallLayout }
  | { kind: 'layout.deleted'; event: SyncEvent; layoutId: string }
  | { kind: 'tour.saved'; event: SyncEvent; tour: WallTour }
  | { kind: 'tour.deleted'; event: SyncEvent; tourId: string }
  | { kind: 'wall.pushed'; event: SyncEvent; push: WallPush }
  | { kind: 'workstation.announced'; event: SyncEvent; announce: WorkstationAnnounce }
  | { kind: 'unknown'; event: SyncEvent };

/** Data schemas of the non-alert events, by event type: one table, so the server and the hosts agree. */
export const WALL_EVENT_SCHEMAS = {
  'camera.saved': CameraSchema,
  'camera.status': CameraHealthSchema,
  'layout.saved': WallLayoutSchema,
  'layout.deleted': z.object({ layoutId: LayoutIdSchema }),
  'tour.saved': WallTourSchema,
  'tour.deleted': z.object({ tourId: TourIdSchema }),
  'wall.pushed': WallPushSchema,
  'workstation.announced': WorkstationAnnounceSchema,
} as const;

function interpretWallEvent(event: SyncEvent): DomainEvent {
  switch (event.type) {
    case 'camera.saved': {
      const p = CameraSchema.safeParse(event.data);
      return p.success ? { kind: 'camera.saved', event, camera: p.data } : { kind: 'unknown', event };
    }
    case 'camera.status': {
      const p = CameraHealthSchema.safeParse(event.data);
      return p.success ? { kind: 'camera.status', event, health: p.data } : { kind: 'unknown', event };
    }
    case 'layout.saved': {
      const p = WallLayoutSchema.safeParse(event.data);
      return p.success ? { kind: 'layout.saved', event, layout: p.data } : { kind: 'unknown', event };
    }
    case 'layout.deleted': {
      const p = WALL_EVENT_SCHEMAS['layout.deleted'].safeParse(event.data);
      return p.success ? { kind: 'layout.deleted', event, layoutId: p.data.layoutId } : { kind: 'unknown', event };
    }
    case 'tour.saved': {
      const p = WallTourSchema.safeParse(event.data);
      return p.success ? { kind: 'tour.saved', event, tour: p.data } : { kind: 'unknown', event };
    }
    case 'tour.deleted': {
      const p = WALL_EVENT_SCHEMAS['tour.deleted'].safeParse(event.data);
      return p.success ? { kind: 'tour.deleted', event, tourId: p.data.tourId } : { kind: 'unknown', event };
    }
    case 'wall.pushed': {
      const p = WallPushSchema.safeParse(event.data);
      return p.success ? { kind: 'wall.pushed', event, push: p.data } : { kind: 'unknown', event };
    }
    case 'workstation.announced': {
      const p = WorkstationAnnounceSchema.safeParse(event.data);
      return p.success ? { kind: 'workstation.announced', event, announce: p.data } : { kind: 'unknown', event };
    }
    default:
      return { kind: 'unknown', event };
  }
}

/**
 * For alert events the fast checks of event-checks.ts go first; what they do not
 * accept as canonical is decided by the zod schema. When the data was canonical,
 * `alert`/`change` is `event.data` itself (a caller may rely on that identity to
 * know that the data needed no default, strip or trim).
 */
export function interpretEvent(event: SyncEvent): DomainEvent {
  if (event.type === 'alert.raised') {
    const fast = checkAlert(event.data);
    if (fast) return { kind: 'alert.raised', event, alert: fast };
    const parsed = AlertSchema.safeParse(event.data);
    if (parsed.success) return { kind: 'alert.raised', event, alert: parsed.data };
    return { kind: 'unknown', event };
  }
  if (event.type.startsWith('alert.')) {
    const fast = checkAlertChange(event.data);
    if (fast) return { kind: 'alert.changed', event, change: fast };
    const parsed = AlertChangeSchema.safeParse(event.data);
    if (parsed.success) return { kind: 'alert.changed', event, change: parsed.data };
    return { kind: 'unknown', event };
  }
  return interpretWallEvent(event);
}

/** Field-report events (report.*, department.saved, routing-rule.*): see report-events.ts; `interpretEvent` leaves them 'unknown'. */
export { REPORT_EVENT_SCHEMAS, REPORT_EVENT_TYPES, interpretReportEvent, isReportEventType } from './report-events.js';
