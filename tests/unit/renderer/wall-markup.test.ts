// The end-to-end tests find the wall by data attributes; this renders the surface to
// markup in Node (no DOM: effects, players and observers do not run) to hold that
// contract and to catch render errors before a browser ever loads the page.
import { createElement, type FunctionComponent } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { startLiveUpdates } from '../../../src-renderer/store/live-updates.js';
import { connectFakeHost, createFakeHost } from './fake-host.js';

// The components are .tsx and the tests' type-check has no JSX (nor Vite's asset types):
// vitest compiles them, tsc only sees these shapes.
type Component = FunctionComponent<Record<string, unknown>>;
const load = <T,>(path: string): Promise<T> => import(/* @vite-ignore */ path) as Promise<T>;
const { StoreProvider } = await load<{ StoreProvider: Component }>('../../../src-renderer/store/store-context.js');
const { AlertDetail } = await load<{ AlertDetail: Component }>('../../../src-renderer/surfaces/console/alert-detail.js');
const { WallSurface } = await load<{ WallSurface: Component }>('../../../src-renderer/surfaces/wall/wall-surface.js');

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

async function signedIn() {
  const host = createFakeHost();
  const api = connectFakeHost(host);
  const store = createAppStore({ api, storage: null });
  // zustand renders the initial state on the server; these tests want the state the host just loaded.
  store.getInitialState = store.getState;
  const stop = startLiveUpdates(store, api, null, { debounceMs: 1 });
  await store.getState().login({ username: 'op1', password: 'secret' });
  await settle();
  return { host, store, stop };
}

function render(store: AppStore, element: Component, props: object): string {
  return renderToString(createElement(StoreProvider, { store }, createElement(element, props as Record<string, unknown>)));
}

function attrs(html: string, testId: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<[a-z]+ [^>]*data-testid="${testId}"[^>]*>`, 'g'))].map((m) =>
    Object.fromEntries([...m[0].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

describe('wall surface markup', () => {
  it('names the display, grid, players and takeover on the root, and every tile’s state and stream', async () => {
    const { store, stop } = await signedIn();
    await store.getState().setWallDisplay('wall-1', { kind: 'layout', layoutId: 'lay-center' });
    const html = render(store, WallSurface, { wallDisplayId: null });
    expect(attrs(html, 'wall-surface')[0]).toMatchObject({
      'data-display-id': 'wall-1',
      'data-grid': '2x2',
      'data-players-alive': '0',
      'data-takeover-alert-id': '',
    });
    const tiles = attrs(html, 'wall-tile');
    expect(tiles.map((t) => [t['data-tile-index'], t['data-camera-id'], t['data-state'], t['data-stream']])).toEqual([
      ['0', 'cam-vt-012', 'connecting', 'sub'],
      ['1', 'cam-vt-013', 'connecting', 'sub'],
      ['2', '', 'empty', 'none'],
      ['3', '', 'empty', 'none'],
    ]);
    expect(tiles[0]).toMatchObject({ 'data-frames': '0', 'data-fps': '0', 'data-dropped': '0' });
    expect(attrs(html, 'camera-item').map((i) => i['data-camera-id'])).toHaveLength(5);
    expect(attrs(html, 'camera-item')[0]).toMatchObject({ draggable: 'true' });
    expect(['1', '2x2', '3x3', '4x4', '5x5', '1+5', '1+7'].map((g) => attrs(html, `grid-${g.replace('+', '\\+')}`).length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    for (const id of ['layout-save', 'layout-name', 'layout-open', 'tour-start']) expect(attrs(html, id), id).toHaveLength(1);
    expect(html).toContain('Bố cục: Trung tâm Vị Thanh');
    stop();
  });

  it('shows tiles over the stream cap as paused over budget, in words', async () => {
    const { store, stop } = await signedIn();
    const six = ['cam-vt-012', 'cam-vt-013', 'cam-ct-020', 'cam-lm-004', 'cam-vt-012', 'cam-vt-013', null, null, null];
    await store.getState().setWallDisplay('wall-2', { kind: 'adhoc', grid: '3x3', tiles: six });
    const html = render(store, WallSurface, { wallDisplayId: 'wall-2' });
    const tiles = attrs(html, 'wall-tile');
    expect(tiles.map((t) => t['data-state'])).toEqual(['connecting', 'connecting', 'connecting', 'connecting', 'paused-budget', 'paused-budget', 'empty', 'empty', 'empty']);
    expect(tiles[4]!['data-stream']).toBe('none');
    expect(attrs(html, 'tile-over-budget')).toHaveLength(2);
    expect(html).toContain('Tạm dừng: vượt ngân sách luồng');
    expect(attrs(html, 'stream-count')[0]).toMatchObject({ 'data-playing': '4', 'data-cap': '4' });
    stop();
  });

  it('hands the whole display to a new alarm with cameras, with a banner, and gives it back when acknowledged', async () => {
    const { host, store, stop } = await signedIn();
    await store.getState().setWallDisplay('wall-1', { kind: 'layout', layoutId: 'lay-center' });
    host.mutate('al-fire', { raisedAt: new Date().toISOString() });
    await settle();
    await new Promise((r) => setTimeout(r, 10));
    let html = render(store, WallSurface, { wallDisplayId: 'wall-1' });
    expect(attrs(html, 'wall-surface')[0]).toMatchObject({ 'data-takeover-alert-id': 'al-fire', 'data-grid': '1' });
    expect(attrs(html, 'takeover-banner')[0]).toMatchObject({ 'data-alert-id': 'al-fire', 'data-severity': 'Extreme', 'data-waiting': '0' });
    expect(attrs(html, 'wall-tile')[0]).toMatchObject({ 'data-camera-id': 'cam-nb-001', 'data-takeover': 'true', 'data-state': 'offline' });
    expect(html).toContain('Phát hiện khói tại chợ Ngã Bảy');

    await store.getState().actOnAlert({ alertId: 'al-fire', action: 'acknowledge' });
    await settle();
    html = render(store, WallSurface, { wallDisplayId: 'wall-1' });
    expect(attrs(html, 'wall-surface')[0]).toMatchObject({ 'data-takeover-alert-id': '', 'data-grid': '2x2' });
    expect(attrs(html, 'takeover-banner')).toHaveLength(0);
    expect(store.getState().wallDisplays[0]!.state.content).toEqual({ kind: 'layout', layoutId: 'lay-center' });
    stop();
  });

  it('says so when the window names a wall monitor the workstation does not have', async () => {
    const { store, stop } = await signedIn();
    const html = render(store, WallSurface, { wallDisplayId: 'wall-9' });
    expect(attrs(html, 'wall-no-display')).toHaveLength(1);
    expect(html).toContain('wall-1, wall-2');
    stop();
  });
});

describe('alert detail: related cameras', () => {
  it('lists the alert’s cameras by name with a show-on-wall control per camera', async () => {
    const { store, stop } = await signedIn();
    const flood = store.getState().alerts.find((a) => a.id === 'al-flood')!;
    const html = render(store, AlertDetail, { alert: flood });
    expect(attrs(html, 'detail-cameras')).toHaveLength(1);
    expect(attrs(html, 'detail-camera').map((c) => c['data-camera-id'])).toEqual(['cam-vt-012', 'cam-vt-013']);
    expect(html).toContain('Cầu Cái Nhúc');
    expect(attrs(html, 'push-camera')).toHaveLength(2);
    expect(attrs(html, 'push-display')).toHaveLength(2);
    expect(html).toContain('Ô 1 (trống)');
    stop();
  });
});
