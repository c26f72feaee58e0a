import type { ReportActInput, ReportView, RoutingRuleView } from '../../../src-shared/desktop-api.js';
import {
  MAX_NOTE_LENGTH,
  reportActionAllowedFrom,
  routeReport,
  type NoteVisibility,
  type ReportAction,
} from '../../../src-shared/model/field-report.js';
import type { MessageKey } from '../../i18n/i18n.js';

/**
 * The desk's rules that are not React: shortcuts, which steps a selection allows,
 * and turning the action form into the host's inputs. Pure, so unit tests cover them.
 */

/** One key per step, the same on the detail and for a bulk selection. */
export const REPORT_SHORTCUTS: Readonly<Record<string, ReportAction>> = {
  c: 'classify',
  f: 'forward',
  s: 'start',
  n: 'note',
  r: 'resolve',
  d: 'reject',
  m: 'merge',
};

/** Steps that make sense for many reports at once (a merge names one target per report). */
export const BULK_ACTIONS = ['classify', 'forward', 'start', 'note', 'resolve', 'reject'] as const satisfies readonly ReportAction[];

/** Age filter choices in hours ('' = any age). */
export const AGE_FILTER_HOURS = [4, 24, 72] as const;

/** The form behind every step; each action reads the fields it needs. */
export interface ActionForm {
  serviceCode: string;
  departmentId: string;
  text: string;
  visibility: NoteVisibility;
  intoReportId: string;
}

export const EMPTY_FORM: ActionForm = { serviceCode: '', departmentId: '', text: '', visibility: 'internal', intoReportId: '' };

/** The action's step is possible for every one of the reports (by status; the host checks the rest). */
export function actionAllowedFor(action: ReportAction, reports: readonly Pick<ReportView, 'status'>[]): boolean {
  return reports.length > 0 && reports.every((r) => reportActionAllowedFrom(action, r.status));
}

/** The department a routing rule would pick for the report, for preselecting the forward form. */
export function suggestedDepartment(
  rules: readonly RoutingRuleView[],
  report: Pick<ReportView, 'serviceCode' | 'location'>,
): string | null {
  return routeReport(rules, report.serviceCode, report.location.unitId)?.departmentId ?? null;
}

/** The form's starting values for an action on these reports. */
export function initialForm(action: ReportAction, reports: readonly ReportView[], rules: readonly RoutingRuleView[]): ActionForm {
  const [first] = reports;
  if (!first) return EMPTY_FORM;
  const same = <T>(pick: (r: ReportView) => T): T | null => (reports.every((r) => pick(r) === pick(first)) ? pick(first) : null);
  switch (action) {
    case 'classify':
      return { ...EMPTY_FORM, serviceCode: same((r) => r.serviceCode) ?? '' };
    case 'forward': {
      const suggestions = new Set(reports.map((r) => suggestedDepartment(rules, r)));
      const [only] = [...suggestions];
      return { ...EMPTY_FORM, departmentId: suggestions.size === 1 && only ? only : '' };
    }
    case 'note':
      return { ...EMPTY_FORM, visibility: 'internal' };
    case 'merge':
      return { ...EMPTY_FORM, intoReportId: reports.length === 1 ? (first.duplicateSuggestions[0] ?? '') : '' };
    default:
      return EMPTY_FORM;
  }
}

export type FormCheck = { ok: true; inputs: ReportActInput[] } | { ok: false; messageKey: MessageKey };

/** The host's inputs for the action on each report, or what the operator must still fill in. */
export function buildActInputs(action: ReportAction, reportIds: readonly string[], form: ActionForm): FormCheck {
  const text = form.text.trim();
  if (text.length > MAX_NOTE_LENGTH) return { ok: false, messageKey: 'reports.form.tooLong' };
  const each = (make: (reportId: string) => ReportActInput): FormCheck => ({ ok: true, inputs: reportIds.map(make) });
  switch (action) {
    case 'classify':
      if (!form.serviceCode) return { ok: false, messageKey: 'reports.form.needService' };
      return each((reportId) => ({ action, reportId, serviceCode: form.serviceCode }));
    case 'forward':
      if (!form.departmentId) return { ok: false, messageKey: 'reports.form.needDepartment' };
      return each((reportId) => ({ action, reportId, departmentId: form.departmentId }));
    case 'start':
      return each((reportId) => ({ action, reportId, ...(text ? { note: text } : {}) }));
    case 'note':
      if (!text) return { ok: false, messageKey: 'reports.form.needText' };
      return each((reportId) => ({ action, reportId, text, visibility: form.visibility }));
    case 'resolve':
      if (!text) return { ok: false, messageKey: 'reports.form.needPublicNote' };
      return each((reportId) => ({ action, reportId, publicNote: text }));
    case 'reject':
      if (!text) return { ok: false, messageKey: 'reports.form.needReason' };
      return each((reportId) => ({ action, reportId, reason: text }));
    case 'merge': {
      const into = form.intoReportId.trim();
      if (!into) return { ok: false, messageKey: 'reports.form.needTarget' };
      if (reportIds.includes(into)) return { ok: false, messageKey: 'reports.form.mergeSelf' };
      return each((reportId) => ({ action, reportId, intoReportId: into }));
    }
  }
}

/** The next report id in the queue when moving by `delta` (wraps at neither end). */
export function moveInQueue(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return delta === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, at + delta))]!;
}

/** Hours since the report arrived, for the queue's age column and colouring. */
export function ageHours(report: Pick<ReportView, 'receivedAt'>, nowMs: number): number {
  const received = Date.parse(report.receivedAt);
  return Number.isNaN(received) ? 0 : Math.max(0, (nowMs - received) / 3_600_000);
}

/** Time left to the due time (negative when overdue); null without a due time. */
export function msToDue(report: Pick<ReportView, 'dueAt'>, nowMs: number): number | null {
  if (report.dueAt === null) return null;
  const due = Date.parse(report.dueAt);
  return Number.isNaN(due) ? null : due - nowMs;
}
