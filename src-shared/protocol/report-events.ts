import { z } from 'zod';
import {
  ClassifyReportPayloadSchema,
  DeleteRoutingRulePayloadSchema,
  DepartmentSchema,
  FieldReportSchema,
  ForwardReportPayloadSchema,
  MergeReportPayloadSchema,
  NoteReportPayloadSchema,
  RejectReportPayloadSchema,
  ReportChangeSchema,
  ReportSlaWarnedSchema,
  ResolveReportPayloadSchema,
  RoutingRuleIdSchema,
  RoutingRuleSchema,
  SaveDepartmentPayloadSchema,
  SaveRoutingRulePayloadSchema,
  StartReportPayloadSchema,
  type Department,
  type FieldReport,
  type ReportAction,
  type ReportChange,
  type ReportSlaWarned,
  type RoutingRule,
} from '../model/field-report.js';
import type { SyncEvent } from './sync-events.js';

/**
 * Field-report events and commands. Reports arrive from sources (Open311, demo),
 * never as a command: `report.received` carries the whole report. Every later step
 * is a command whose event carries a ReportChange, replayed with `applyReportEvent`.
 */
const PAST: Record<ReportAction, string> = {
  classify: 'classified',
  forward: 'forwarded',
  start: 'started',
  note: 'noted',
  resolve: 'resolved',
  reject: 'rejected',
  merge: 'merged',
};

export function reportEventType(action: ReportAction): `report.${string}` {
  return `report.${PAST[action]}`;
}

/** Data schemas of the report events, by type: one table, so the server and the hosts agree. */
export const REPORT_EVENT_SCHEMAS = {
  'report.received': FieldReportSchema,
  'report.classified': ReportChangeSchema,
  'report.forwarded': ReportChangeSchema,
  'report.started': ReportChangeSchema,
  'report.noted': ReportChangeSchema,
  'report.resolved': ReportChangeSchema,
  'report.rejected': ReportChangeSchema,
  'report.merged': ReportChangeSchema,
  'report.sla-warned': ReportSlaWarnedSchema,
  'department.saved': DepartmentSchema,
  'routing-rule.saved': RoutingRuleSchema,
  'routing-rule.deleted': z.object({ ruleId: RoutingRuleIdSchema }),
} as const;
export type ReportEventType = keyof typeof REPORT_EVENT_SCHEMAS;
export const REPORT_EVENT_TYPES = Object.keys(REPORT_EVENT_SCHEMAS) as ReportEventType[];

export function isReportEventType(type: string): type is ReportEventType {
  return Object.prototype.hasOwnProperty.call(REPORT_EVENT_SCHEMAS, type);
}

/** Commands of the field-report domain, merged into COMMAND_SCHEMAS. */
export const REPORT_COMMAND_SCHEMAS = {
  /** Operator: (re)classify a received report. Event `report.classified`. */
  'report.classify': ClassifyReportPayloadSchema,
  /** Operator: hand to a department (or to another one). Event `report.forwarded`. */
  'report.forward': ForwardReportPayloadSchema,
  /** Operator: the department has started. Event `report.started`. */
  'report.start': StartReportPayloadSchema,
  /** Operator: a public or internal note. Event `report.noted`. */
  'report.note': NoteReportPayloadSchema,
  /** Operator: resolved, with the public note the citizen reads. Event `report.resolved`. */
  'report.resolve': ResolveReportPayloadSchema,
  /** Operator: rejected with a (public) reason. Event `report.rejected`. */
  'report.reject': RejectReportPayloadSchema,
  /** Operator: this report duplicates `intoReportId`. Event `report.merged`. */
  'report.merge': MergeReportPayloadSchema,
  /** Admin: add or edit a department. Event `department.saved`. */
  'department.save': SaveDepartmentPayloadSchema,
  /** Admin: add or edit a routing rule. Event `routing-rule.saved`. */
  'routing-rule.save': SaveRoutingRulePayloadSchema,
  /** Admin. Event `routing-rule.deleted`. */
  'routing-rule.delete': DeleteRoutingRulePayloadSchema,
} as const;

export type ReportDomainEvent =
  | { kind: 'report.received'; event: SyncEvent; report: FieldReport }
  | { kind: 'report.changed'; event: SyncEvent; change: ReportChange }
  | { kind: 'report.sla-warned'; event: SyncEvent; warned: ReportSlaWarned }
  | { kind: 'department.saved'; event: SyncEvent; department: Department }
  | { kind: 'routing-rule.saved'; event: SyncEvent; rule: RoutingRule }
  | { kind: 'routing-rule.deleted'; event: SyncEvent; ruleId: string };

/** A report-domain event with its data checked; null for other types or bad data (a replica skips it). */
export function interpretReportEvent(event: SyncEvent): ReportDomainEvent | null {
  switch (event.type) {
    case 'report.received': {
      const p = FieldReportSchema.safeParse(event.data);
      return p.success ? { kind: 'report.received', event, report: p.data } : null;
    }
    case 'report.classified':
    case 'report.forwarded':
    case 'report.started':
    case 'report.noted':
    case 'report.resolved':
    case 'report.rejected':
    case 'report.merged': {
      const p = ReportChangeSchema.safeParse(event.data);
      return p.success && reportEventType(p.data.action) === event.type ? { kind: 'report.changed', event, change: p.data } : null;
    }
    case 'report.sla-warned': {
      const p = ReportSlaWarnedSchema.safeParse(event.data);
      return p.success ? { kind: 'report.sla-warned', event, warned: p.data } : null;
    }
    case 'department.saved': {
      const p = DepartmentSchema.safeParse(event.data);
      return p.success ? { kind: 'department.saved', event, department: p.data } : null;
    }
    case 'routing-rule.saved': {
      const p = RoutingRuleSchema.safeParse(event.data);
      return p.success ? { kind: 'routing-rule.saved', event, rule: p.data } : null;
    }
    case 'routing-rule.deleted': {
      const p = REPORT_EVENT_SCHEMAS['routing-rule.deleted'].safeParse(event.data);
      return p.success ? { kind: 'routing-rule.deleted', event, ruleId: p.data.ruleId } : null;
    }
    default:
      return null;
  }
}
