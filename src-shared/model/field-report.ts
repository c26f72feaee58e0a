import { z } from 'zod';
import { distanceMetersLonLat } from '../geo/geometry.js';
import { fail, ok, type Result } from '../result.js';
import { findService, ServiceCodeSchema } from './report-catalog.js';
import { hasRoleAtLeast, type User } from './user.js';
import { VIETNAM_OFFSET_MS } from './vietnam-time.js';

/**
 * Field reports (phản ánh hiện trường): a citizen reports a problem with a place and
 * photos; the centre classifies it, forwards it to the responsible department and
 * follows it to resolution; the citizen follows the public steps.
 *
 *   received → classified → forwarded → in_progress → resolved
 *       └──────────┴────────────┴───────────┴──────→ rejected (with reason) | duplicate (of #N)
 *
 * Every step is an event with actor and time. Notes are public (published on the
 * report's timeline) or internal (never leave the centre). Everything is plain text.
 */
export const REPORT_STATUSES = ['received', 'classified', 'forwarded', 'in_progress', 'resolved', 'rejected', 'duplicate'] as const;
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

export const REPORT_ACTIONS = ['classify', 'forward', 'start', 'note', 'resolve', 'reject', 'merge'] as const;
export const ReportActionSchema = z.enum(REPORT_ACTIONS);
export type ReportAction = z.infer<typeof ReportActionSchema>;

export const NOTE_VISIBILITIES = ['public', 'internal'] as const;
export const NoteVisibilitySchema = z.enum(NOTE_VISIBILITIES);
export type NoteVisibility = z.infer<typeof NoteVisibilitySchema>;

export const SLA_THRESHOLDS = ['warn', 'overdue'] as const;
export const SlaThresholdSchema = z.enum(SLA_THRESHOLDS);
export type SlaThreshold = z.infer<typeof SlaThresholdSchema>;

export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_NOTE_LENGTH = 2000;
/** Open reports of the same service within this distance are suggested as duplicates. */
export const DUPLICATE_RADIUS_M = 50;
export const MAX_DUPLICATE_SUGGESTIONS = 10;
/** A report is placed in the administrative unit whose centre is nearest, up to this far. */
export const MAX_UNIT_DISTANCE_M = 25_000;
/** Who the automatic steps (routing) are recorded as. */
export const SYSTEM_ACTOR = 'system';
/** Named as agency_responsible while the centre itself holds the report. */
export const CENTRE_NAME = 'Trung tâm Giám sát, điều hành';

const SafeIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'id has illegal characters');
export const ReportIdSchema = SafeIdSchema;
export const DepartmentIdSchema = SafeIdSchema;
export const RoutingRuleIdSchema = SafeIdSchema;
export const UnitIdSchema = z.string().min(1).max(64);

export const ReportLocationSchema = z.object({
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  address: z.string().max(300),
  addressId: z.string().max(120),
  /** The administrative unit it was placed in (routing); null without a position or far from every unit. */
  unitId: UnitIdSchema.nullable(),
});
export type ReportLocation = z.infer<typeof ReportLocationSchema>;

/** Personal data: for the centre only, never published (the public view never copies it). */
export const ReporterSchema = z.object({
  email: z.string().max(254).nullable(),
  phone: z.string().max(40).nullable(),
  firstName: z.string().max(100).nullable(),
  lastName: z.string().max(100).nullable(),
  deviceId: z.string().max(200).nullable(),
  accountId: z.string().max(200).nullable(),
});
export type Reporter = z.infer<typeof ReporterSchema>;

export const ReportHistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.string().max(64),
  action: z.union([ReportActionSchema, z.literal('receive')]),
  toStatus: ReportStatusSchema,
  note: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  visibility: NoteVisibilitySchema,
});
export type ReportHistoryEntry = z.infer<typeof ReportHistoryEntrySchema>;

export const ReportChannelSchema = z.enum(['open311', 'demo', 'hotline', 'web']);
export const AttributeValuesSchema = z.record(z.string().max(64), z.union([z.string().max(500), z.array(z.string().max(500)).max(32)]));

export const FieldReportSchema = z.object({
  id: ReportIdSchema,
  /** Open311 token: answers `tokens/{token}` with the id. */
  token: z.string().min(1).max(64),
  serviceCode: ServiceCodeSchema,
  location: ReportLocationSchema,
  description: z.string().max(MAX_DESCRIPTION_LENGTH),
  attributes: AttributeValuesSchema,
  mediaUrls: z.array(z.string().max(2048)).max(16),
  /** Internal: see ReporterSchema. */
  reporter: ReporterSchema,
  channel: ReportChannelSchema,
  apiKeyId: z.string().max(64),
  status: ReportStatusSchema,
  departmentId: DepartmentIdSchema.nullable(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  /** Promised resolution time: receivedAt + the service's SLA. */
  dueAt: z.string().nullable(),
  duplicateOf: ReportIdSchema.nullable(),
  /** Open reports of the same service within DUPLICATE_RADIUS_M when it arrived, nearest first. */
  duplicateSuggestions: z.array(ReportIdSchema).max(MAX_DUPLICATE_SUGGESTIONS),
  /** SLA alerts already raised (each threshold once per report). */
  slaAlerts: z.array(z.object({ threshold: SlaThresholdSchema, alertId: z.string().max(64), at: z.string() })).max(4),
  history: z.array(ReportHistoryEntrySchema),
});
export type FieldReport = z.infer<typeof FieldReportSchema>;

// ── departments and routing rules (admin data) ─────────────────────────────────

export const DepartmentInputSchema = z.object({
  id: DepartmentIdSchema,
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().max(60).default(''),
  email: z.string().trim().max(254).default(''),
  phone: z.string().trim().max(40).default(''),
  active: z.boolean().default(true),
});
export type DepartmentInput = z.input<typeof DepartmentInputSchema>;
export const DepartmentSchema = DepartmentInputSchema.extend({ updatedAt: z.string(), updatedBy: z.string() });
export type Department = z.output<typeof DepartmentSchema>;

/** category × administrative unit → department; `unitId` null matches every unit (a fallback). */
export const RoutingRuleInputSchema = z.object({
  id: RoutingRuleIdSchema,
  serviceCode: ServiceCodeSchema,
  unitId: UnitIdSchema.nullable().default(null),
  departmentId: DepartmentIdSchema,
});
export type RoutingRuleInput = z.input<typeof RoutingRuleInputSchema>;
export const RoutingRuleSchema = RoutingRuleInputSchema.extend({ updatedAt: z.string(), updatedBy: z.string() });
export type RoutingRule = z.output<typeof RoutingRuleSchema>;

// ── commands ───────────────────────────────────────────────────────────────────

const NoteTextSchema = z.string().trim().min(1).max(MAX_NOTE_LENGTH);
export const ClassifyReportPayloadSchema = z.object({ reportId: ReportIdSchema, serviceCode: ServiceCodeSchema });
export const ForwardReportPayloadSchema = z.object({ reportId: ReportIdSchema, departmentId: DepartmentIdSchema });
export const StartReportPayloadSchema = z.object({ reportId: ReportIdSchema, note: NoteTextSchema.optional() });
export const NoteReportPayloadSchema = z.object({ reportId: ReportIdSchema, text: NoteTextSchema, visibility: NoteVisibilitySchema });
export const ResolveReportPayloadSchema = z.object({ reportId: ReportIdSchema, publicNote: NoteTextSchema });
export const RejectReportPayloadSchema = z.object({ reportId: ReportIdSchema, reason: NoteTextSchema });
export const MergeReportPayloadSchema = z.object({ reportId: ReportIdSchema, intoReportId: ReportIdSchema });
export const SaveDepartmentPayloadSchema = z.object({ department: DepartmentInputSchema });
export const SaveRoutingRulePayloadSchema = z.object({ rule: RoutingRuleInputSchema });
export const DeleteRoutingRulePayloadSchema = z.object({ ruleId: RoutingRuleIdSchema });

/** What an operator asks for; the command payloads map onto it one to one. */
export type ReportActionRequest =
  | { action: 'classify'; serviceCode: string }
  | { action: 'forward'; departmentId: string }
  | { action: 'start'; note?: string | undefined }
  | { action: 'note'; text: string; visibility: NoteVisibility }
  | { action: 'resolve'; publicNote: string }
  | { action: 'reject'; reason: string }
  | { action: 'merge'; intoReportId: string };

/** What the rules need to know beyond the report: the named department or target report. */
export interface ReportLookups {
  /** For `forward`: the department named (null when unknown). */
  department?: Pick<Department, 'id' | 'name' | 'active'> | null;
  /** For `merge`: the report merged into (null when unknown). */
  target?: Pick<FieldReport, 'id' | 'status' | 'duplicateOf'> | null;
  /** For `classify`: the centre's SLA (hours) of the named service when it overrides the catalogue's. */
  slaHours?: number | undefined;
}

/** Data of every `report.<action>` event: enough to replay the change on any replica. */
export const ReportChangeSchema = z.object({
  reportId: ReportIdSchema,
  action: ReportActionSchema,
  status: ReportStatusSchema,
  serviceCode: ServiceCodeSchema.optional(),
  departmentId: DepartmentIdSchema.nullable().optional(),
  dueAt: z.string().nullable().optional(),
  duplicateOf: ReportIdSchema.optional(),
  note: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  visibility: NoteVisibilitySchema,
});
export type ReportChange = z.infer<typeof ReportChangeSchema>;

/** Data of `report.sla-warned`: the alert raised for one threshold. */
export const ReportSlaWarnedSchema = z.object({
  reportId: ReportIdSchema,
  threshold: SlaThresholdSchema,
  alertId: z.string().min(1).max(64),
  departmentId: DepartmentIdSchema.nullable(),
});
export type ReportSlaWarned = z.infer<typeof ReportSlaWarnedSchema>;

const FROM_STATUSES: Record<ReportAction, readonly ReportStatus[]> = {
  classify: ['received', 'classified'],
  forward: ['classified', 'forwarded', 'in_progress'],
  start: ['forwarded'],
  note: REPORT_STATUSES,
  resolve: ['classified', 'forwarded', 'in_progress'],
  reject: ['received', 'classified', 'forwarded', 'in_progress'],
  merge: ['received', 'classified', 'forwarded', 'in_progress'],
};

const OPEN_STATUSES: readonly ReportStatus[] = ['received', 'classified', 'forwarded', 'in_progress'];

/** Whether the report's status allows the step at all (the desk greys out the others; roles and lookups are checked on acting). */
export function reportActionAllowedFrom(action: ReportAction, status: ReportStatus): boolean {
  return FROM_STATUSES[action].includes(status);
}

export function isOpenReport(report: Pick<FieldReport, 'status'>): boolean {
  return OPEN_STATUSES.includes(report.status);
}

/** Operators (and above) handle reports. */
export function canHandleReports(user: Pick<User, 'role'>): boolean {
  return hasRoleAtLeast(user.role, 'operator');
}

/** Only admins change departments and routing rules. */
export function canManageRouting(user: Pick<User, 'role'>): boolean {
  return hasRoleAtLeast(user.role, 'admin');
}

export function decideRoutingChange(user: Pick<User, 'role'>): Result<null> {
  return canManageRouting(user) ? ok(null) : fail('forbidden', 'Only an administrator may change departments and routing rules');
}

/**
 * receivedAt + the service's SLA, or null for an unknown service. `slaHours` is the
 * centre's own SLA for the service (server option `reportSlaHours`) when it has one.
 */
export function dueAtFor(serviceCode: string, receivedAt: string, slaHours?: number): string | null {
  const service = findService(serviceCode);
  const received = Date.parse(receivedAt);
  if (!service || Number.isNaN(received)) return null;
  const hours = slaHours !== undefined && Number.isFinite(slaHours) && slaHours > 0 ? slaHours : service.slaHours;
  return new Date(received + hours * 3_600_000).toISOString();
}

/** Public notes written for the standard steps (Vietnamese, plain text). */
export const PUBLIC_NOTES = {
  received: 'Trung tâm đã tiếp nhận phản ánh.',
  classified: (serviceName: string) => `Phản ánh được phân loại: ${serviceName}.`,
  forwarded: (departmentName: string) => `Phản ánh đã được chuyển đến ${departmentName} xử lý.`,
  started: 'Đơn vị đang xử lý phản ánh.',
  rejected: (reason: string) => `Phản ánh không được xử lý. Lý do: ${reason}`,
  merged: (intoId: string) => `Phản ánh trùng với phản ánh ${intoId}; mời theo dõi kết quả tại phản ánh ${intoId}.`,
} as const;

/**
 * The report rules, shared by the server (which enforces them) and the host (which
 * shows the optimistic effect of a queued action with the same rules). Operators
 * (and above) may take every step; transitions are checked against the status.
 */
export function decideReportAction(
  user: Pick<User, 'id' | 'role'>,
  report: FieldReport,
  request: ReportActionRequest,
  lookups: ReportLookups = {},
): Result<ReportChange> {
  if (!canHandleReports(user)) return fail('forbidden', 'Only centre staff may handle field reports');
  const { action } = request;
  if (!FROM_STATUSES[action].includes(report.status)) {
    return fail('invalid-transition', `Cannot ${action} a report that is ${report.status}`, { action, status: report.status });
  }
  const base = { reportId: report.id, action };
  switch (request.action) {
    case 'classify': {
      const service = findService(request.serviceCode);
      if (!service) return fail('bad-request', `Unknown service code "${request.serviceCode}"`, { serviceCode: request.serviceCode });
      return ok({
        ...base,
        status: 'classified',
        serviceCode: service.code,
        departmentId: null,
        // Confirming the category keeps the due time set on receipt (it may be the centre's own SLA).
        dueAt:
          service.code === report.serviceCode && report.dueAt !== null && lookups.slaHours === undefined
            ? report.dueAt
            : dueAtFor(service.code, report.receivedAt, lookups.slaHours),
        note: PUBLIC_NOTES.classified(service.name),
        visibility: 'public',
      });
    }
    case 'forward': {
      const department = lookups.department;
      if (!department || department.id !== request.departmentId) {
        return fail('bad-request', `No department ${request.departmentId}`, { departmentId: request.departmentId });
      }
      if (!department.active) return fail('bad-request', `Department ${department.id} is not active`, { departmentId: department.id });
      if (report.status !== 'classified' && report.departmentId === department.id) {
        return fail('invalid-transition', `The report is already with ${department.name}`, { departmentId: department.id });
      }
      return ok({ ...base, status: 'forwarded', departmentId: department.id, note: PUBLIC_NOTES.forwarded(department.name), visibility: 'public' });
    }
    case 'start':
      return ok({ ...base, status: 'in_progress', note: request.note ?? PUBLIC_NOTES.started, visibility: 'public' });
    case 'note':
      return ok({ ...base, status: report.status, note: request.text, visibility: request.visibility });
    case 'resolve':
      return ok({ ...base, status: 'resolved', note: request.publicNote, visibility: 'public' });
    case 'reject':
      return ok({ ...base, status: 'rejected', note: PUBLIC_NOTES.rejected(request.reason), visibility: 'public' });
    case 'merge': {
      const target = lookups.target;
      if (request.intoReportId === report.id) return fail('bad-request', 'A report cannot be merged into itself');
      if (!target || target.id !== request.intoReportId) {
        return fail('not-found', `Report ${request.intoReportId} does not exist`, { intoReportId: request.intoReportId });
      }
      if (target.status === 'duplicate') {
        return fail('invalid-transition', `Report ${target.id} is itself a duplicate of ${target.duplicateOf ?? '?'}; merge into the original`, {
          intoReportId: target.id,
          duplicateOf: target.duplicateOf,
        });
      }
      if (target.status === 'rejected') return fail('invalid-transition', `Report ${target.id} was rejected`, { intoReportId: target.id });
      return ok({ ...base, status: 'duplicate', duplicateOf: target.id, note: PUBLIC_NOTES.merged(target.id), visibility: 'public' });
    }
  }
}

/** The one reducer for `report.<action>` events; the server projection and every replica use it. */
export function applyReportEvent(report: FieldReport, change: ReportChange, actor: string, at: string): FieldReport {
  const entry: ReportHistoryEntry = {
    at,
    actor,
    action: change.action,
    toStatus: change.status,
    ...(change.note !== undefined ? { note: change.note } : {}),
    visibility: change.visibility,
  };
  return {
    ...report,
    status: change.status,
    ...(change.serviceCode !== undefined ? { serviceCode: change.serviceCode } : {}),
    ...(change.departmentId !== undefined ? { departmentId: change.departmentId } : {}),
    ...(change.dueAt !== undefined ? { dueAt: change.dueAt } : {}),
    ...(change.duplicateOf !== undefined ? { duplicateOf: change.duplicateOf } : {}),
    updatedAt: at,
    history: [...report.history, entry],
  };
}

/** `report.sla-warned`: remembers the threshold so its alert is raised once; not a step of the timeline. */
export function applySlaWarned(report: FieldReport, warned: ReportSlaWarned, at: string): FieldReport {
  if (report.slaAlerts.some((s) => s.threshold === warned.threshold)) return report;
  return { ...report, slaAlerts: [...report.slaAlerts, { threshold: warned.threshold, alertId: warned.alertId, at }] };
}

/** Open311 `status`: open while the centre or a department still works on it. */
export function toOpen311Status(status: ReportStatus): 'open' | 'closed' {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

export interface PublicTimelineStep {
  at: string;
  extendedStatus: ReportStatus;
  note: string;
}

/** The public steps of a report: internal notes never appear. */
export function publicTimeline(report: Pick<FieldReport, 'history'>): PublicTimelineStep[] {
  return report.history
    .filter((h) => h.visibility === 'public')
    .map((h) => ({ at: h.at, extendedStatus: h.toStatus, note: h.note ?? '' }));
}

/** The latest public note (Open311 `status_notes`). */
export function latestPublicNote(report: Pick<FieldReport, 'history'>): string {
  for (let i = report.history.length - 1; i >= 0; i--) {
    const h = report.history[i]!;
    if (h.visibility === 'public' && h.note) return h.note;
  }
  return '';
}

/** The first rule for (service, unit), else the service's fallback rule (unit null). */
export function routeReport<R extends Pick<RoutingRule, 'serviceCode' | 'unitId'>>(rules: readonly R[], serviceCode: string, unitId: string | null): R | null {
  const forService = rules.filter((r) => r.serviceCode === serviceCode);
  return (unitId !== null ? forService.find((r) => r.unitId === unitId) : undefined) ?? forService.find((r) => r.unitId === null) ?? null;
}

/** The unit whose centre is nearest (the demo has centres, not boundaries), within MAX_UNIT_DISTANCE_M. */
export function nearestUnit<U extends { id: string; lat: number; lon: number }>(units: readonly U[], lat: number, lon: number): U | null {
  let best: U | null = null;
  let bestDistance = MAX_UNIT_DISTANCE_M;
  for (const unit of units) {
    const d = distanceMetersLonLat(unit.lon, unit.lat, lon, lat);
    if (d <= bestDistance) {
      best = unit;
      bestDistance = d;
    }
  }
  return best;
}

/** Open reports of the same service within `radiusM` of (lat, lon), nearest first. */
export function duplicateCandidates(
  reports: readonly Pick<FieldReport, 'id' | 'serviceCode' | 'status' | 'location'>[],
  serviceCode: string,
  lat: number,
  lon: number,
  radiusM = DUPLICATE_RADIUS_M,
): string[] {
  const near: { id: string; d: number }[] = [];
  for (const r of reports) {
    if (r.serviceCode !== serviceCode || !isOpenReport(r) || r.location.lat === null || r.location.lon === null) continue;
    const d = distanceMetersLonLat(r.location.lon, r.location.lat, lon, lat);
    if (d <= radiusM) near.push({ id: r.id, d });
  }
  return near
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, MAX_DUPLICATE_SUGGESTIONS)
    .map((n) => n.id);
}

/** An instant as ISO 8601 in Vietnam time with its offset: 2026-11-28T15:04:05+07:00. */
export function toVietnamIso(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  return `${new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** The Vietnam calendar day of an instant as yyyymmdd (report ids). */
export function vietnamDay(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Citizen-friendly report id: PA-20261128-0007 (PA = phản ánh, the day in Vietnam time, the day's number). */
export function formatReportId(day: string, n: number): string {
  return `PA-${day}-${String(n).padStart(4, '0')}`;
}
