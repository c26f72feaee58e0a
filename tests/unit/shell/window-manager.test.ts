import { describe, expect, it, vi } from 'vitest';
import type { DisplayInfo, WindowPlan } from '../../../src-main/host/display-plan.js';
import { createWindowManager, type ManagedWindow } from '../../../src-main/electron/window-manager.js';
import { WorkstationProfileSchema } from '../../../src-shared/workstation-profile.js';

const profile = WorkstationProfileSchema.parse({
  workstationId: 'ws',
  name: 'ws',
  serverUrl: 'http://127.0.0.1:1',
  displays: [
    { match: { primary: true }, surface: 'console', priority: 0 },
    { match: { index: 1 }, surface: 'wall', priority: 10 },
  ],
});

const display = (id: string, x: number, primary = false, width = 1920): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width, height: 1080 },
  primary,
});

class FakeWindow implements ManagedWindow {
  destroyed = false;
  calls: string[] = [];
  constructor(
    readonly plan: WindowPlan,
    readonly onClosed: () => void,
  ) {}
  setBounds(b: WindowPlan['bounds']) {
    this.calls.push(`bounds ${b.width}x${b.height}`);
  }
  setFullScreen(f: boolean) {
    this.calls.push(`fullscreen ${f}`);
  }
  close() {
    this.destroyed = true;
    this.calls.push('close');
    this.onClosed();
  }
  isDestroyed() {
    return this.destroyed;
  }
  focus() {
    this.calls.push('focus');
  }
}

function setup(initial: DisplayInfo[]) {
  let displays = initial;
  const created: FakeWindow[] = [];
  const manager = createWindowManager({
    profile,
    getDisplays: () => displays,
    createWindow: (plan, onClosed) => {
      const w = new FakeWindow(plan, onClosed);
      created.push(w);
      return w;
    },
    debounceMs: 50,
  });
  return { manager, created, setDisplays: (d: DisplayInfo[]) => (displays = d) };
}

describe('window manager', () => {
  it('opens one window per display and re-plans as differences', () => {
    const { manager, created, setDisplays } = setup([display('a', 0, true)]);
    manager.apply();
    expect(created.map((w) => w.plan.key)).toEqual(['console@a']);

    setDisplays([display('a', 0, true), display('b', 1920)]);
    manager.apply();
    expect(created.map((w) => w.plan.key)).toEqual(['console@a', 'wall@b']);
    expect(created[0]!.calls).toEqual([]); // the console window was left alone

    setDisplays([display('a', 0, true)]);
    manager.apply();
    expect(created[1]!.calls).toEqual(['close']);
    expect(manager.windows().map((w) => w.plan.key)).toEqual(['console@a']);
  });

  it('resizes a window whose display changed, leaving fullscreen around the resize', () => {
    const { manager, created, setDisplays } = setup([display('a', 0, true), display('b', 1920)]);
    manager.apply();
    setDisplays([display('a', 0, true), display('b', 1920, false, 3840)]);
    manager.apply();
    expect(created[1]!.calls).toEqual(['bounds 3840x1080', 'fullscreen true']);
    expect(created).toHaveLength(2);
  });

  it('reopens a window the user closed at the next re-plan', () => {
    const { manager, created } = setup([display('a', 0, true)]);
    manager.apply();
    created[0]!.close();
    expect(manager.windows()).toEqual([]);
    manager.apply();
    expect(created).toHaveLength(2);
  });

  it('coalesces a burst of screen events into one re-plan', async () => {
    vi.useFakeTimers();
    try {
      const { manager, created, setDisplays } = setup([display('a', 0, true)]);
      manager.apply();
      setDisplays([display('a', 0, true), display('b', 1920)]);
      for (let i = 0; i < 5; i++) manager.schedule();
      expect(created).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(60);
      expect(created).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('focuses the console window for a second launch, and closes everything', () => {
    const { manager, created } = setup([display('b', 1920), display('a', 0, true)]);
    manager.apply();
    manager.focusMain();
    const consoleWindow = created.find((w) => w.plan.surface === 'console')!;
    expect(consoleWindow.calls).toEqual(['focus']);
    manager.closeAll();
    expect(created.every((w) => w.destroyed)).toBe(true);
    expect(manager.windows()).toEqual([]);
  });
});
