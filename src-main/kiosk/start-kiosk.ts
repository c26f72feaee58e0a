import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Surface } from '../../src-shared/desktop-api.js';
import type { KioskScreen, WorkstationProfile } from '../../src-shared/workstation-profile.js';
import { planWindows, type DisplayInfo, type WindowPlan } from '../host/display-plan.js';
import { mapOptionsFromProfile } from '../host/map/map-profile.js';
import { wallDisplaysFromProfile } from '../host/wall-displays.js';
import { createWorkstationHost, type WorkstationHost } from '../host/workstation-host.js';
import { findChromium, launchAppWindow, type AppWindow } from './chromium-launcher.js';
import { startKioskServer } from './kiosk-server.js';

/**
 * The kiosk shell, programmatically: a workstation host, the loopback server in front of
 * it, and one Chromium `--app` window per planned screen (none when headless).
 */

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
/** What a kiosk without `kioskScreens` in its profile assumes it has. */
export const DEFAULT_KIOSK_SCREEN: KioskScreen = { id: 'screen-1', x: 0, y: 0, width: 1600, height: 900, primary: true };

export interface StartKioskOptions {
  profile: WorkstationProfile;
  /** The file the profile was read from: relative map paths in it are resolved against its folder. */
  profileFile?: string;
  /** Folder for the host's cache.db. */
  dataDir: string;
  /** Overrides the profile's server URL (`--server`). */
  serverUrl?: string;
  port?: number;
  /** No windows: print the URLs (tests, or a machine where someone opens them by hand). */
  headless?: boolean;
  rendererDir?: string;
  /** An existing host (tests); otherwise one is created and closed with the kiosk. */
  host?: WorkstationHost;
  chromium?: string;
  /** Fullscreen surfaces open with `--kiosk` (unattended wall PCs). */
  fullscreen?: boolean;
  /** Container flags for Chromium (no sandbox, software GL); default when running as root or in CI. */
  compat?: boolean;
  token?: string;
  log?: (message: string) => void;
}

export interface RunningKiosk {
  port: number;
  token: string;
  origin: string;
  host: WorkstationHost;
  windows: WindowPlan[];
  unplaced: Surface[];
  /** The page address for a surface, token included; `key` defaults to `<surface>@kiosk`. */
  url(surface: Surface, key?: string, wallId?: string | null): string;
  close(): Promise<void>;
}

export function kioskDisplays(profile: Pick<WorkstationProfile, 'kioskScreens'>): DisplayInfo[] {
  const screens = profile.kioskScreens?.length ? profile.kioskScreens : [DEFAULT_KIOSK_SCREEN];
  const anyPrimary = screens.some((s) => s.primary);
  return screens.map((s, i) => ({
    id: s.id,
    bounds: { x: s.x, y: s.y, width: s.width, height: s.height },
    primary: anyPrimary ? s.primary : i === 0,
    label: s.label,
  }));
}

const MAX_RESTARTS = 3;

export async function startKiosk(options: StartKioskOptions): Promise<RunningKiosk> {
  const log = options.log ?? ((m: string) => console.log(`[kiosk] ${m}`));
  const { profile } = options;
  const serverUrl = options.serverUrl ?? profile.serverUrl;
  const ownHost = !options.host;
  await mkdir(options.dataDir, { recursive: true });
  const host =
    options.host ??
    (await createWorkstationHost({
      dataDir: options.dataDir,
      serverUrl,
      workstationId: profile.workstationId,
      workstationName: profile.name,
      shell: 'kiosk',
      wallDisplays: wallDisplaysFromProfile(profile),
      ...mapOptionsFromProfile(profile, options.profileFile),
    }));

  let server;
  try {
    server = await startKioskServer({
      host,
      rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
      port: options.port,
      token: options.token,
      log,
    });
  } catch (error) {
    if (ownHost) await host.close();
    throw error;
  }

  const plan = planWindows(profile, kioskDisplays(profile));
  if (plan.unplaced.length) log(`no screen for: ${plan.unplaced.join(', ')}`);

  const windows: AppWindow[] = [];
  const profileDirs: string[] = [];
  let closing = false;

  if (!options.headless && plan.windows.length > 0) {
    const chromium = options.chromium ?? findChromium();
    if (!chromium) {
      await server.close();
      if (ownHost) await host.close();
      throw new Error('No Chromium or Chrome found for the kiosk windows (set VIGIL_CHROMIUM, or use --headless)');
    }
    const compat = options.compat ?? (process.env.VIGIL_CHROMIUM_COMPAT === '1' || process.getuid?.() === 0 || Boolean(process.env.CI));
    for (const window of plan.windows) {
      const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'vigil-kiosk-'));
      profileDirs.push(userDataDir);
      const open = (restarts: number): void => {
        const launched = launchAppWindow({
          url: server.pageUrl(window.surface, window.key, window.wallId),
          bounds: window.bounds,
          userDataDir,
          kiosk: Boolean(options.fullscreen && window.fullscreen),
          compat,
          executable: chromium,
        });
        windows.push(launched);
        void launched.exited.then((code) => {
          if (closing) return;
          if (restarts >= MAX_RESTARTS) {
            log(`window ${window.key} exited (${code}); not restarting it again`);
            return;
          }
          log(`window ${window.key} exited (${code}); reopening`);
          setTimeout(() => !closing && open(restarts + 1), 1000);
        });
      };
      open(0);
      log(`window ${window.key} on ${window.displayId}: ${window.bounds.width}x${window.bounds.height}+${window.bounds.x}+${window.bounds.y}`);
    }
  }

  let closed: Promise<void> | undefined;
  return {
    port: server.port,
    token: server.token,
    origin: server.origin,
    host,
    windows: plan.windows,
    unplaced: plan.unplaced,
    url: (surface, key, wallId) => server.pageUrl(surface, key ?? `${surface}@kiosk`, wallId),
    close() {
      closed ??= (async () => {
        closing = true;
        await Promise.all(windows.map((w) => w.close()));
        await server.close();
        if (ownHost) await host.close();
        await Promise.all(profileDirs.map((dir) => rm(dir, { recursive: true, force: true })));
      })();
      return closed;
    },
  };
}
