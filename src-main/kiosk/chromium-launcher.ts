import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Bounds } from '../host/display-plan.js';

/**
 * Opens kiosk windows as Chromium `--app` windows: no address bar, no tabs, one page.
 * Each window gets its own throw-away profile folder, so windows do not share state with
 * the operator's own browser or with each other.
 */

/** Flags that keep Chromium quiet and self-contained (no sync, no updates, no first-run UI). */
export const CHROMIUM_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-features=Translate,MediaRouter',
  '--autoplay-policy=no-user-gesture-required',
  '--password-store=basic',
];

/** Only where the machine needs them (containers, no GPU); `VIGIL_CHROMIUM_COMPAT=1` or the option adds them. */
export const CHROMIUM_COMPAT_FLAGS = ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--test-type'];

/**
 * Written into each window's fresh profile: no translate bar over a Vietnamese page, no
 * "save password?" bubble over the login form of a shared control-room screen.
 */
export const CHROMIUM_PREFERENCES = {
  translate: { enabled: false },
  credentials_enable_service: false,
  profile: { password_manager_enabled: false, exit_type: 'Normal' },
  browser: { has_seen_welcome_page: true },
};

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `VIGIL_CHROMIUM` first, then the usual install places, then PATH; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.VIGIL_CHROMIUM;
  if (configured) return executable(configured) ? configured : null;
  for (const file of CANDIDATES) if (executable(file)) return file;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return null;
}

export interface AppWindowOptions {
  url: string;
  bounds: Bounds;
  /** A fresh folder per window (Chromium refuses to share one between processes). */
  userDataDir: string;
  /** `--kiosk`: fullscreen, no way out but Alt-F4 — for unattended wall PCs. */
  kiosk?: boolean;
  /** Container/headless-machine flags (no sandbox, software GL). */
  compat?: boolean;
  executable?: string;
  extraArgs?: string[];
}

export function appWindowArgs(options: AppWindowOptions): string[] {
  const { bounds } = options;
  const args = [
    `--app=${options.url}`,
    `--window-position=${bounds.x},${bounds.y}`,
    `--window-size=${bounds.width},${bounds.height}`,
    `--user-data-dir=${options.userDataDir}`,
    ...CHROMIUM_FLAGS,
  ];
  if (options.compat) args.push(...CHROMIUM_COMPAT_FLAGS);
  if (options.kiosk) args.push('--kiosk');
  args.push(...(options.extraArgs ?? []));
  return args;
}

export interface AppWindow {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  close(): Promise<void>;
}

export function launchAppWindow(options: AppWindowOptions): AppWindow {
  const file = options.executable ?? findChromium();
  if (!file) throw new Error('No Chromium or Chrome found (set VIGIL_CHROMIUM to its path)');
  const preferences = path.join(options.userDataDir, 'Default', 'Preferences');
  if (!existsSync(preferences)) {
    mkdirSync(path.dirname(preferences), { recursive: true });
    writeFileSync(preferences, JSON.stringify(CHROMIUM_PREFERENCES));
  }
  const child = spawn(file, appWindowArgs(options), { stdio: ['ignore', 'ignore', 'pipe'] });
  // Chromium is chatty on stderr; keep it from filling the pipe.
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return {
    process: child,
    exited,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
