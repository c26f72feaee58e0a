import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

/** secure-window.ts against a stand-in `electron`: the settings every window gets. */
const fake = vi.hoisted(() => ({
  created: [] as { options: Record<string, unknown>; loadFile: (...args: unknown[]) => Promise<void> }[],
  headersHandler: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
  permissionHandler: null as null | ((wc: unknown, p: string, cb: (allow: boolean) => void) => void),
  permissionCheck: null as null | (() => boolean),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    loadFile = vi.fn(async () => {});
    constructor(readonly options: Record<string, unknown>) {
      fake.created.push(this as never);
    }
    once() {}
    on() {}
  }
  return {
    BrowserWindow,
    app: { getAppPath: () => '/opt/vigil/app.asar' },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof fake.headersHandler) => (fake.headersHandler = fn) },
        setPermissionRequestHandler: (fn: typeof fake.permissionHandler) => (fake.permissionHandler = fn),
        setPermissionCheckHandler: (fn: typeof fake.permissionCheck) => (fake.permissionCheck = fn),
      },
    },
  };
});

const { createSecureWindow, hardenSession, lockDownContents, resolveAppPaths } = await import('../../../src-main/electron/secure-window.js');

describe('secure windows', () => {
  const paths = resolveAppPaths();

  it('loads the renderer from the app folder and the preload bundle next to main', () => {
    expect(paths.rendererUrl).toBe(pathToFileURL('/opt/vigil/app.asar/dist/renderer/index.html').href);
    expect(paths.preloadFile).toMatch(/dist[/\\]electron[/\\]preload\.cjs$/);
  });

  it('creates isolated, sandboxed windows without Node, on the planned display', () => {
    createSecureWindow(
      { key: 'wall@2', displayId: '2', surface: 'wall', bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, fullscreen: true, wallId: 'wall-1' },
      paths,
      () => {},
    );
    const window = fake.created.at(-1)!;
    expect(window.options).toMatchObject({ x: 1920, y: 0, width: 1920, height: 1080, fullscreen: true, show: false });
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: paths.preloadFile,
    });
    expect(window.loadFile).toHaveBeenCalledWith(paths.rendererFile, { query: { surface: 'wall', window: 'wall@2', wall: 'wall-1' } });
  });

  it('adds the CSP to every response and denies every permission', () => {
    hardenSession();
    let response: { responseHeaders: Record<string, string[]> } | undefined;
    fake.headersHandler!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (response = r as typeof response));
    expect(response!.responseHeaders['Content-Security-Policy']![0]).toContain("script-src 'self'");
    expect(response!.responseHeaders['X-Other']).toEqual(['1']);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'fullscreen']) fake.permissionHandler!({}, permission, (a) => answers.push(a));
    expect(answers).toEqual([false, false, false, false]);
    expect(fake.permissionCheck!()).toBe(false);
  });

  it('denies navigation away from the renderer, webviews and new windows', () => {
    const handlers = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault: () => void }, url?: string) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    lockDownContents(contents as never, paths);
    const navigate = (name: string, url: string) => {
      const preventDefault = vi.fn();
      handlers.get(name)!({ preventDefault }, url);
      return preventDefault.mock.calls.length === 0;
    };
    expect(navigate('will-navigate', `${paths.rendererUrl}?surface=map`)).toBe(true);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(false);
    expect(navigate('will-redirect', 'http://127.0.0.1:1/')).toBe(false);
    expect(navigate('will-attach-webview', 'about:blank')).toBe(false);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
