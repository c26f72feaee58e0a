import { describe, expect, it, vi } from 'vitest';
import { visibleQueue } from '../../../src-renderer/store/alert-selectors.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { startLiveUpdates } from '../../../src-renderer/store/live-updates.js';
import { displayNameIn, selectDisplayNameOf } from '../../../src-renderer/store/slices/directory-slice.js';
import { EMPTY_FILTERS } from '../../../src-renderer/store/slices/ui-slice.js';
import { fail } from '../../../src-shared/result.js';
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

describe('directory slice', () => {
  it('loads the directory at sign-in and names people, falling back to the id', async () => {
    const { store, stop } = setup();
    await settle();
    expect(store.getState()).toMatchObject({ directory: [], directoryStatus: 'idle' });
    expect(store.getState().displayNameOf('u-op2')).toBe('u-op2');

    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    expect(store.getState().directoryStatus).toBe('ready');
    expect(store.getState().directory.map((u) => u.displayName)).toEqual(['Lê Minh Châu', 'Nguyễn Văn An', 'Trần Thị Bình']);
    expect(store.getState().displayNameOf('u-op2')).toBe('Trần Thị Bình');
    expect(store.getState().displayNameOf('someone-removed')).toBe('someone-removed');
    expect(selectDisplayNameOf(store.getState())('u-sup')).toBe('Lê Minh Châu');

    await store.getState().logout();
    expect(store.getState()).toMatchObject({ directory: [], directoryStatus: 'idle' });
    expect(store.getState().displayNameOf('u-op2')).toBe('u-op2');
    stop();
  });

  it('refetches when the host says the directory changed, and the name lookup changes only then', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'sup', password: 'secret' });
    await settle();
    const before = selectDisplayNameOf(store.getState());
    store.getState().selectAlert('al-fire');
    expect(selectDisplayNameOf(store.getState())).toBe(before);

    host.setDirectory([...host.directory.filter((u) => u.id !== 'u-op2'), { id: 'u-op3', username: 'op3', displayName: 'Đỗ Thu Hà', role: 'operator' }]);
    await vi.waitFor(() => expect(store.getState().displayNameOf('u-op3')).toBe('Đỗ Thu Hà'));
    expect(store.getState().directory.map((u) => u.id)).toEqual(['u-op3', 'u-sup', 'u-op1']);
    expect(store.getState().displayNameOf('u-op2')).toBe('u-op2');
    const after = selectDisplayNameOf(store.getState());
    expect(after).not.toBe(before);
    expect(after('u-op3')).toBe('Đỗ Thu Hà');
    stop();
  });

  it('keeps the names it has when a refetch fails', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    host.handlers.directory.users = async () => fail('internal', 'disk on fire');
    await store.getState().refreshDirectory();
    expect(store.getState().directoryStatus).toBe('ready');
    expect(store.getState().displayNameOf('u-op1')).toBe('Nguyễn Văn An');
    stop();
  });

  it('finds alerts by their owner’s name, accents optional', async () => {
    const { host, store, stop } = setup();
    await store.getState().login({ username: 'op1', password: 'secret' });
    host.mutate('al-fire', { ownerId: 'u-op2', state: 'in-progress' });
    await vi.waitFor(() => expect(store.getState().alerts.find((a) => a.id === 'al-fire')?.ownerId).toBe('u-op2'));
    const { alerts } = store.getState();
    const nameOf = selectDisplayNameOf(store.getState());
    expect(visibleQueue(alerts, { ...EMPTY_FILTERS, search: 'tran thi binh' }, nameOf).map((a) => a.id)).toEqual(['al-fire']);
    expect(visibleQueue(alerts, { ...EMPTY_FILTERS, search: 'tran thi binh' }).map((a) => a.id)).toEqual([]);
    expect(visibleQueue(alerts, { ...EMPTY_FILTERS, search: 'u-op2' }, nameOf).map((a) => a.id)).toEqual(['al-fire']);
    stop();
  });

  it('names nobody without a host', () => {
    const store = createAppStore({ api: null, storage: null });
    expect(store.getState().displayNameOf('u-op1')).toBe('u-op1');
    expect(displayNameIn([], 'x')).toBe('x');
  });
});
