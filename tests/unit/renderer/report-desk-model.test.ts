import { describe, expect, it } from 'vitest';
import type { ReportView, RoutingRuleView } from '../../../src-shared/desktop-api.js';
import {
  actionAllowedFor,
  buildActInputs,
  EMPTY_FORM,
  initialForm,
  moveInQueue,
  msToDue,
  REPORT_SHORTCUTS,
  suggestedDepartment,
} from '../../../src-renderer/surfaces/reports/report-desk-model.js';
import { DEFAULT_REPORT_FILTERS, toReportQuery } from '../../../src-renderer/store/slices/reports-slice.js';
import { REPORT_ACTIONS } from '../../../src-shared/model/field-report.js';

function report(id: string, patch: Partial<ReportView> = {}): ReportView {
  return {
    id,
    token: `tok-${id}`,
    serviceCode: 'ngap-ung',
    location: { lat: 9.78, lon: 105.47, address: 'Đường 3/2, Vị Thanh', addressId: '', unitId: 'vi-thanh' },
    description: 'Nước ngập sâu',
    attributes: {},
    mediaUrls: [],
    reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
    channel: 'open311',
    apiKeyId: 'k1',
    status: 'received',
    departmentId: null,
    receivedAt: '2026-11-28T01:00:00.000Z',
    updatedAt: '2026-11-28T01:00:00.000Z',
    dueAt: '2026-11-28T05:00:00.000Z',
    duplicateOf: null,
    duplicateSuggestions: [],
    slaAlerts: [],
    history: [],
    pending: [],
    overdue: false,
    ...patch,
  };
}

const rule = (id: string, serviceCode: string, unitId: string | null, departmentId: string): RoutingRuleView => ({
  id,
  serviceCode,
  unitId,
  departmentId,
  updatedAt: '2026-11-28T00:00:00.000Z',
  updatedBy: 'u-admin',
  pending: false,
});

describe('report desk model', () => {
  it('has one shortcut per step, and every step has one', () => {
    expect(new Set(Object.values(REPORT_SHORTCUTS))).toEqual(new Set(REPORT_ACTIONS));
  });

  it('allows a bulk step only when every selected report is in a status that allows it', () => {
    const received = report('a');
    const forwarded = report('b', { status: 'forwarded', departmentId: 'd1' });
    expect(actionAllowedFor('start', [forwarded])).toBe(true);
    expect(actionAllowedFor('start', [forwarded, received])).toBe(false);
    expect(actionAllowedFor('reject', [forwarded, received])).toBe(true);
    expect(actionAllowedFor('resolve', [report('c', { status: 'resolved' })])).toBe(false);
    expect(actionAllowedFor('forward', [])).toBe(false);
  });

  it('preselects the department a rule routes to; the unit rule wins over the fallback', () => {
    const rules = [rule('r1', 'ngap-ung', null, 'd-fallback'), rule('r2', 'ngap-ung', 'vi-thanh', 'd-vithanh')];
    expect(suggestedDepartment(rules, report('a'))).toBe('d-vithanh');
    expect(suggestedDepartment(rules, report('b', { location: { ...report('b').location, unitId: 'nga-bay' } }))).toBe('d-fallback');
    expect(initialForm('forward', [report('a')], rules).departmentId).toBe('d-vithanh');
    // Two reports that rules send to different departments: the operator must choose.
    const other = report('b', { location: { ...report('b').location, unitId: 'nga-bay' } });
    expect(initialForm('forward', [report('a'), other], rules).departmentId).toBe('');
  });

  it('prefills the merge target with the nearest suggested duplicate', () => {
    expect(initialForm('merge', [report('a', { duplicateSuggestions: ['PA-1', 'PA-2'] })], []).intoReportId).toBe('PA-1');
  });

  it('turns the form into one host input per report, or says what is missing', () => {
    expect(buildActInputs('forward', ['a', 'b'], EMPTY_FORM)).toEqual({ ok: false, messageKey: 'reports.form.needDepartment' });
    expect(buildActInputs('forward', ['a', 'b'], { ...EMPTY_FORM, departmentId: 'd1' })).toEqual({
      ok: true,
      inputs: [
        { action: 'forward', reportId: 'a', departmentId: 'd1' },
        { action: 'forward', reportId: 'b', departmentId: 'd1' },
      ],
    });
    expect(buildActInputs('resolve', ['a'], { ...EMPTY_FORM, text: '   ' })).toEqual({ ok: false, messageKey: 'reports.form.needPublicNote' });
    expect(buildActInputs('resolve', ['a'], { ...EMPTY_FORM, text: ' Đã sửa ' })).toEqual({
      ok: true,
      inputs: [{ action: 'resolve', reportId: 'a', publicNote: 'Đã sửa' }],
    });
    expect(buildActInputs('start', ['a'], EMPTY_FORM)).toEqual({ ok: true, inputs: [{ action: 'start', reportId: 'a' }] });
    expect(buildActInputs('note', ['a'], { ...EMPTY_FORM, text: 'gọi lại', visibility: 'public' })).toEqual({
      ok: true,
      inputs: [{ action: 'note', reportId: 'a', text: 'gọi lại', visibility: 'public' }],
    });
    expect(buildActInputs('merge', ['a'], { ...EMPTY_FORM, intoReportId: 'a' })).toEqual({ ok: false, messageKey: 'reports.form.mergeSelf' });
    expect(buildActInputs('note', ['a'], { ...EMPTY_FORM, text: 'x'.repeat(2001) })).toEqual({ ok: false, messageKey: 'reports.form.tooLong' });
  });

  it('moves through the queue without wrapping', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveInQueue(ids, null, 1)).toBe('a');
    expect(moveInQueue(ids, null, -1)).toBe('c');
    expect(moveInQueue(ids, 'c', 1)).toBe('c');
    expect(moveInQueue(ids, 'a', -1)).toBe('a');
    expect(moveInQueue(ids, 'gone', 1)).toBe('a');
    expect(moveInQueue([], 'a', 1)).toBeNull();
  });

  it('counts time to the due time, negative once overdue', () => {
    const r = report('a');
    expect(msToDue(r, Date.parse('2026-11-28T04:00:00.000Z'))).toBe(3_600_000);
    expect(msToDue(r, Date.parse('2026-11-28T06:00:00.000Z'))).toBe(-3_600_000);
    expect(msToDue(report('b', { dueAt: null }), 0)).toBeNull();
  });

  it('asks the host for open reports by default and only for the filters set', () => {
    expect(toReportQuery(DEFAULT_REPORT_FILTERS)).toEqual({ limit: 5000, statuses: ['received', 'classified', 'forwarded', 'in_progress'] });
    expect(
      toReportQuery({ ...DEFAULT_REPORT_FILTERS, statuses: [], unitIds: ['vi-thanh'], overdueOnly: true, olderThanHours: 24, search: '  cây xanh ' }),
    ).toEqual({ limit: 5000, unitIds: ['vi-thanh'], overdueOnly: true, olderThanHours: 24, search: 'cây xanh' });
  });
});
