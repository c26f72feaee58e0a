import { diffPlans, planWindows, type DisplayInfo, type DisplayPlan, type WindowPlan } from '../host/display-plan.js';
import type { WorkstationProfile } from '../../src-shared/workstation-profile.js';

/**
 * Keeps one window per planned (surface, display) and applies re-plans as differences,
 * so a monitor being plugged in does not reload the windows on the other monitors.
 * Electron-free: main.ts passes a factory that makes secure BrowserWindows.
 */
export interface ManagedWindow {
  setBounds(bounds: WindowPlan['bounds']): void;
  setFullScreen(fullscreen: boolean): void;
  close(): void;
  isDestroyed(): boolean;
  focus(): void;
}

export interface WindowManagerOptions {
  profile: Pick<WorkstationProfile, 'displays' | 'fallbackSurface'>;
  /** Current monitors, asked again at each re-plan. */
  getDisplays(): DisplayInfo[];
  /** Opens a window for a plan; `onClosed` must be called when it goes away by itself. */
  createWindow(plan: WindowPlan, onClosed: () => void): ManagedWindow;
  /** Screen events come in bursts; re-plan once they settle. */
  debounceMs?: number;
  log?: (message: string) => void;
}

export interface WindowManager {
  /** Re-plans now. */
  apply(): DisplayPlan;
  /** Re-plans after the burst of screen events settles. */
  schedule(): void;
  windows(): { plan: WindowPlan; window: ManagedWindow }[];
  /** The console window if there is one, else any window: what a second launch brings forward. */
  focusMain(): void;
  closeAll(): void;
}

export function createWindowManager(options: WindowManagerOptions): WindowManager {
  const open = new Map<string, { plan: WindowPlan; window: ManagedWindow }>();
  const log = options.log ?? (() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;

  const apply = (): DisplayPlan => {
    // Windows the user closed by hand are gone: forget them so the plan reopens them.
    for (const [key, entry] of open) if (entry.window.isDestroyed()) open.delete(key);
    const plan = planWindows(options.profile, options.getDisplays());
    const diff = diffPlans(
      [...open.values()].map((e) => e.plan),
      plan.windows,
    );
    for (const gone of diff.close) {
      const entry = open.get(gone.key);
      open.delete(gone.key);
      if (entry && !entry.window.isDestroyed()) entry.window.close();
    }
    for (const moved of diff.move) {
      const entry = open.get(moved.key);
      if (!entry) continue;
      entry.plan = moved;
      if (entry.window.isDestroyed()) continue;
      // Leave fullscreen before resizing: a fullscreen window ignores setBounds.
      if (!moved.fullscreen) entry.window.setFullScreen(false);
      entry.window.setBounds(moved.bounds);
      if (moved.fullscreen) entry.window.setFullScreen(true);
    }
    for (const added of diff.open) {
      const key = added.key;
      const window = options.createWindow(added, () => {
        if (open.get(key)?.window === window) open.delete(key);
      });
      open.set(key, { plan: added, window });
    }
    if (diff.open.length + diff.close.length + diff.move.length > 0) {
      log(
        `windows: ${plan.windows.map((w) => w.key).join(', ') || 'none'}` +
          (plan.unplaced.length ? ` (no monitor for: ${plan.unplaced.join(', ')})` : ''),
      );
    }
    return plan;
  };

  return {
    apply,
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        apply();
      }, options.debounceMs ?? 300);
    },
    windows: () => [...open.values()],
    focusMain() {
      const entries = [...open.values()].filter((e) => !e.window.isDestroyed());
      const main = entries.find((e) => e.plan.surface === 'console') ?? entries[0];
      main?.window.focus();
    },
    closeAll() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const entry of open.values()) if (!entry.window.isDestroyed()) entry.window.close();
      open.clear();
    },
  };
}
