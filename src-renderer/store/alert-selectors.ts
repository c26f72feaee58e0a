import type { AlertView } from '../../src-shared/desktop-api.js';
import { compareAlertsForQueue, isOpenAlert, type AlertCategory, type AlertState } from '../../src-shared/model/alert.js';
import { matchesSearch } from '../../src-shared/text/normalize.js';

export interface AlertFilters {
  /** Empty means every state. */
  states: AlertState[];
  /** Empty means every category. */
  categories: AlertCategory[];
  search: string;
}

/** The text a search looks in: what an operator would type from memory (the owner by id and, when known, by name). */
export function alertSearchText(alert: AlertView, nameOf?: (userId: string) => string): string {
  const owner = alert.ownerId ?? '';
  const ownerName = owner && nameOf ? nameOf(owner) : '';
  return [alert.headline, alert.description, alert.location?.areaDesc ?? '', alert.id, owner, ownerName === owner ? '' : ownerName, alert.category, alert.source].join(' ');
}

export function filterAlerts(alerts: readonly AlertView[], filters: AlertFilters, nameOf?: (userId: string) => string): AlertView[] {
  return alerts.filter(
    (alert) =>
      (filters.states.length === 0 || filters.states.includes(alert.state)) &&
      (filters.categories.length === 0 || filters.categories.includes(alert.category)) &&
      matchesSearch(alertSearchText(alert, nameOf), filters.search),
  );
}

/**
 * Queue order: open alerts before resolved and closed ones, and within each group the
 * shared queue order (priority, then oldest first), so finished work sinks without
 * disappearing.
 */
export function sortAlertsForQueue(alerts: readonly AlertView[]): AlertView[] {
  return [...alerts].sort((a, b) => Number(isOpenAlert(b)) - Number(isOpenAlert(a)) || compareAlertsForQueue(a, b));
}

export function visibleQueue(alerts: readonly AlertView[], filters: AlertFilters, nameOf?: (userId: string) => string): AlertView[] {
  return sortAlertsForQueue(filterAlerts(alerts, filters, nameOf));
}

export function countBy<K extends string>(alerts: readonly AlertView[], key: (alert: AlertView) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const alert of alerts) counts.set(key(alert), (counts.get(key(alert)) ?? 0) + 1);
  return counts;
}
