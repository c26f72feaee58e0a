import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listEventChannels, listInvokeChannels, type DesktopApiHandlers } from '../../../src-shared/desktop-api.js';
import { ok } from '../../../src-shared/result.js';

/**
 * The Electron glue, against a stand-in `electron` module (no Electron binary runs here):
 * which channels get handlers, what the sender check lets through, what the preload exposes.
 */
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const windows: { webContents: { send: ReturnType<typeof vi.fn> }; isDestroyed: () => boolean }[] = [];
  const exposed: Record<string, unknown> = {};
  const rendererListeners = new Map<string, Set<(...a: unknown[]) => void>>();
  return { handlers, windows, exposed, rendererListeners };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => fake.handlers.set(channel, fn),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  BrowserWindow: {
    fromWebContents: (contents: { window?: unknown }) => contents.window ?? null,
    getAllWindows: () => fake.windows,
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (fake.exposed[key] = api) },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: (channel: string, fn: (...a: unknown[]) => void) => {
      const set = fake.rendererListeners.get(channel) ?? new Set();
      set.add(fn);
      fake.rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => fake.rendererListeners.get(channel)?.delete(fn),
  },
}));

const rendererUrl = pathToFileURL('/opt/vigil/dist/renderer/index.html').href;
const calls: unknown[] = [];
const pushListeners = new Set<(channel: string, payload: unknown) => void>();
const host = {
  handlers: {
    workstation: { info: async () => ok({ workstationId: 'w', name: 'w', serverUrl: 'http://x', shell: 'electron' as const }) },
    session: {
      current: async () => ok(null),
      login: async (c: unknown) => {
        calls.push(c);
        return ok(null);
      },
    },
  } as unknown as DesktopApiHandlers,
  onPush(listener: (channel: string, payload: unknown) => void) {
    pushListeners.add(listener);
    return () => pushListeners.delete(listener);
  },
};

function makeWindow() {
  const window = { webContents: { send: vi.fn() }, isDestroyed: () => false };
  fake.windows.push(window);
  return window;
}

function event(window: unknown, url: string, parent: unknown = null) {
  return { sender: { window }, senderFrame: { url, parent } };
}

describe('registerIpcHandlers', () => {
  beforeEach(() => {
    fake.handlers.clear();
    fake.windows.length = 0;
    calls.length = 0;
  });

  it('registers exactly the manifest invoke channels and removes them on dispose', async () => {
    const { registerIpcHandlers } = await import('../../../src-main/electron/ipc-handlers.js');
    const registration = registerIpcHandlers(host, { rendererUrl, isOurWindow: () => true });
    expect([...fake.handlers.keys()].sort()).toEqual(listInvokeChannels().map((c) => c.channel).sort());
    registration.dispose();
    expect(fake.handlers.size).toBe(0);
    expect(pushListeners.size).toBe(0);
  });

  it('answers our renderer and refuses every other sender with forbidden', async () => {
    const { registerIpcHandlers } = await import('../../../src-main/electron/ipc-handlers.js');
    const ours = makeWindow();
    const stranger = makeWindow();
    const registration = registerIpcHandlers(host, { rendererUrl, isOurWindow: (w) => w === (ours as unknown) });
    const info = fake.handlers.get('vigil:workstation:info')!;
    expect(await info(event(ours, `${rendererUrl}?surface=console&window=console@1`))).toMatchObject({ ok: true });
    for (const bad of [
      event(ours, 'https://evil.example/'),
      event(ours, rendererUrl, { url: rendererUrl }), // a subframe
      event(stranger, rendererUrl),
      event(null, rendererUrl),
      { sender: { window: ours }, senderFrame: null },
    ]) {
      expect(await info(bad)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    registration.dispose();
  });

  it('validates arguments with the manifest before the host sees them', async () => {
    const { registerIpcHandlers } = await import('../../../src-main/electron/ipc-handlers.js');
    const ours = makeWindow();
    const registration = registerIpcHandlers(host, { rendererUrl, isOurWindow: () => true });
    const login = fake.handlers.get('vigil:session:login')!;
    expect(await login(event(ours, rendererUrl), { username: '', password: 'x' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await login(event(ours, rendererUrl), { username: 'a', password: 'b' }, 'extra')).toMatchObject({ ok: false, code: 'bad-request' });
    expect(calls).toEqual([]);
    expect(await login(event(ours, rendererUrl), { username: ' a ', password: 'b' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual([{ username: 'a', password: 'b' }]);
    registration.dispose();
  });

  it('sends host push events to each of our windows', async () => {
    const { registerIpcHandlers } = await import('../../../src-main/electron/ipc-handlers.js');
    const a = makeWindow();
    const b = makeWindow();
    const foreign = makeWindow();
    const registration = registerIpcHandlers(host, { rendererUrl, isOurWindow: (w) => w !== (foreign as unknown) });
    for (const listener of pushListeners) listener('vigil:alerts:onDidChange', { alertIds: ['x'] });
    expect(a.webContents.send).toHaveBeenCalledWith('vigil:alerts:onDidChange', { alertIds: ['x'] });
    expect(b.webContents.send).toHaveBeenCalledTimes(1);
    expect(foreign.webContents.send).not.toHaveBeenCalled();
    registration.dispose();
  });
});

describe('preload', () => {
  it('exposes window.vigil with every manifest member over ipcRenderer, and nothing else', async () => {
    await import('../../../src-main/electron/preload.js');
    const api = fake.exposed.vigil as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    expect(Object.keys(fake.exposed)).toEqual(['vigil']);
    for (const { domain, method } of listInvokeChannels()) expect(typeof api[domain]![method]).toBe('function');
    for (const { domain, event } of listEventChannels()) expect(typeof api[domain]![event]).toBe('function');
    expect(JSON.stringify(Object.keys(api).sort())).toBe(JSON.stringify(['alerts', 'cameras', 'directory', 'kpi', 'map', 'reports', 'session', 'sync', 'wall', 'workstation']));

    expect(await api.alerts!.list!({ limit: 3 })).toEqual({ ok: true, value: { channel: 'vigil:alerts:list', args: [{ limit: 3 }] } });

    const seen: unknown[] = [];
    const off = api.alerts!.onDidChange!((payload: unknown) => seen.push(payload)) as () => void;
    const [listener] = fake.rendererListeners.get('vigil:alerts:onDidChange')!;
    listener!({ sender: 'ipc' }, { alertIds: ['1'] });
    expect(seen).toEqual([{ alertIds: ['1'] }]);
    off();
    expect(fake.rendererListeners.get('vigil:alerts:onDidChange')!.size).toBe(0);
  });
});
