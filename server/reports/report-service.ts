import {
  DUPLICATE_RADIUS_M,
  CENTRE_NAME,
  PUBLIC_NOTES,
  ReporterSchema,
  SYSTEM_ACTOR,
  MAX_DESCRIPTION_LENGTH,
  duplicateCandidates,
  dueAtFor,
  formatReportId,
  latestPublicNote,
  nearestUnit,
  publicTimeline,
  routeReport,
  toOpen311Status,
  toVietnamIso,
  vietnamDay,
  type Department,
  type FieldReport,
  type ReportStatus,
  type RoutingRule,
} from '../../src-shared/model/field-report.js';
import { findService, REPORT_SERVICES, validateAttributes } from '../../src-shared/model/report-catalog.js';
import { fail, failureFromUnknown, ok, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { CommandContext } from '../domain/command-context.js';
import { actOnReport } from '../domain/report-commands.js';
import type { Transaction, VigilStore } from '../store/vigil-store.js';
import type {
  Open311Service,
  Open311ServiceDefinition,
  PublicReport,
  ReportQuery,
  ReportSubmission,
  ReportsPort,
} from './reports-port.js';
import { effectiveSlaHours, slaHoursOverride, type ReportSlaHours } from './sla-checker.js';

/** ReportsPort plus what the centre's own tools (desk, tests, internal routes) need. */
export interface ReportService extends ReportsPort {
  /** The whole report, internal notes and reporter included: never hand this to the public side. */
  internal(id: string): FieldReport | null;
  /** Every report, newest first (internal view). */
  list(): FieldReport[];
  departments(): Department[];
  routingRules(): RoutingRule[];
}

export interface ReportServiceDeps {
  store: VigilStore;
  now?: () => Date;
  /** The centre's SLA per service code (hours), overriding the catalogue's; checked by the caller. */
  slaHours?: ReportSlaHours;
}

const OPEN_STATUSES: readonly ReportStatus[] = ['received', 'classified', 'forwarded', 'in_progress'];
const CLOSED_STATUSES: readonly ReportStatus[] = ['resolved', 'rejected', 'duplicate'];
const MAX_ADDRESS_LENGTH = 300;
const MAX_ADDRESS_ID_LENGTH = 120;

function isHttpUrl(s: string): boolean {
  return s.length <= 2048 && /^https?:\/\/[^\s]+$/i.test(s);
}

/** Open311 `services`: the catalogue, names in Vietnamese. */
export function open311Services(): Open311Service[] {
  return REPORT_SERVICES.map((s) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: s.attributes.length > 0,
    type: 'realtime',
    keywords: [...s.keywords],
    group: s.group,
  }));
}

/** Open311 `services/{code}`; null for an unknown code or a service without attributes. */
export function open311ServiceDefinition(serviceCode: string): Open311ServiceDefinition | null {
  const service = findService(serviceCode);
  if (!service || service.attributes.length === 0) return null;
  return {
    service_code: service.code,
    attributes: [...service.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription,
        order: a.order,
        description: a.description,
        ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
      })),
  };
}

/** The report as the public may see it: no internal notes, no reporter. `slaHours`: the centre's SLA overrides. */
export function toPublicReport(report: FieldReport, department: Pick<Department, 'name'> | null, slaHours?: ReportSlaHours): PublicReport {
  const service = findService(report.serviceCode);
  const hours = effectiveSlaHours(slaHours, report.serviceCode);
  return {
    service_request_id: report.id,
    status: toOpen311Status(report.status),
    extended_status: report.status,
    status_notes: latestPublicNote(report),
    service_name: service?.name ?? report.serviceCode,
    service_code: report.serviceCode,
    description: report.description,
    agency_responsible: department?.name ?? CENTRE_NAME,
    service_notice: service && hours !== null ? `Thời hạn xử lý: ${formatHours(hours)} giờ kể từ khi tiếp nhận.` : '',
    requested_datetime: toVietnamIso(report.receivedAt),
    updated_datetime: toVietnamIso(report.updatedAt),
    expected_datetime: report.dueAt ? toVietnamIso(report.dueAt) : null,
    address: report.location.address,
    address_id: report.location.addressId,
    zipcode: '',
    lat: report.location.lat,
    long: report.location.lon,
    media_url: report.mediaUrls[0] ?? '',
    duplicate_of: report.duplicateOf,
    timeline: publicTimeline(report).map((s) => ({ at: toVietnamIso(s.at), extendedStatus: s.extendedStatus, note: s.note })),
  };
}

/** 72, 1,5 or 0,0003: hours the Vietnamese way (decimal comma), without float noise. */
function formatHours(hours: number): string {
  return String(Number(hours.toPrecision(6))).replace('.', ',');
}

/** Checks a submission against the domain; returns the cleaned parts. */
function checkSubmission(s: ReportSubmission): Result<{ attributes: Record<string, string | string[]>; receivedAt: string }> {
  const service = findService(s.serviceCode);
  if (!service) return fail('bad-request', `Unknown service code "${s.serviceCode}"`, { field: 'service_code' });
  const attributes = validateAttributes(service, s.attributes ?? {});
  if (!attributes.ok) return attributes;
  if ((s.lat === null) !== (s.lon === null)) return fail('bad-request', 'lat and long go together', { field: 'lat' });
  if (s.lat !== null && (!Number.isFinite(s.lat) || s.lat < -90 || s.lat > 90)) return fail('bad-request', 'lat is out of range', { field: 'lat' });
  if (s.lon !== null && (!Number.isFinite(s.lon) || s.lon < -180 || s.lon > 180)) return fail('bad-request', 'long is out of range', { field: 'long' });
  const address = s.addressString?.trim() ?? '';
  if (s.lat === null && address === '' && !s.addressId) return fail('bad-request', 'A location (lat/long or address) is required', { field: 'lat' });
  if (address.length > MAX_ADDRESS_LENGTH) return fail('bad-request', `address_string is longer than ${MAX_ADDRESS_LENGTH}`, { field: 'address_string' });
  if ((s.addressId ?? '').length > MAX_ADDRESS_ID_LENGTH) return fail('bad-request', 'address_id is too long', { field: 'address_id' });
  if (s.description.length > MAX_DESCRIPTION_LENGTH) {
    return fail('bad-request', `description is longer than ${MAX_DESCRIPTION_LENGTH} characters`, { field: 'description' });
  }
  if (s.mediaUrl !== null && s.mediaUrl !== '' && !isHttpUrl(s.mediaUrl)) return fail('bad-request', 'media_url must be an http(s) URL', { field: 'media_url' });
  const reporter = ReporterSchema.safeParse(s.reporter);
  if (!reporter.success) return fail('bad-request', 'Reporter details are too long', { field: reporter.error.issues[0]?.path.join('.') ?? 'reporter' });
  let receivedAt = new Date().toISOString();
  if (s.receivedAt !== undefined) {
    const ms = Date.parse(s.receivedAt);
    if (Number.isNaN(ms)) return fail('bad-request', 'receivedAt is not a date', { field: 'receivedAt' });
    receivedAt = new Date(ms).toISOString();
  }
  return ok({ attributes: attributes.value, receivedAt });
}

/**
 * The field-report domain behind ReportsPort: every write is one transaction of the
 * store (event log + projection), so workstations replicate it like any other change.
 */
export function createReportService(deps: ReportServiceDeps): ReportService {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const slaHours = deps.slaHours;

  const publicOf = (report: FieldReport): PublicReport =>
    toPublicReport(report, report.departmentId ? store.departments.get(report.departmentId) : null, slaHours);

  /** Routing as 'system': classify + forward when a rule names an active department. */
  function autoRoute(tx: Transaction, report: FieldReport, at: string): void {
    const rule = routeReport(store.routingRules.forService(report.serviceCode), report.serviceCode, report.location.unitId);
    if (!rule) return;
    const department = store.departments.get(rule.departmentId);
    if (!department?.active) return;
    const ctx: CommandContext = { store, tx, actor: { id: SYSTEM_ACTOR, role: 'admin' }, commandId: null, at, workstationId: null, slaHoursFor: (code) => slaHoursOverride(slaHours, code) };
    const classified = actOnReport(ctx, report.id, { action: 'classify', serviceCode: report.serviceCode });
    if (!classified.ok) throw new Error(`auto-routing ${report.id}: ${classified.message}`);
    const forwarded = actOnReport(ctx, report.id, { action: 'forward', departmentId: department.id });
    if (!forwarded.ok) throw new Error(`auto-routing ${report.id}: ${forwarded.message}`);
  }

  function submit(submission: ReportSubmission): Result<{ id: string; token: string }> {
    const checked = checkSubmission(submission.receivedAt === undefined ? { ...submission, receivedAt: now().toISOString() } : submission);
    if (!checked.ok) return checked;
    const { attributes, receivedAt } = checked.value;
    try {
      return store.transact((tx) => {
        const receivedMs = Date.parse(receivedAt);
        const day = vietnamDay(receivedMs);
        const id = formatReportId(day, store.reports.maxNumberOfDay(day) + 1);
        const token = ulid(receivedMs);
        const { lat, lon } = submission;
        const unit = lat !== null && lon !== null ? nearestUnit(store.region.listUnits(), lat, lon) : null;
        const suggestions =
          lat !== null && lon !== null
            ? duplicateCandidates(store.reports.openNear(submission.serviceCode, lat, lon, DUPLICATE_RADIUS_M), submission.serviceCode, lat, lon)
            : [];
        const actor = `${submission.channel}:${submission.apiKeyId}`.slice(0, 64);
        const report: FieldReport = {
          id,
          token,
          serviceCode: submission.serviceCode,
          location: {
            lat,
            lon,
            address: submission.addressString?.trim() ?? '',
            addressId: submission.addressId ?? '',
            unitId: unit?.id ?? null,
          },
          description: submission.description,
          attributes,
          mediaUrls: submission.mediaUrl ? [submission.mediaUrl] : [],
          reporter: { ...submission.reporter },
          channel: submission.channel,
          apiKeyId: submission.apiKeyId.slice(0, 64),
          status: 'received',
          departmentId: null,
          receivedAt,
          updatedAt: receivedAt,
          dueAt: dueAtFor(submission.serviceCode, receivedAt, slaHoursOverride(slaHours, submission.serviceCode)),
          duplicateOf: null,
          duplicateSuggestions: suggestions,
          slaAlerts: [],
          history: [{ at: receivedAt, actor, action: 'receive', toStatus: 'received', note: PUBLIC_NOTES.received, visibility: 'public' }],
        };
        tx.append({ id: ulid(), type: 'report.received', at: receivedAt, actor, subject: id, commandId: null, data: report });
        store.reports.upsert(report);
        autoRoute(tx, report, receivedAt);
        return ok({ id, token });
      });
    } catch (error) {
      return failureFromUnknown(error);
    }
  }

  return {
    services: open311Services,
    serviceDefinition: open311ServiceDefinition,
    submit,
    get(id) {
      const report = store.reports.get(id);
      return report ? publicOf(report) : null;
    },
    byToken(token) {
      const id = store.reports.idForToken(token);
      return id === null ? null : { token, service_request_id: id };
    },
    query(query: ReportQuery) {
      const statuses = query.statuses
        ? [...new Set(query.statuses.flatMap((s) => (s === 'open' ? OPEN_STATUSES : CLOSED_STATUSES)))]
        : undefined;
      return store.reports
        .query({
          limit: query.limit,
          ...(query.ids ? { ids: query.ids } : {}),
          ...(query.serviceCodes ? { serviceCodes: query.serviceCodes } : {}),
          ...(statuses ? { statuses } : {}),
          ...(query.startMs !== undefined ? { startMs: query.startMs } : {}),
          ...(query.endMs !== undefined ? { endMs: query.endMs } : {}),
        })
        .map(publicOf);
    },
    internal: (id) => store.reports.get(id),
    list: () => store.reports.list(),
    departments: () => store.departments.list(),
    routingRules: () => store.routingRules.list(),
  };
}
