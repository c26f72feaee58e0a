import type { z } from 'zod';
import {
  applyReportEvent,
  decideReportAction,
  decideRoutingChange,
  type ClassifyReportPayloadSchema,
  type DeleteRoutingRulePayloadSchema,
  type Department,
  type ForwardReportPayloadSchema,
  type MergeReportPayloadSchema,
  type NoteReportPayloadSchema,
  type RejectReportPayloadSchema,
  type ReportActionRequest,
  type ResolveReportPayloadSchema,
  type RoutingRule,
  type SaveDepartmentPayloadSchema,
  type SaveRoutingRulePayloadSchema,
  type StartReportPayloadSchema,
} from '../../src-shared/model/field-report.js';
import { findService } from '../../src-shared/model/report-catalog.js';
import { reportEventType } from '../../src-shared/protocol/report-events.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { CommandContext } from './command-context.js';

export type ClassifyReportPayload = z.output<typeof ClassifyReportPayloadSchema>;
export type ForwardReportPayload = z.output<typeof ForwardReportPayloadSchema>;
export type StartReportPayload = z.output<typeof StartReportPayloadSchema>;
export type NoteReportPayload = z.output<typeof NoteReportPayloadSchema>;
export type ResolveReportPayload = z.output<typeof ResolveReportPayloadSchema>;
export type RejectReportPayload = z.output<typeof RejectReportPayloadSchema>;
export type MergeReportPayload = z.output<typeof MergeReportPayloadSchema>;
export type SaveDepartmentPayload = z.output<typeof SaveDepartmentPayloadSchema>;
export type SaveRoutingRulePayload = z.output<typeof SaveRoutingRulePayloadSchema>;
export type DeleteRoutingRulePayload = z.output<typeof DeleteRoutingRulePayloadSchema>;

function append(ctx: CommandContext, type: string, subject: string, data: unknown): SyncEvent {
  return ctx.tx.append({ id: ulid(), type, at: ctx.at, actor: ctx.actor.id, subject, commandId: ctx.commandId, data });
}

/**
 * One step of a report with the shared rules (`decideReportAction`), never a copy of
 * them. Also used by the report service for the automatic steps (actor 'system').
 */
export function actOnReport(ctx: CommandContext, reportId: string, request: ReportActionRequest): Result<SyncEvent> {
  const report = ctx.store.reports.get(reportId);
  if (!report) return fail('not-found', `Report ${reportId} does not exist`, { reportId });
  const lookups =
    request.action === 'forward'
      ? { department: ctx.store.departments.get(request.departmentId) }
      : request.action === 'merge'
        ? { target: ctx.store.reports.get(request.intoReportId) }
        : request.action === 'classify'
          ? { slaHours: ctx.slaHoursFor?.(request.serviceCode) }
          : {};
  const decided = decideReportAction(ctx.actor, report, request, lookups);
  if (!decided.ok) return decided;
  const change = decided.value;
  const event = append(ctx, reportEventType(change.action), report.id, change);
  ctx.store.reports.upsert(applyReportEvent(report, change, ctx.actor.id, ctx.at));
  return ok(event);
}

export const classifyReport = (ctx: CommandContext, p: ClassifyReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'classify', serviceCode: p.serviceCode });
export const forwardReport = (ctx: CommandContext, p: ForwardReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'forward', departmentId: p.departmentId });
export const startReport = (ctx: CommandContext, p: StartReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'start', note: p.note });
export const noteReport = (ctx: CommandContext, p: NoteReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'note', text: p.text, visibility: p.visibility });
export const resolveReport = (ctx: CommandContext, p: ResolveReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'resolve', publicNote: p.publicNote });
export const rejectReport = (ctx: CommandContext, p: RejectReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'reject', reason: p.reason });
export const mergeReport = (ctx: CommandContext, p: MergeReportPayload): Result<SyncEvent> =>
  actOnReport(ctx, p.reportId, { action: 'merge', intoReportId: p.intoReportId });

/** `department.save` (admin): add or replace; deactivating keeps its reports, routing skips it. */
export function saveDepartment(ctx: CommandContext, payload: SaveDepartmentPayload): Result<SyncEvent> {
  const allowed = decideRoutingChange(ctx.actor);
  if (!allowed.ok) return allowed;
  const department: Department = { ...payload.department, updatedAt: ctx.at, updatedBy: ctx.actor.id };
  const event = append(ctx, 'department.saved', department.id, department);
  ctx.store.departments.upsert(department);
  return ok(event);
}

/** `routing-rule.save` (admin): a known service, an existing department, at most one rule per (service, unit). */
export function saveRoutingRule(ctx: CommandContext, payload: SaveRoutingRulePayload): Result<SyncEvent> {
  const allowed = decideRoutingChange(ctx.actor);
  if (!allowed.ok) return allowed;
  const input = payload.rule;
  if (!findService(input.serviceCode)) return fail('bad-request', `Unknown service code "${input.serviceCode}"`, { serviceCode: input.serviceCode });
  if (!ctx.store.departments.get(input.departmentId)) {
    return fail('bad-request', `No department ${input.departmentId}`, { departmentId: input.departmentId });
  }
  if (input.unitId !== null && !ctx.store.region.listUnits().some((u) => u.id === input.unitId)) {
    return fail('bad-request', `No administrative unit ${input.unitId}`, { unitId: input.unitId });
  }
  const clash = ctx.store.routingRules.forService(input.serviceCode).find((r) => r.unitId === input.unitId && r.id !== input.id);
  if (clash) {
    return fail('conflict', `Rule ${clash.id} already routes ${input.serviceCode} in ${input.unitId ?? 'every unit'}`, { ruleId: clash.id });
  }
  const rule: RoutingRule = { ...input, updatedAt: ctx.at, updatedBy: ctx.actor.id };
  const event = append(ctx, 'routing-rule.saved', rule.id, rule);
  ctx.store.routingRules.upsert(rule);
  return ok(event);
}

/** `routing-rule.delete` (admin). */
export function deleteRoutingRule(ctx: CommandContext, payload: DeleteRoutingRulePayload): Result<SyncEvent> {
  const allowed = decideRoutingChange(ctx.actor);
  if (!allowed.ok) return allowed;
  if (!ctx.store.routingRules.get(payload.ruleId)) return fail('not-found', `Routing rule ${payload.ruleId} does not exist`, { ruleId: payload.ruleId });
  const event = append(ctx, 'routing-rule.deleted', payload.ruleId, { ruleId: payload.ruleId });
  ctx.store.routingRules.delete(payload.ruleId);
  return ok(event);
}
