import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { startLiveUpdates } from '../../../src-renderer/store/live-updates.js';
import { pickWallDisplay, resolveDisplay } from '../../../src-renderer/store/wall-selectors.js';
import { fail } from '../../../src-shared/result.js';
import { connectFakeHost, createFakeHost } from './fake-host.js';

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function setup(options: { offline?: boolean } = {}) {
  const host = createFakeHost(options);
  const api = connectFakeHost(host);
  const store = createAppStore({ api, storage: null });
  const stop = startLiveUpdates(store, api, null, { debounceMs: 5 });
  return { host, store, stop };
}

async function signedIn(options: { offline?: boolean } = {}) {
  const ctx = setup(options);
  await ctx.store.getState().login({ username: 'op1', password: 'secret' });
  await settle();
  return ctx;
}

describe('cameras and wall slices over the fake host', () => {
  it('loads cameras, groups, displays, layouts and tours at sign-in and drops them at sign-out', async () => {
    const { store, stop } = setup();
    await settle();
    expect(store.getState()).toMatchObject({ cameras: [], camerasStatus: 'idle', wallDisplays: [], wallDisplaysStatus: 'idle' });
    await store.getState().login({ username: 'op1', password: 'secret' });
    await settle();
    const state = store.getState();
    expect(state.camerasStatus).toBe('ready');
    expect(state.cameras.map((c) => c.id)).not.toContain('cam-old-001');
    expect(state.cameraGroups).toEqual(['Châu Thành', 'Giao thông trung tâm', 'Long Mỹ', 'Ngã Bảy', 'Vị Thanh']);
    expect(state.wallDisplays.map((d) => d.displayId)).toEqual(['wall-1', 'wall-2']);
    expect(state.wallLayouts.map((l) => l.id)).toEqual(['lay-center']);
    expect(state.wallTours.map((t) => t.id)).toEqual(['tour-vt']);
    await store.getState().logout();
    expect(store.getState()).toMatchObject({ cameras: [], wallDisplays: [], wallLayouts: [], wallDisplaysStatus: 'idle' });
    stop();
  });

  it('shows what it set on a display at once and resolves it to a grid', async () => {
    const { host, store, stop } = await signedIn();
    const result = await store.getState().setWallDisplay('wall-1', { kind: 'layout', layoutId: 'lay-center' });
    expect(result.ok).toBe(true);
    const display = store.getState().wallDisplays.find((d) => d.displayId === 'wall-1')!;
    expect(display.state).toMatchObject({ content: { kind: 'layout', layoutId: 'lay-center' }, setBy: 'u-op1' });
    const resolved = resolveDisplay(display, store.getState(), Date.now());
    expect(resolved).toMatchObject({ grid: '2x2', tiles: ['cam-vt-012', 'cam-vt-013', null, null], title: 'Trung tâm Vị Thanh' });
    expect(host.calls.filter((c) => c === 'wall.setDisplay')).toHaveLength(1);
    stop();
  });

  it('follows a camera pushed to the wall from another window (onDidChangeDisplays)', async () => {
    const { host, store, stop } = await signedIn();
    const api = connectFakeHost(host);
    const pushed = await api.wall.pushCamera({ displayId: 'wall-2', tileIndex: 3, cameraId: 'cam-nb-001' });
    expect(pushed.ok).toBe(true);
    await vi.waitFor(() =>
      expect(store.getState().wallDisplays.find((d) => d.displayId === 'wall-2')?.state.content).toEqual({
        kind: 'adhoc',
        grid: '2x2',
        tiles: [null, null, null, 'cam-nb-001'],
      }),
    );
    stop();
  });

  it('pushes a camera from the console through the slice, and keeps the host’s refusal', async () => {
    const { store, stop } = await signedIn();
    const ok = await store.getState().pushCameraToWall({ displayId: 'wall-1', tileIndex: 0, cameraId: 'cam-vt-012' });
    expect(ok.ok).toBe(true);
    expect(store.getState().wallDisplays[0]!.state.content).toMatchObject({ tiles: ['cam-vt-012', null, null, null] });
    const refused = await store.getState().pushCameraToWall({ displayId: 'wall-1', tileIndex: 9, cameraId: 'cam-vt-012' });
    expect(refused).toMatchObject({ ok: false, code: 'bad-request' });
    expect(store.getState().wallError).toMatchObject({ code: 'bad-request' });
    expect(store.getState().wallDisplays[0]!.state.content).toMatchObject({ tiles: ['cam-vt-012', null, null, null] });
    store.getState().dismissWallError();
    expect(store.getState().wallError).toBeNull();
    stop();
  });

  it('lists a layout saved offline as pending', async () => {
    const { store, stop } = await signedIn({ offline: true });
    const saved = await store.getState().saveWallLayout({ id: 'lay-new', name: 'Ca đêm', grid: '1', tiles: ['cam-ct-020'] });
    expect(saved.ok).toBe(true);
    await settle();
    expect(store.getState().wallLayouts.find((l) => l.id === 'lay-new')).toMatchObject({ name: 'Ca đêm', pending: true });
    expect(store.getState().sync?.queued).toBe(1);
    stop();
  });

  it('refetches cameras once per burst of health changes and layouts when another workstation saves one', async () => {
    const { host, store, stop } = await signedIn();
    const before = host.calls.filter((c) => c === 'cameras.list').length;
    host.setCameraStatus('cam-nb-001', 'online');
    host.setCameraStatus('cam-vt-013', 'offline');
    await vi.waitFor(() => expect(store.getState().cameras.find((c) => c.id === 'cam-vt-013')?.health?.status).toBe('offline'));
    expect(store.getState().cameras.find((c) => c.id === 'cam-nb-001')?.health?.status).toBe('online');
    expect(host.calls.filter((c) => c === 'cameras.list').length - before).toBe(1);
    host.putLayout({ id: 'lay-x', name: 'Ngã Bảy', grid: '1', tiles: ['cam-nb-001'], updatedAt: '2025-03-05T07:00:00.000Z', updatedBy: 'u-op2', pending: false });
    await vi.waitFor(() => expect(store.getState().wallLayouts.map((l) => l.id)).toContain('lay-x'));
    stop();
  });

  it('keeps the wall when the host cannot answer for a moment (never blanks a monitor)', async () => {
    const { host, store, stop } = await signedIn();
    await store.getState().setWallDisplay('wall-1', { kind: 'adhoc', grid: '1', tiles: ['cam-vt-012'] });
    host.handlers.wall.displays = async () => fail('unavailable', 'host busy');
    host.handlers.wall.layouts = async () => fail('unavailable', 'host busy');
    host.handlers.wall.tours = async () => fail('unavailable', 'host busy');
    host.handlers.cameras.list = async () => fail('unavailable', 'host busy');
    await store.getState().refreshWallDisplays();
    await store.getState().refreshWallLayouts();
    await store.getState().refreshCameras();
    const state = store.getState();
    expect(state.wallDisplays[0]!.state.content).toEqual({ kind: 'adhoc', grid: '1', tiles: ['cam-vt-012'] });
    expect(state).toMatchObject({ wallDisplaysStatus: 'ready', wallLayoutsStatus: 'ready', camerasStatus: 'ready' });
    expect(state.wallLayouts).toHaveLength(1);
    expect(state.cameras.length).toBeGreaterThan(0);
    // The sync connection dropping is not a reason to touch any of it either.
    host.setSync({ connection: 'offline', offlineSince: '2025-03-05T07:05:00.000Z' });
    expect(store.getState().wallDisplays[0]!.state.content).toEqual({ kind: 'adhoc', grid: '1', tiles: ['cam-vt-012'] });
    stop();
  });

  it('lets a late refresh not overwrite what an action just set', async () => {
    const { host, store, stop } = await signedIn();
    let release: () => void = () => undefined;
    const original = host.handlers.wall.displays;
    // The host answers with the state of the moment it was asked, but the answer arrives late.
    host.handlers.wall.displays = () => {
      const answer = original();
      return new Promise((resolve) => (release = () => void answer.then(resolve)));
    };
    const stale = store.getState().refreshWallDisplays();
    host.handlers.wall.displays = original;
    await store.getState().setWallDisplay('wall-1', { kind: 'tour', tourId: 'tour-vt' });
    release();
    await stale;
    expect(store.getState().wallDisplays[0]!.state.content).toEqual({ kind: 'tour', tourId: 'tour-vt' });
    stop();
  });

  it('picks the window’s display by launch parameter, else the first, and says when it does not exist', async () => {
    const { store, stop } = await signedIn();
    const displays = store.getState().wallDisplays;
    expect(pickWallDisplay(displays, null).display?.displayId).toBe('wall-1');
    expect(pickWallDisplay(displays, 'wall-2').display?.displayId).toBe('wall-2');
    expect(pickWallDisplay(displays, 'wall-9')).toEqual({ display: null, reason: 'unknown' });
    expect(pickWallDisplay([], null)).toEqual({ display: null, reason: 'none' });
    stop();
  });

  it('resolves a camera tour over a group by the clock', async () => {
    const { store, stop } = await signedIn();
    await store.getState().setWallDisplay('wall-1', { kind: 'tour', tourId: 'tour-vt' });
    const display = store.getState().wallDisplays[0]!;
    const at = (seconds: number) => resolveDisplay(display, store.getState(), seconds * 1000);
    expect(at(0)).toMatchObject({ grid: '1', tiles: ['cam-vt-013'], tour: { step: 0, steps: 2, nextAtMs: 10_000 }, title: 'Tuần tra Vị Thanh' });
    expect(at(10)).toMatchObject({ tiles: ['cam-vt-012'], tour: { step: 1 } });
    expect(at(20)).toMatchObject({ tiles: ['cam-vt-013'], tour: { step: 0 } });
    stop();
  });
});
