import { applyReportEvent, applySlaWarned } from '../../../src-shared/model/field-report.js';
import { interpretReportEvent, type ReportDomainEvent } from '../../../src-shared/protocol/report-events.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import type { Snapshot } from '../../../src-shared/protocol/sync-protocol.js';
import type { ReportCache } from '../cache/report-cache.js';

/** Which report things a batch changed, for the push events to windows. */
export class ReportChanges {
  readonly reportIds = new Set<string>();
  departments = false;
  routingRules = false;

  get empty(): boolean {
    return this.reportIds.size === 0 && !this.departments && !this.routingRules;
  }

  toJSON(): ReportChangeSummary {
    return { reportIds: [...this.reportIds], departments: this.departments, routingRules: this.routingRules };
  }
}

export interface ReportChangeSummary {
  reportIds: string[];
  departments: boolean;
  routingRules: boolean;
}

/**
 * Applies one checked report-domain event to the cache (inside the batch's
 * transaction). A step for a report this cache does not hold is skipped: the
 * reducer needs the report it changes (the log always carries `report.received` first).
 */
export function applyReportDomainEvent(domain: ReportDomainEvent, cache: ReportCache, changes: ReportChanges): void {
  switch (domain.kind) {
    case 'report.received':
      cache.upsert(domain.report);
      changes.reportIds.add(domain.report.id);
      return;
    case 'report.changed': {
      const current = cache.get(domain.change.reportId);
      if (!current) return;
      cache.upsert(applyReportEvent(current, domain.change, domain.event.actor, domain.event.at));
      changes.reportIds.add(current.id);
      return;
    }
    case 'report.sla-warned': {
      const current = cache.get(domain.warned.reportId);
      if (!current) return;
      const next = applySlaWarned(current, domain.warned, domain.event.at);
      if (next !== current) {
        cache.upsert(next);
        changes.reportIds.add(current.id);
      }
      return;
    }
    case 'department.saved':
      cache.departments.upsert(domain.department.id, domain.department);
      changes.departments = true;
      return;
    case 'routing-rule.saved':
      cache.routingRules.upsert(domain.rule.id, domain.rule);
      changes.routingRules = true;
      return;
    case 'routing-rule.deleted':
      cache.routingRules.delete(domain.ruleId);
      changes.routingRules = true;
      return;
  }
}

/**
 * The batch applier's entry point, per event: returns false for events that are
 * not the report domain's, or whose data does not check (skipped; the cursor still moves).
 */
export function applyReportSyncEvent(event: SyncEvent, cache: ReportCache, changes: ReportChanges): boolean {
  const domain = interpretReportEvent(event);
  if (!domain) return false;
  applyReportDomainEvent(domain, cache, changes);
  return true;
}

/**
 * A snapshot replaces the report replicas whole (inside the snapshot's transaction):
 * a report, department or rule the server no longer has goes. Every report held
 * before or after counts as changed, so a desk showing one that went refreshes too.
 */
export function replaceReportsFromSnapshot(snapshot: Snapshot, cache: ReportCache, changes: ReportChanges): void {
  for (const id of cache.ids()) changes.reportIds.add(id);
  cache.replaceAll(snapshot.reports);
  cache.departments.replaceAll(snapshot.departments.map((d) => [d.id, d] as const));
  cache.routingRules.replaceAll(snapshot.routingRules.map((r) => [r.id, r] as const));
  for (const r of snapshot.reports) changes.reportIds.add(r.id);
  changes.departments = true;
  changes.routingRules = true;
}
