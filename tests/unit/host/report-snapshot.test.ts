import { afterEach, describe, expect, it } from 'vitest';
import type { Department, RoutingRule } from '../../../src-shared/model/field-report.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import { ReportCache } from '../../../src-main/host/cache/report-cache.js';
import { batch, openTestCache, raisedEvent, sampleAlert, sampleReport } from './fixtures.js';

/**
 * A `resync-required` snapshot replaces the field-report replicas (reports,
 * departments, routing rules) like the alert and wall ones: in the same
 * transaction, so what a report, department or rule the server no longer has goes.
 */

function department(id: string, name: string): Department {
  return { id, name, shortName: '', email: '', phone: '', active: true, updatedAt: '2026-11-28T00:00:00.000Z', updatedBy: 'admin1' };
}

function rule(id: string, serviceCode: string, departmentId: string): RoutingRule {
  return { id, serviceCode, unitId: null, departmentId, updatedAt: '2026-11-28T00:00:00.000Z', updatedBy: 'admin1' };
}

function event(seq: number, type: string, data: unknown): SyncEvent {
  return { seq, id: `e${seq}`, type, at: '2026-11-28T02:00:00.000Z', actor: 'system', subject: 'x', commandId: null, data };
}

const ids = <T extends { id: string }>(xs: readonly T[]): string[] => xs.map((x) => x.id).sort();

describe('report snapshot', () => {
  let cache: ReturnType<typeof openTestCache>;
  let reports: ReportCache;
  afterEach(() => cache.cleanup());

  /** A replica built from events: reports stale + kept, department d-old, rule r-old, one alert; cursor 6. */
  function seeded(): void {
    cache = openTestCache();
    // The applier's own ReportCache writes on the same connection; this one reads what it wrote.
    reports = new ReportCache(cache.db);
    const outcome = cache.applier.apply(
      batch([
        event(1, 'report.received', sampleReport('PA-20261128-0001')),
        event(2, 'report.received', sampleReport('PA-20261128-0002')),
        event(3, 'department.saved', department('d-old', 'Phòng cũ')),
        event(4, 'routing-rule.saved', rule('r-old', 'giao-thong', 'd-old')),
        event(5, 'routing-rule.saved', rule('r-kept', 'cay-xanh', 'd-old')),
        raisedEvent(6, sampleAlert('a1')),
      ]),
    );
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 6 });
    expect(ids(reports.all())).toEqual(['PA-20261128-0001', 'PA-20261128-0002']);
  }

  it('replaces reports, departments and routing rules: stale ones go, new ones come, changed ones update', () => {
    seeded();
    const kept = sampleReport('PA-20261128-0002', { status: 'classified', serviceCode: 'cay-xanh', updatedAt: '2026-11-28T05:00:00.000Z' });
    const fresh = sampleReport('PA-20261128-0003', { receivedAt: '2026-11-28T04:00:00.000Z' });
    const outcome = cache.applier.applySnapshot({
      seq: 40,
      reason: 'cursor-too-old',
      alerts: [sampleAlert('a1')],
      reports: [fresh, kept],
      departments: [department('d-new', 'Sở Xây dựng')],
      routingRules: [rule('r-kept', 'cay-xanh', 'd-new')],
    });
    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;

    // PA-…0001 (not in the snapshot) is gone; …0003 (only in the snapshot) appears; …0002 is the server's version.
    expect(reports.all().map((r) => r.id)).toEqual(['PA-20261128-0003', 'PA-20261128-0002']);
    expect(reports.get('PA-20261128-0001')).toBeNull();
    expect(reports.get('PA-20261128-0002')).toEqual(kept);
    expect(reports.get('PA-20261128-0003')).toEqual(fresh);
    expect(reports.departments.all()).toEqual([department('d-new', 'Sở Xây dựng')]);
    expect(reports.routingRules.all()).toEqual([rule('r-kept', 'cay-xanh', 'd-new')]);
    expect(cache.state.cursor()).toBe(40);

    // What the windows are told: every report held before or after, and that departments and rules changed.
    expect(outcome.reports.reportIds.sort()).toEqual(['PA-20261128-0001', 'PA-20261128-0002', 'PA-20261128-0003']);
    expect(outcome.reports).toMatchObject({ departments: true, routingRules: true });

    // Events after the snapshot apply on top of it.
    const next = cache.applier.apply(batch([event(41, 'routing-rule.deleted', { ruleId: 'r-kept' })]));
    expect(next).toMatchObject({ kind: 'applied', cursor: 41, reports: { routingRules: true } });
    expect(reports.routingRules.all()).toEqual([]);
  });

  it("reads an older server's snapshot without report fields as holding none", () => {
    seeded();
    const outcome = cache.applier.applySnapshot({ seq: 7, reason: 'cursor-ahead', alerts: [] });
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 7, reports: { departments: true, routingRules: true } });
    expect(reports.count()).toBe(0);
    expect(reports.departments.all()).toEqual([]);
    expect(reports.routingRules.all()).toEqual([]);
  });

  it('refuses a snapshot with a malformed report and keeps the replica as it was', () => {
    seeded();
    const broken = { ...sampleReport('PA-20261128-0009'), status: 'lost' };
    expect(cache.applier.applySnapshot({ seq: 50, reason: 'cursor-too-old', alerts: [], reports: [broken] })).toMatchObject({ kind: 'invalid' });
    expect(ids(reports.all())).toEqual(['PA-20261128-0001', 'PA-20261128-0002']);
    expect(cache.state.cursor()).toBe(6);
  });

  it('is one transaction with the rest of the snapshot: a failure while writing rules undoes alerts, reports and cursor', () => {
    seeded();
    // Make the last write of the report part (the routing rules) fail inside the transaction.
    cache.db.exec("CREATE TEMP TRIGGER no_rules BEFORE INSERT ON main.routing_rules BEGIN SELECT RAISE(ABORT, 'rules refused'); END");
    const outcome = cache.applier.applySnapshot({
      seq: 60,
      reason: 'cursor-too-old',
      alerts: [sampleAlert('b1')],
      reports: [sampleReport('PA-20261128-0003')],
      departments: [department('d-new', 'Sở Xây dựng')],
      routingRules: [rule('r-new', 'giao-thong', 'd-new')],
    });
    expect(outcome).toMatchObject({ kind: 'invalid', message: expect.stringContaining('rules refused') });
    expect(cache.state.cursor()).toBe(6);
    expect(cache.replica.all().map((a) => a.id)).toEqual(['a1']);
    expect(ids(reports.all())).toEqual(['PA-20261128-0001', 'PA-20261128-0002']);
    expect(ids(reports.departments.all())).toEqual(['d-old']);
    expect(ids(reports.routingRules.all())).toEqual(['r-kept', 'r-old']);
  });
});
