import {
  MAX_BULK_REPORT_ACTIONS,
  MAX_REPORT_PHOTO_URL_LENGTH,
  ReportActInputSchema,
  ReportQuerySchema,
  type DepartmentView,
  type PendingReportAction,
  type ReportActInput,
  type ReportQueryInput,
  type ReportsApi,
  type ReportView,
  type RoutingRuleView,
  type ServiceInfo,
} from '../../../src-shared/desktop-api.js';
import {
  applyReportEvent,
  decideReportAction,
  decideRoutingChange,
  DepartmentInputSchema,
  isOpenReport,
  REPORT_ACTIONS,
  RoutingRuleInputSchema,
  type Department,
  type FieldReport,
  type ReportAction,
  type ReportActionRequest,
  type RoutingRule,
} from '../../../src-shared/model/field-report.js';
import { findService, REPORT_SERVICES } from '../../../src-shared/model/report-catalog.js';
import type { Role, User } from '../../../src-shared/model/user.js';
import { REPORT_COMMAND_SCHEMAS } from '../../../src-shared/protocol/report-events.js';
import type { CommandType } from '../../../src-shared/protocol/sync-protocol.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import { compareByName, matchesSearch } from '../../../src-shared/text/normalize.js';
import type { z } from 'zod';
import type { OutboxEntry } from '../cache/outbox-repository.js';
import type { HostContext } from '../host-context.js';
import { firstIssue, guard } from './handler-guards.js';
import { queueCommand, queueCommands } from './queue-command.js';

type ParsedActInput = z.output<typeof ReportActInputSchema>;
type Actor = Pick<User, 'id' | 'role'>;

const REPORT_COMMAND_TYPES: Record<ReportAction, CommandType> = {
  classify: 'report.classify',
  forward: 'report.forward',
  start: 'report.start',
  note: 'report.note',
  resolve: 'report.resolve',
  reject: 'report.reject',
  merge: 'report.merge',
};

function reportActionOfCommand(type: string): ReportAction | null {
  if (!type.startsWith('report.')) return null;
  const action = type.slice('report.'.length);
  return (REPORT_ACTIONS as readonly string[]).includes(action) ? (action as ReportAction) : null;
}

function isReportAction(action: string): action is ReportAction {
  return (REPORT_ACTIONS as readonly string[]).includes(action);
}

/** Open and past its due time at `nowMs`. */
export function isOverdue(report: Pick<FieldReport, 'status' | 'dueAt'>, nowMs: number): boolean {
  if (report.dueAt === null || !isOpenReport(report)) return false;
  const due = Date.parse(report.dueAt);
  return !Number.isNaN(due) && due < nowMs;
}

/** The request a report command's payload stands for (the payload minus reportId, plus action). */
function toRequest(action: ReportAction, payload: Record<string, unknown>): ReportActionRequest {
  const { reportId: _reportId, ...rest } = payload;
  return { ...rest, action } as ReportActionRequest;
}

/** Departments: the replica plus admins' saves still in the outbox. */
export function overlayDepartments(departments: readonly Department[], pending: readonly OutboxEntry[]): Map<string, DepartmentView> {
  const view = new Map<string, DepartmentView>(departments.map((d) => [d.id, { ...d, pending: false }] as const));
  for (const entry of pending) {
    if (entry.type !== 'department.save') continue;
    const parsed = DepartmentInputSchema.safeParse((entry.payload as { department?: unknown } | null)?.department);
    if (parsed.success) view.set(parsed.data.id, { ...parsed.data, updatedAt: entry.queuedAt, updatedBy: entry.userId, pending: true });
  }
  return view;
}

/** Routing rules: the replica plus admins' saves and deletes still in the outbox. */
export function overlayRoutingRules(rules: readonly RoutingRule[], pending: readonly OutboxEntry[]): Map<string, RoutingRuleView> {
  const view = new Map<string, RoutingRuleView>(rules.map((r) => [r.id, { ...r, pending: false }] as const));
  for (const entry of pending) {
    if (entry.type === 'routing-rule.save') {
      const parsed = RoutingRuleInputSchema.safeParse((entry.payload as { rule?: unknown } | null)?.rule);
      if (parsed.success) view.set(parsed.data.id, { ...parsed.data, updatedAt: entry.queuedAt, updatedBy: entry.userId, pending: true });
    } else if (entry.type === 'routing-rule.delete') {
      view.delete(String((entry.payload as { ruleId?: unknown } | null)?.ruleId));
    }
  }
  return view;
}

/**
 * What the desk sees: the replica with every report step still in the outbox
 * applied on top (oldest first), judged by the same rules and reducer the server
 * uses. A step that no longer fits (someone else moved the report meanwhile) shows
 * as pending without an effect; the server will judge it.
 */
export function overlayPendingReports(
  reports: readonly FieldReport[],
  pending: readonly OutboxEntry[],
  departments: ReadonlyMap<string, Pick<Department, 'id' | 'name' | 'active'>>,
  roleOf: (userId: string) => Role,
  nowMs: number,
): Map<string, ReportView> {
  const view = new Map<string, ReportView>(reports.map((r) => [r.id, { ...r, pending: [], overdue: false }] as const));
  for (const entry of pending) {
    const action = reportActionOfCommand(entry.type);
    if (!action) continue;
    const schema = REPORT_COMMAND_SCHEMAS[REPORT_COMMAND_TYPES[action] as keyof typeof REPORT_COMMAND_SCHEMAS];
    const parsed = schema.safeParse(entry.payload);
    const reportId = (entry.payload as { reportId?: unknown } | null)?.reportId;
    if (typeof reportId !== 'string') continue;
    const current = view.get(reportId);
    if (!current) continue;
    const mark: PendingReportAction = { commandId: entry.commandId, action, queuedAt: entry.queuedAt };
    let next: ReportView = current;
    if (parsed.success) {
      const payload = parsed.data as Record<string, unknown>;
      const request = toRequest(action, payload);
      const intoId = typeof payload.intoReportId === 'string' ? payload.intoReportId : null;
      const departmentId = typeof payload.departmentId === 'string' ? payload.departmentId : null;
      const decision = decideReportAction({ id: entry.userId, role: roleOf(entry.userId) }, current, request, {
        department: departmentId !== null ? (departments.get(departmentId) ?? null) : undefined,
        target: intoId !== null ? (view.get(intoId) ?? null) : undefined,
      });
      if (decision.ok) next = { ...applyReportEvent(current, decision.value, entry.userId, entry.queuedAt), pending: current.pending, overdue: false };
    }
    next.pending = [...next.pending, mark];
    view.set(reportId, next);
  }
  for (const r of view.values()) r.overdue = isOverdue(r, nowMs);
  return view;
}

function searchText(report: FieldReport, departments: ReadonlyMap<string, Department>): string {
  const service = findService(report.serviceCode);
  const department = report.departmentId ? departments.get(report.departmentId) : undefined;
  return [
    report.id,
    report.description,
    report.location.address,
    report.serviceCode,
    service?.name ?? '',
    service?.group ?? '',
    department?.name ?? '',
    department?.shortName ?? '',
  ].join(' ');
}

function newestFirst(a: FieldReport, b: FieldReport): number {
  const d = Date.parse(b.receivedAt) - Date.parse(a.receivedAt);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The local state a batch of actions is checked against; each accepted action changes it for the next. */
interface WorkingView {
  reports: Map<string, ReportView>;
  departments: Map<string, DepartmentView>;
  rules: Map<string, RoutingRuleView>;
}

interface PlannedCommand {
  type: CommandType;
  payload: Record<string, unknown>;
  reportId: string | null;
}

/**
 * Field reports as the desk sees them (replica + queued steps), the shared rules
 * applied before anything is queued; every change goes through the outbox, so the
 * desk works through an outage.
 */
export function createReportsApi(ctx: HostContext, now: () => number = Date.now): ReportsApi {
  function workingView(): WorkingView {
    const pending = ctx.outbox.pending();
    const departments = overlayDepartments(ctx.reports.departments.all(), pending);
    return {
      reports: overlayPendingReports(ctx.reports.all(), pending, departments, ctx.roleOf, now()),
      departments,
      rules: overlayRoutingRules(ctx.reports.routingRules.all(), pending),
    };
  }

  function userOrFail(): Result<Actor> {
    const session = ctx.session;
    return session ? ok(session.info.user) : fail('unauthorized', 'Log in first');
  }

  /** Checks one action against `work` and, when accepted, applies its effect there (for the next action of a bulk). */
  function plan(input: ParsedActInput, user: Actor, work: WorkingView): Result<PlannedCommand> {
    const { action, ...payload } = input;
    if (isReportAction(action)) {
      const reportId = (payload as { reportId: string }).reportId;
      const report = work.reports.get(reportId);
      if (!report) return fail('not-found', `No report ${reportId}`, { reportId });
      const p = payload as Record<string, unknown>;
      const decision = decideReportAction(user, report, toRequest(action, p), {
        department: typeof p.departmentId === 'string' ? (work.departments.get(p.departmentId) ?? null) : undefined,
        target: typeof p.intoReportId === 'string' ? (work.reports.get(p.intoReportId) ?? null) : undefined,
      });
      if (!decision.ok) return decision;
      const next = applyReportEvent(report, decision.value, user.id, new Date(now()).toISOString());
      work.reports.set(reportId, { ...next, pending: report.pending, overdue: isOverdue(next, now()) });
      return ok({ type: REPORT_COMMAND_TYPES[action], payload: p, reportId });
    }
    const allowed = decideRoutingChange(user);
    if (!allowed.ok) return allowed;
    const at = new Date(now()).toISOString();
    switch (input.action) {
      case 'department.save': {
        const department = input.department;
        work.departments.set(department.id, { ...department, updatedAt: at, updatedBy: user.id, pending: true });
        return ok({ type: 'department.save', payload: { department }, reportId: null });
      }
      case 'routing-rule.save': {
        const rule = input.rule;
        if (!findService(rule.serviceCode)) return fail('bad-request', `Unknown service code "${rule.serviceCode}"`, { serviceCode: rule.serviceCode });
        if (!work.departments.has(rule.departmentId)) return fail('bad-request', `No department ${rule.departmentId}`, { departmentId: rule.departmentId });
        const clash = [...work.rules.values()].find((r) => r.id !== rule.id && r.serviceCode === rule.serviceCode && r.unitId === rule.unitId);
        if (clash) return fail('conflict', `Rule ${clash.id} already routes ${rule.serviceCode} in ${rule.unitId ?? 'every unit'}`, { ruleId: clash.id });
        work.rules.set(rule.id, { ...rule, updatedAt: at, updatedBy: user.id, pending: true });
        return ok({ type: 'routing-rule.save', payload: { rule }, reportId: null });
      }
      case 'routing-rule.delete': {
        if (!work.rules.has(input.ruleId)) return fail('not-found', `No routing rule ${input.ruleId}`, { ruleId: input.ruleId });
        work.rules.delete(input.ruleId);
        return ok({ type: 'routing-rule.delete', payload: { ruleId: input.ruleId }, reportId: null });
      }
      default:
        return fail('bad-request', `Unknown action ${String(action)}`);
    }
  }

  function pushFor(planned: readonly PlannedCommand[]): void {
    const ids = [...new Set(planned.flatMap((p) => (p.reportId !== null ? [p.reportId] : [])))];
    ctx.pushReportsChanged(ids);
  }

  return {
    list: (query: ReportQueryInput) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const parsed = ReportQuerySchema.safeParse(query ?? {});
        if (!parsed.success) return fail('bad-request', firstIssue(parsed.error, 'query'));
        const q = parsed.data;
        const work = workingView();
        const statuses = q.statuses?.length ? new Set<string>(q.statuses) : null;
        const services = q.serviceCodes?.length ? new Set(q.serviceCodes) : null;
        const units = q.unitIds?.length ? new Set(q.unitIds) : null;
        const departments = q.departmentIds?.length ? new Set(q.departmentIds) : null;
        const receivedBefore = q.olderThanHours !== undefined ? now() - q.olderThanHours * 3_600_000 : null;
        const search = q.search?.trim() ?? '';
        const result = [...work.reports.values()].filter(
          (r) =>
            (!statuses || statuses.has(r.status)) &&
            (!services || services.has(r.serviceCode)) &&
            (!units || (r.location.unitId !== null && units.has(r.location.unitId))) &&
            (!departments || (r.departmentId !== null && departments.has(r.departmentId))) &&
            (!q.overdueOnly || r.overdue) &&
            (receivedBefore === null || Date.parse(r.receivedAt) <= receivedBefore) &&
            (search === '' || matchesSearch(searchText(r, work.departments), search)),
        );
        result.sort(newestFirst);
        return ok(q.limit ? result.slice(0, q.limit) : result);
      }),

    get: (reportId: string) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const view = workingView().reports.get(reportId);
        return view ? ok(view) : fail('not-found', `No report ${reportId}`);
      }),

    act: (input: ReportActInput) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const parsed = ReportActInputSchema.safeParse(input);
        if (!parsed.success) return fail('bad-request', firstIssue(parsed.error, 'action'));
        const planned = plan(parsed.data, user.value, workingView());
        if (!planned.ok) return planned;
        const queued = queueCommand(ctx, planned.value.type, planned.value.payload, user.value.id);
        if (queued.ok) pushFor([planned.value]);
        return queued;
      }),

    actMany: (inputs: ReportActInput[]) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        if (!Array.isArray(inputs)) return fail('bad-request', 'Expected a list of actions');
        if (inputs.length > MAX_BULK_REPORT_ACTIONS) {
          return fail('bad-request', `At most ${MAX_BULK_REPORT_ACTIONS} actions at once, not ${inputs.length}`);
        }
        const work = workingView();
        const planned: PlannedCommand[] = [];
        for (const [i, input] of inputs.entries()) {
          const parsed = ReportActInputSchema.safeParse(input);
          if (!parsed.success) return fail('bad-request', `Action ${i + 1}: ${firstIssue(parsed.error, 'action')}`, { index: i });
          const p = plan(parsed.data, user.value, work);
          if (!p.ok) return fail(p.code, `Action ${i + 1}: ${p.message}`, { index: i, details: p.details });
          planned.push(p.value);
        }
        const queued = queueCommands(ctx, planned, user.value.id);
        if (queued.ok && planned.length > 0) pushFor(planned);
        return queued;
      }),

    departments: () =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const departments = overlayDepartments(ctx.reports.departments.all(), ctx.outbox.pending());
        return ok([...departments.values()].sort(compareByName));
      }),

    routingRules: () =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const rules = [...overlayRoutingRules(ctx.reports.routingRules.all(), ctx.outbox.pending()).values()];
        // Per service, the unit-specific rules first and the fallback (every unit) last, as routing reads them.
        rules.sort((a, b) => a.serviceCode.localeCompare(b.serviceCode) || (a.unitId === null ? 1 : 0) - (b.unitId === null ? 1 : 0) || (a.unitId ?? '').localeCompare(b.unitId ?? ''));
        return ok(rules);
      }),

    services: () =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        return ok(REPORT_SERVICES.map((s): ServiceInfo => ({ code: s.code, name: s.name, group: s.group, slaHours: s.slaHours })));
      }),

    photo: async (url: string) => {
      try {
        const user = userOrFail();
        if (!user.ok) return user;
        // The bridges validate against the manifest; host-side callers (tests, tools) do not pass through them.
        if (typeof url !== 'string' || url.length === 0 || url.length > MAX_REPORT_PHOTO_URL_LENGTH) return fail('bad-request', 'photo: expected a URL of at most 2048 characters');
        return await ctx.reportMedia.photo(url);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },
  };
}
