import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { startLiveUpdates } from '../../../src-renderer/store/live-updates.js';
import { fixtureBoard } from '../../support/kpi-fixtures.js';
import { connectFakeHost, createFakeHost } from './fake-host.js';

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function setup() {
  const host = createFakeHost();
  const api = connectFakeHost(host);
  const store = createAppStore({ api, storage: null });
  const stop = startLiveUpdates(store, api, null, { debounceMs: 5 });
  return { host, store, stop };
}

describe('KPI slice', () => {
  it('asks for the board only in windows that show it, and follows the host pushes', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    // A console window never asked: pushes cost it nothing.
    host.setKpi({ fetchedAt: '2026-11-28T08:00:10.000Z' });
    await settle();
    await new Promise((r) => setTimeout(r, 20));
    expect(host.calls.filter((c) => c === 'kpi.board')).toHaveLength(0);
    expect(store.getState().kpiStatus).toBe('idle');

    await store.getState().refreshKpi();
    expect(store.getState()).toMatchObject({ kpiStatus: 'ready', kpi: { fromCache: false } });
    expect(store.getState().kpi?.board?.byAgency).toHaveLength(3);

    // The host's poll brings a new board, then the outage turns it into the cached copy.
    host.setKpi({ board: fixtureBoard('2026-11-28T08:01:00.000Z'), fetchedAt: '2026-11-28T08:01:00.000Z' });
    await vi.waitFor(() => expect(store.getState().kpi?.board?.generatedAt).toBe('2026-11-28T08:01:00.000Z'));
    host.setKpi({ fromCache: true, lastError: 'connect ECONNREFUSED' });
    await vi.waitFor(() => expect(store.getState().kpi).toMatchObject({ fromCache: true, fetchedAt: '2026-11-28T08:01:00.000Z' }));
    expect(store.getState().kpi?.board).not.toBeNull();
    stop();
  });

  it('opens the dossiers behind a figure, closes them, and drops a late answer for a closed panel', async () => {
    const { store, stop } = setup();
    await store.getState().login({ username: 'sup', password: 'secret' });
    const ref = { scope: 'year', metric: 'overdue', agencyId: 'STP' } as const;
    const opening = store.getState().openKpiDrill(ref);
    expect(store.getState().kpiDrill).toMatchObject({ ref, status: 'loading' });
    await opening;
    expect(store.getState().kpiDrill).toMatchObject({ status: 'ready', result: { total: 2 } });
    expect(store.getState().kpiDrill?.result?.dossiers.map((d) => d.code)).toEqual(['STP-2026-000117', 'STP-2026-000245']);

    const late = store.getState().openKpiDrill({ scope: 'today', metric: 'received' });
    store.getState().closeKpiDrill();
    await late;
    expect(store.getState().kpiDrill).toBeNull();
    stop();
  });

  it('reports exports and forgets everything at logout', async () => {
    const { store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    await store.getState().refreshKpi();
    const csv = await store.getState().exportKpiCsv({ scope: 'year', metric: 'late' });
    expect(csv).toMatchObject({ ok: true, value: { filename: 'kpi-year-late.csv' } });
    expect(store.getState().kpiExport).toEqual({ status: 'done', kind: 'csv', subject: { scope: 'year', metric: 'late' }, filename: 'kpi-year-late.csv' });
    const pdf = await store.getState().exportKpiPdf('board');
    expect(pdf.ok && Buffer.from(pdf.value.base64, 'base64').toString('latin1').startsWith('%PDF')).toBe(true);
    await store.getState().openKpiDrill({ scope: 'year', metric: 'late' });

    await store.getState().logout();
    await settle();
    expect(store.getState()).toMatchObject({ kpi: null, kpiStatus: 'idle', kpiDrill: null, kpiExport: null });
    stop();
  });

  it('keeps the board it has when a refresh fails', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    await store.getState().refreshKpi();
    host.session = null; // the host now refuses (as after its session ended)
    await store.getState().refreshKpi();
    expect(store.getState()).toMatchObject({ kpiStatus: 'ready', kpiError: { code: 'unauthorized' } });
    expect(store.getState().kpi?.board).not.toBeNull();
    stop();
  });
});
