import { app, dialog, screen, type BrowserWindow, type Display } from 'electron';
import path from 'node:path';
import type { DisplayInfo } from '../host/display-plan.js';
import { resolveWorkstationProfile } from '../host/profile-loader.js';
import { mapOptionsFromProfile } from '../host/map/map-profile.js';
import { DEFAULT_REGION_RELATIVE_PATH } from '../host/map/region-file.js';
import { wallDisplaysFromProfile } from '../host/wall-displays.js';
import { createWorkstationHost, type WorkstationHost } from '../host/workstation-host.js';
import { registerIpcHandlers, type IpcRegistration } from './ipc-handlers.js';
import { createSecureWindow, hardenSession, lockDownContents, resolveAppPaths } from './secure-window.js';
import { readOption } from './shell-args.js';
import { createWindowManager, type WindowManager } from './window-manager.js';

/**
 * Electron shell: app lifecycle only. The host core does the work, display-plan decides
 * the windows, window-manager applies the plan; this file wires them to Electron.
 *
 *   electron . --profile config/workstation.example.json
 */

let quitting = false;
let hostClosed = false;

const log = (message: string): void => console.log(`[vigil] ${message}`);

function toDisplayInfo(display: Display, primaryId: number): DisplayInfo {
  return { id: String(display.id), bounds: { ...display.bounds }, primary: display.id === primaryId, label: display.label };
}

function currentDisplays(): DisplayInfo[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => toDisplayInfo(d, primaryId));
}

async function start(): Promise<void> {
  const paths = resolveAppPaths();
  const userData = app.getPath('userData');
  const resolved = await resolveWorkstationProfile({
    argument: readOption(process.argv, 'profile'),
    environment: process.env.VIGIL_PROFILE,
    fallbackFile: path.join(userData, 'profile.json'),
  });
  if (!resolved.ok) {
    dialog.showErrorBox('Vigil cannot start', resolved.message);
    app.exit(2);
    return;
  }
  const { profile, from } = resolved.value;
  log(`profile ${profile.workstationId} (${from}), server ${profile.serverUrl}`);

  let host: WorkstationHost;
  try {
    host = await createWorkstationHost({
      dataDir: path.join(userData, 'host'),
      serverUrl: profile.serverUrl,
      workstationId: profile.workstationId,
      workstationName: profile.name,
      shell: 'electron',
      wallDisplays: wallDisplaysFromProfile(profile),
      // The bundled main cannot find the demo region next to its source: it lives under the app path.
      regionFile: path.join(app.getAppPath(), DEFAULT_REGION_RELATIVE_PATH),
      ...mapOptionsFromProfile(profile, from),
    });
  } catch (error) {
    dialog.showErrorBox('Vigil cannot start', `The workstation cache could not be opened: ${(error as Error).message}`);
    app.exit(3);
    return;
  }

  hardenSession();
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, paths));

  const ours = new Set<BrowserWindow>();
  const ipc: IpcRegistration = registerIpcHandlers(host, {
    rendererUrl: paths.rendererUrl,
    isOurWindow: (window) => ours.has(window),
  });

  const windows: WindowManager = createWindowManager({
    profile,
    getDisplays: currentDisplays,
    log,
    createWindow(plan, onClosed) {
      const { window, managed } = createSecureWindow(plan, paths, () => {
        ours.delete(window);
        onClosed();
      });
      ours.add(window);
      return managed;
    },
  });
  windows.apply();
  screen.on('display-added', () => windows.schedule());
  screen.on('display-removed', () => windows.schedule());
  screen.on('display-metrics-changed', () => windows.schedule());

  app.on('second-instance', () => windows.focusMain());

  app.on('before-quit', (event) => {
    if (hostClosed) return;
    // Close the cache cleanly (outbox and cursor on disk) before the process goes.
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    ipc.dispose();
    windows.closeAll();
    void host.close().finally(() => {
      hostClosed = true;
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Vigil already runs on this workstation: it gets a 'second-instance' event and comes forward.
  app.quit();
} else {
  // Closing windows is part of quitting; before that, the last window closed means quit.
  app.on('window-all-closed', () => {
    if (!quitting) app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(error);
      app.exit(1);
    });
}
