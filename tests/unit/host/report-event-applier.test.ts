import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportEventType } from '../../../src-shared/protocol/report-events.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import type { ReportChange } from '../../../src-shared/model/field-report.js';
import { openCacheDatabase, type CacheDb } from '../../../src-main/host/cache/cache-database.js';
import type { OutboxEntry } from '../../../src-main/host/cache/outbox-repository.js';
import { ReportCache } from '../../../src-main/host/cache/report-cache.js';
import { applyReportSyncEvent, ReportChanges } from '../../../src-main/host/sync/report-event-applier.js';
import { overlayDepartments, overlayPendingReports } from '../../../src-main/host/api/reports-api.js';
import { tempDir, sampleReport } from './fixtures.js';


let seq = 0;
function event(type: string, data: unknown, actor = 'op1', at = '2026-11-28T02:00:00.000Z'): SyncEvent {
  seq++;
  return { seq, id: `e${seq}`, type, at, actor, subject: 'x', commandId: null, data };
}

function change(reportId: string, c: Omit<ReportChange, 'reportId'>): SyncEvent {
  return event(reportEventType(c.action), { reportId, ...c });
}

function outboxEntry(type: string, payload: unknown, i: number, userId = 'u-op1'): OutboxEntry {
  return { localSeq: i, commandId: `c${i}`, type, payload, userId, queuedAt: `2026-11-28T03:00:0${i}.000Z`, attempts: 0, lastError: null, ackedSeq: null };
}

describe('report event applier', () => {
  let db: CacheDb;
  let cache: ReportCache;
  let cleanup: () => void;

  beforeEach(() => {
    const t = tempDir();
    db = openCacheDatabase(t.dir);
    cache = new ReportCache(db);
    cleanup = () => {
      db.close();
      t.cleanup();
    };
  });
  afterEach(() => cleanup());

  it('report.received stores the whole report; steps replay with applyReportEvent', () => {
    const changes = new ReportChanges();
    expect(applyReportSyncEvent(event('report.received', sampleReport('PA-20261128-0001'), 'system'), cache, changes)).toBe(true);
    expect(cache.get('PA-20261128-0001')?.status).toBe('received');
    applyReportSyncEvent(
      change('PA-20261128-0001', { action: 'classify', status: 'classified', serviceCode: 'cay-xanh', departmentId: null, dueAt: '2026-12-02T01:00:00.000Z', note: 'x', visibility: 'public' }),
      cache,
      changes,
    );
    applyReportSyncEvent(change('PA-20261128-0001', { action: 'note', status: 'classified', note: 'nội bộ', visibility: 'internal' }), cache, changes);
    const r = cache.get('PA-20261128-0001')!;
    expect(r).toMatchObject({ status: 'classified', serviceCode: 'cay-xanh', dueAt: '2026-12-02T01:00:00.000Z', updatedAt: '2026-11-28T02:00:00.000Z' });
    expect(r.history.map((h) => [h.action, h.visibility, h.actor])).toEqual([
      ['receive', 'public', 'system'],
      ['classify', 'public', 'op1'],
      ['note', 'internal', 'op1'],
    ]);
    expect(changes.toJSON()).toEqual({ reportIds: ['PA-20261128-0001'], departments: false, routingRules: false });
    // The indexed columns follow the data.
    expect(db.prepare('SELECT status, service_code, unit_id, due_at FROM reports').get()).toEqual({
      status: 'classified',
      service_code: 'cay-xanh',
      unit_id: 'vi-thanh',
      due_at: '2026-12-02T01:00:00.000Z',
    });
  });

  it('a step for an unknown report, bad data, a mismatched type and foreign events are skipped', () => {
    const changes = new ReportChanges();
    expect(applyReportSyncEvent(change('PA-x', { action: 'start', status: 'in_progress', visibility: 'public' }), cache, changes)).toBe(true);
    expect(applyReportSyncEvent(event('report.received', { id: 'bad' }), cache, changes)).toBe(false);
    expect(applyReportSyncEvent(event('report.started', { reportId: 'PA-x', action: 'resolve', status: 'resolved', visibility: 'public' }), cache, changes)).toBe(false);
    expect(applyReportSyncEvent(event('camera.saved', {}), cache, changes)).toBe(false);
    expect(cache.count()).toBe(0);
    expect(changes.empty).toBe(true);
  });

  it('sla-warned records each threshold once; departments and routing rules are kept and deleted', () => {
    const changes = new ReportChanges();
    applyReportSyncEvent(event('report.received', sampleReport('PA-1')), cache, changes);
    const warned = { reportId: 'PA-1', threshold: 'warn', alertId: 'A1', departmentId: null };
    applyReportSyncEvent(event('report.sla-warned', warned), cache, changes);
    applyReportSyncEvent(event('report.sla-warned', { ...warned, alertId: 'A2' }), cache, changes);
    expect(cache.get('PA-1')?.slaAlerts.map((s) => s.alertId)).toEqual(['A1']);

    const dept = { id: 'so-gtvt', name: 'Sở Giao thông vận tải', shortName: 'Sở GTVT', email: '', phone: '', active: true, updatedAt: 't', updatedBy: 'adm' };
    applyReportSyncEvent(event('department.saved', dept), cache, changes);
    const rule = { id: 'gt', serviceCode: 'giao-thong', unitId: null, departmentId: 'so-gtvt', updatedAt: 't', updatedBy: 'adm' };
    applyReportSyncEvent(event('routing-rule.saved', rule), cache, changes);
    expect(cache.departments.all()).toEqual([dept]);
    expect(cache.routingRules.all()).toEqual([rule]);
    applyReportSyncEvent(event('routing-rule.deleted', { ruleId: 'gt' }), cache, changes);
    expect(cache.routingRules.all()).toEqual([]);
    expect(changes.toJSON()).toEqual({ reportIds: ['PA-1'], departments: true, routingRules: true });
  });

  it('inside a rolled-back transaction nothing is kept (the batch applier relies on it)', () => {
    const changes = new ReportChanges();
    expect(() =>
      db.transaction(() => {
        applyReportSyncEvent(event('report.received', sampleReport('PA-2')), cache, changes);
        throw new Error('broken batch');
      })(),
    ).toThrow('broken batch');
    expect(cache.get('PA-2')).toBeNull();
  });
});

describe('optimistic report view', () => {
  const departments = overlayDepartments(
    [{ id: 'so-gtvt', name: 'Sở GTVT', shortName: '', email: '', phone: '', active: true, updatedAt: 't', updatedBy: 'adm' }],
    [],
  );
  const roleOf = (): 'operator' => 'operator';

  it('queued steps show their effect and a pending mark, oldest first; a step that no longer fits shows only the mark', () => {
    const view = overlayPendingReports(
      [sampleReport('PA-1'), sampleReport('PA-2', { status: 'resolved' })],
      [
        outboxEntry('report.classify', { reportId: 'PA-1', serviceCode: 'giao-thong' }, 1),
        outboxEntry('report.forward', { reportId: 'PA-1', departmentId: 'so-gtvt' }, 2),
        outboxEntry('report.start', { reportId: 'PA-2' }, 3),
        outboxEntry('alert.act', { alertId: 'PA-1', action: 'own' }, 4),
      ],
      departments,
      roleOf,
      Date.parse('2026-11-28T04:00:00.000Z'),
    );
    const one = view.get('PA-1')!;
    expect(one).toMatchObject({ status: 'forwarded', departmentId: 'so-gtvt', overdue: false });
    expect(one.pending.map((p) => [p.commandId, p.action])).toEqual([
      ['c1', 'classify'],
      ['c2', 'forward'],
    ]);
    expect(one.history.at(-1)).toMatchObject({ actor: 'u-op1', action: 'forward', at: '2026-11-28T03:00:02.000Z' });
    const two = view.get('PA-2')!;
    expect(two.status).toBe('resolved');
    expect(two.pending.map((p) => p.action)).toEqual(['start']);
  });

  it('overdue: open and past due only', () => {
    const view = overlayPendingReports(
      [sampleReport('PA-1', { dueAt: '2026-11-28T00:00:00.000Z' }), sampleReport('PA-2', { dueAt: '2026-11-28T00:00:00.000Z', status: 'resolved' }), sampleReport('PA-3')],
      [],
      departments,
      roleOf,
      Date.parse('2026-11-28T04:00:00.000Z'),
    );
    expect([...view.values()].map((r) => [r.id, r.overdue])).toEqual([
      ['PA-1', true],
      ['PA-2', false],
      ['PA-3', false],
    ]);
  });
});
