import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src-shared/desktop-api.js';
import { createAlert, AlertDraftSchema } from '../../../src-shared/model/alert.js';
import { filterAlerts, sortAlertsForQueue, visibleQueue } from '../../../src-renderer/store/alert-selectors.js';
import { EMPTY_FILTERS } from '../../../src-renderer/store/slices/ui-slice.js';
import { SEED_DRAFTS } from './fake-host.js';

function seed(): AlertView[] {
  return SEED_DRAFTS.map(({ id, raisedAt, ...draft }) => ({ ...createAlert(id, AlertDraftSchema.parse(draft), 'system', raisedAt), pending: [] }));
}

describe('alert queue filters', () => {
  it('finds Vietnamese text typed without diacritics', () => {
    const found = filterAlerts(seed(), { ...EMPTY_FILTERS, search: 'ngap ung' });
    expect(found.map((a) => a.id)).toEqual(['al-flood']);
    expect(filterAlerts(seed(), { ...EMPTY_FILTERS, search: 'tran hung dao vi thanh' })).toHaveLength(1);
    expect(filterAlerts(seed(), { ...EMPTY_FILTERS, search: 'Ngã Bảy' }).map((a) => a.id)).toEqual(['al-fire']);
    expect(filterAlerts(seed(), { ...EMPTY_FILTERS, search: 'cháy rừng' })).toHaveLength(0);
  });

  it('filters by several states and categories, empty meaning all', () => {
    const alerts = seed();
    alerts[0] = { ...alerts[0]!, state: 'acknowledged' };
    expect(filterAlerts(alerts, EMPTY_FILTERS)).toHaveLength(3);
    expect(filterAlerts(alerts, { ...EMPTY_FILTERS, states: ['acknowledged'] }).map((a) => a.id)).toEqual(['al-flood']);
    expect(filterAlerts(alerts, { ...EMPTY_FILTERS, states: ['new', 'acknowledged'] })).toHaveLength(3);
    expect(filterAlerts(alerts, { ...EMPTY_FILTERS, categories: ['Fire', 'Other'] }).map((a) => a.id).sort()).toEqual(['al-dossier', 'al-fire']);
    expect(filterAlerts(alerts, { states: ['new'], categories: ['Met'], search: '' })).toHaveLength(0);
  });

  it('sorts by priority then age, with finished alerts after open ones', () => {
    const alerts = seed();
    expect(sortAlertsForQueue(alerts).map((a) => a.id)).toEqual(['al-fire', 'al-flood', 'al-dossier']);
    const resolvedFire = alerts.map((a) => (a.id === 'al-fire' ? { ...a, state: 'resolved' as const } : a));
    expect(visibleQueue(resolvedFire, EMPTY_FILTERS).map((a) => a.id)).toEqual(['al-flood', 'al-dossier', 'al-fire']);
    const twoFloods = [...alerts, { ...alerts[0]!, id: 'al-flood-older', raisedAt: '2025-03-05T06:00:00.000Z' }];
    expect(sortAlertsForQueue(twoFloods).map((a) => a.id)).toEqual(['al-fire', 'al-flood-older', 'al-flood', 'al-dossier']);
  });
});
