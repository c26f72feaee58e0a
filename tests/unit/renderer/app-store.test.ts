import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { startLiveUpdates } from '../../../src-renderer/store/live-updates.js';
import { connectFakeHost, createFakeHost } from './fake-host.js';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function setup(options: { offline?: boolean } = {}) {
  const host = createFakeHost(options);
  const api = connectFakeHost(host);
  const store = createAppStore({ api, storage: memoryStorage() });
  const stop = startLiveUpdates(store, api, null, { debounceMs: 5 });
  return { host, store, stop };
}

describe('app store over an in-memory host', () => {
  it('starts signed out, signs in and loads the queue', async () => {
    const { store, stop } = setup();
    await settle();
    expect(store.getState()).toMatchObject({ session: null, sessionStatus: 'ready', bridge: 'ipc' });
    expect(store.getState().sync?.connection).toBe('online');
    expect(await store.getState().login({ username: 'op1', password: 'wrong' })).toBe(false);
    expect(store.getState().loginError).toMatchObject({ code: 'unauthorized' });
    expect(await store.getState().login({ username: 'op1', password: 'secret' })).toBe(true);
    await settle();
    expect(store.getState().session?.user.id).toBe('u-op1');
    expect(store.getState().alerts).toHaveLength(3);
    expect(store.getState().workstation?.name).toBe('Bàn 1');
    stop();
  });

  it('shows an action queued offline and counts it in the sync state', async () => {
    const { store, stop } = setup({ offline: true });
    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    expect(store.getState().session?.offline).toBe(true);
    const result = await store.getState().actOnAlert({ alertId: 'al-flood', action: 'acknowledge' });
    expect(result.ok).toBe(true);
    await settle();
    const flood = store.getState().alerts.find((a) => a.id === 'al-flood');
    expect(flood).toMatchObject({ state: 'acknowledged' });
    expect(flood?.pending).toHaveLength(1);
    expect(store.getState().sync?.queued).toBe(1);
    expect(store.getState().actionOutcome).toMatchObject({ status: 'queued', whileOnline: false });
    stop();
  });

  it('keeps the host’s refusal for the detail pane when an operator closes someone else’s alert', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    host.mutate('al-fire', { state: 'in-progress', ownerId: 'u-op2' });
    await store.getState().actOnAlert({ alertId: 'al-fire', action: 'close' });
    expect(store.getState().actionOutcome).toMatchObject({ alertId: 'al-fire', status: 'failed', failure: { code: 'forbidden' } });
    await store.getState().logout();
    await store.getState().login({ username: 'sup', password: 'secret' });
    await store.getState().actOnAlert({ alertId: 'al-fire', action: 'close' });
    await settle();
    expect(store.getState().alerts.find((a) => a.id === 'al-fire')?.state).toBe('closed');
    stop();
  });

  it('refetches once for a burst of change events and follows pushed sync status', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    const before = host.calls.filter((c) => c === 'alerts.list').length;
    host.mutate('al-flood', { ownerId: 'u-op2' });
    host.mutate('al-flood', { state: 'in-progress' });
    host.mutate('al-fire', { state: 'acknowledged' });
    await vi.waitFor(() => expect(store.getState().alerts.find((a) => a.id === 'al-fire')?.state).toBe('acknowledged'));
    expect(host.calls.filter((c) => c === 'alerts.list').length - before).toBe(1);
    host.setSync({ connection: 'offline', offlineSince: '2025-03-05T07:05:00.000Z', queued: 2 });
    expect(store.getState().sync).toMatchObject({ connection: 'offline', queued: 2 });
    stop();
  });

  it('clears the queue on sign-out and remembers the language', async () => {
    const { store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    store.getState().setLocale('en');
    store.getState().selectAlert('al-flood');
    store.getState().moveSelection(1, ['al-fire', 'al-flood', 'al-dossier']);
    expect(store.getState().selectedAlertId).toBe('al-dossier');
    store.getState().moveSelection(1, ['al-fire', 'al-flood', 'al-dossier']);
    expect(store.getState().selectedAlertId).toBe('al-dossier');
    await store.getState().logout();
    expect(store.getState().alerts).toHaveLength(0);
    expect(store.getState().locale).toBe('en');
    stop();
  });

  it('stays empty and honest without a host', () => {
    const store = createAppStore({ api: null, storage: null });
    expect(store.getState()).toMatchObject({ bridge: 'absent', locale: 'vi', session: null });
  });
});
