import { BrowserWindow, app, session, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { WindowPlan } from '../host/display-plan.js';
import { contentSecurityPolicy } from '../../src-shared/content-security-policy.js';
import { isTrustedSender } from './trusted-sender.js';
import type { ManagedWindow } from './window-manager.js';

/**
 * Every window of the app is made here, with the same locked-down settings: the page
 * gets no Node, runs sandboxed and isolated from the preload, may not navigate
 * anywhere or open windows, and is asked nothing by permission prompts.
 */

export interface AppPaths {
  /** dist/renderer/index.html as a file URL, without query: what every window loads. */
  rendererUrl: string;
  rendererFile: string;
  preloadFile: string;
}

export function resolveAppPaths(): AppPaths {
  // The app path is the repository root in development and the asar root when packaged.
  const root = app.getAppPath();
  const rendererFile = path.join(root, 'dist', 'renderer', 'index.html');
  return {
    rendererFile,
    rendererUrl: pathToFileURL(rendererFile).href,
    preloadFile: path.join(root, 'dist', 'electron', 'preload.cjs'),
  };
}

/** Session-wide rules: CSP on every response, no permissions. Call once, when ready. */
export function hardenSession(): void {
  const csp = contentSecurityPolicy();
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Navigation and window rules for any web contents the app ever creates (including ones we did not). */
export function lockDownContents(contents: WebContents, paths: AppPaths): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedSender(url, paths.rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedSender(url, paths.rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createSecureWindow(
  plan: WindowPlan,
  paths: AppPaths,
  onClosed: () => void,
): { window: BrowserWindow; managed: ManagedWindow } {
  const window = new BrowserWindow({
    x: plan.bounds.x,
    y: plan.bounds.y,
    width: plan.bounds.width,
    height: plan.bounds.height,
    fullscreen: plan.fullscreen,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#0b1220',
    title: `Vigil — ${plan.surface}`,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      preload: paths.preloadFile,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', onClosed);
  const query: Record<string, string> = { surface: plan.surface, window: plan.key };
  if (plan.wallId) query.wall = plan.wallId;
  void window.loadFile(paths.rendererFile, { query });
  const managed: ManagedWindow = {
    setBounds: (bounds) => window.setBounds(bounds),
    setFullScreen: (fullscreen) => window.setFullScreen(fullscreen),
    close: () => window.close(),
    isDestroyed: () => window.isDestroyed(),
    focus: () => {
      if (window.isMinimized()) window.restore();
      window.focus();
    },
  };
  return { window, managed };
}
