import { describe, expect, it } from 'vitest';
import {
  diffPlans,
  planWindows,
  sortDisplays,
  windowKey,
  type DisplayInfo,
} from '../../../src-main/host/display-plan.js';
import { WorkstationProfileSchema, type WorkstationProfileInput } from '../../../src-shared/workstation-profile.js';

const W = 1920;
const H = 1080;

function monitors(count: number, primaryIndex = 0): DisplayInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    bounds: { x: i * W, y: 0, width: W, height: H },
    primary: i === primaryIndex,
  }));
}

function profile(displays: WorkstationProfileInput['displays'], extra: Partial<WorkstationProfileInput> = {}) {
  return WorkstationProfileSchema.parse({
    workstationId: 'ws-test',
    name: 'Test',
    serverUrl: 'http://127.0.0.1:4600',
    displays,
    ...extra,
  });
}

/** The four-monitor desk: console on the primary, wall, map and KPI around it. */
const fourUp = profile([
  { match: { index: 0, primary: true }, surface: 'console', priority: 0, fullscreen: false },
  { match: { index: 1 }, surface: 'wall', priority: 10 },
  { match: { index: 2 }, surface: 'map', priority: 20 },
  { match: { index: 3 }, surface: 'kpi', priority: 30 },
]);

const surfaces = (plan: ReturnType<typeof planWindows>) => plan.windows.map((w) => `${w.displayId}:${w.surface}`);

describe('sortDisplays', () => {
  it('orders left to right, then top to bottom, whatever order the OS reports', () => {
    const displays: DisplayInfo[] = [
      { id: 'right', bounds: { x: 3840, y: 0, width: W, height: H }, primary: false },
      { id: 'lower-left', bounds: { x: 0, y: H, width: W, height: H }, primary: false },
      { id: 'upper-left', bounds: { x: 0, y: 0, width: W, height: H }, primary: true },
      { id: 'middle', bounds: { x: 1920, y: -200, width: W, height: H }, primary: false },
    ];
    expect(sortDisplays(displays).map((d) => d.id)).toEqual(['upper-left', 'lower-left', 'middle', 'right']);
  });

  it('handles monitors left of the primary (negative coordinates)', () => {
    const displays: DisplayInfo[] = [
      { id: 'primary', bounds: { x: 0, y: 0, width: W, height: H }, primary: true },
      { id: 'left', bounds: { x: -W, y: 0, width: W, height: H }, primary: false },
    ];
    expect(sortDisplays(displays).map((d) => d.id)).toEqual(['left', 'primary']);
  });
});

describe('planWindows', () => {
  it('gives each of four monitors its surface, with the display bounds and fullscreen flag', () => {
    const plan = planWindows(fourUp, monitors(4));
    expect(surfaces(plan)).toEqual(['d0:console', 'd1:wall', 'd2:map', 'd3:kpi']);
    expect(plan.unplaced).toEqual([]);
    expect(plan.windows[0]).toEqual({
      key: 'console@d0',
      displayId: 'd0',
      surface: 'console',
      bounds: { x: 0, y: 0, width: W, height: H },
      fullscreen: false,
      wallId: null,
    });
    expect(plan.windows[1]!.fullscreen).toBe(true);
    // The wall window knows which wall monitor of the profile it is, whatever the OS calls the display.
    expect(plan.windows[1]!.wallId).toBe('wall-1');
  });

  it('names wall windows by the profile wall id, else wall-<n> in profile order', () => {
    const profile = {
      fallbackSurface: 'console' as const,
      displays: [
        { match: { index: 0 }, surface: 'console' as const, priority: 0, fullscreen: false },
        { match: { index: 1 }, surface: 'wall' as const, priority: 10, fullscreen: true, wall: { id: 'tuong-trai', takeover: 'display' as const, takeoverTiles: [], takeoverMaxAgeMinutes: 120, streamCap: 16 } },
        { match: { index: 2 }, surface: 'wall' as const, priority: 10, fullscreen: true },
      ],
    };
    const plan = planWindows(profile, monitors(3));
    expect(plan.windows.map((w) => w.wallId)).toEqual([null, 'tuong-trai', 'wall-2']);
  });

  it('with one monitor keeps only the most important surface', () => {
    const plan = planWindows(fourUp, monitors(1));
    expect(surfaces(plan)).toEqual(['d0:console']);
    expect(plan.unplaced).toEqual(['wall', 'map', 'kpi']);
  });

  it('with two monitors keeps console and wall (lowest priority numbers)', () => {
    const plan = planWindows(fourUp, monitors(2));
    expect(surfaces(plan)).toEqual(['d0:console', 'd1:wall']);
    expect(plan.unplaced).toEqual(['map', 'kpi']);
  });

  it('moves an important surface whose monitor is missing onto a free one', () => {
    // Wall is on index 3 but only three monitors exist; KPI (least important) gives way.
    const p = profile([
      { match: { index: 0 }, surface: 'console', priority: 0 },
      { match: { index: 1 }, surface: 'map', priority: 20 },
      { match: { index: 2 }, surface: 'kpi', priority: 30 },
      { match: { index: 3 }, surface: 'wall', priority: 10 },
    ]);
    const plan = planWindows(p, monitors(3));
    expect(surfaces(plan)).toEqual(['d0:console', 'd1:map', 'd2:wall']);
    expect(plan.unplaced).toEqual(['kpi']);
  });

  it('gives extra monitors the fallback surface', () => {
    const p = profile([{ match: { primary: true }, surface: 'console', priority: 0 }], { fallbackSurface: 'map' });
    const plan = planWindows(p, monitors(3, 1));
    expect(surfaces(plan)).toEqual(['d0:map', 'd1:console', 'd2:map']);
    expect(plan.windows.map((w) => w.key)).toEqual(['map@d0', 'console@d1', 'map@d2']);
  });

  it('defaults the fallback surface to console', () => {
    const p = profile([{ match: { index: 0 }, surface: 'wall' }]);
    expect(surfaces(planWindows(p, monitors(2)))).toEqual(['d0:wall', 'd1:console']);
  });

  it('matches by label before index, case-insensitively, wherever the labelled monitor is', () => {
    const displays: DisplayInfo[] = [
      { id: 'a', bounds: { x: 0, y: 0, width: W, height: H }, primary: true, label: 'DELL U2720Q' },
      { id: 'b', bounds: { x: W, y: 0, width: W, height: H }, primary: false, label: 'LG Wall 55' },
    ];
    const p = profile([
      { match: { label: 'lg wall 55', index: 0 }, surface: 'wall', priority: 10 },
      { match: { index: 1 }, surface: 'console', priority: 0 },
    ]);
    const plan = planWindows(p, displays);
    // The label wins for the wall; the console's index 1 is taken, so it takes the free monitor.
    expect(surfaces(plan)).toEqual(['a:console', 'b:wall']);
  });

  it('falls back to the index when the labelled monitor is not connected', () => {
    const p = profile([
      { match: { label: 'Missing Monitor', index: 1 }, surface: 'wall', priority: 10 },
      { match: { index: 0 }, surface: 'console', priority: 0 },
    ]);
    expect(surfaces(planWindows(p, monitors(2)))).toEqual(['d0:console', 'd1:wall']);
  });

  it('matches the primary display when asked, wherever it is', () => {
    const p = profile([
      { match: { primary: true }, surface: 'console', priority: 0 },
      { match: { index: 0 }, surface: 'wall', priority: 10 },
    ]);
    expect(surfaces(planWindows(p, monitors(3, 2)))).toEqual(['d0:wall', 'd1:console', 'd2:console']);
  });

  it('supports the same surface on several monitors, each window with its own key', () => {
    const p = profile([
      { match: { index: 0 }, surface: 'console', priority: 0 },
      { match: { index: 1 }, surface: 'wall', priority: 10 },
      { match: { index: 2 }, surface: 'wall', priority: 11 },
    ]);
    const plan = planWindows(p, monitors(3));
    expect(plan.windows.map((w) => w.key)).toEqual(['console@d0', 'wall@d1', 'wall@d2']);
    expect(new Set(plan.windows.map((w) => w.key)).size).toBe(3);
    expect(planWindows(p, monitors(2)).unplaced).toEqual(['wall']);
  });

  it('rescues the console onto the primary monitor even when the profile ranks it low', () => {
    const p = profile([
      { match: { index: 0 }, surface: 'wall', priority: 0 },
      { match: { index: 1 }, surface: 'map', priority: 5 },
      { match: { index: 2 }, surface: 'console', priority: 90 },
    ]);
    const plan = planWindows(p, monitors(2, 1));
    expect(surfaces(plan)).toEqual(['d0:wall', 'd1:console']);
    expect(plan.unplaced).toEqual(['map']);
    expect(plan.windows.some((w) => w.surface === 'console')).toBe(true);
  });

  it('rescues the console on a single monitor', () => {
    const p = profile([
      { match: { index: 0 }, surface: 'wall', priority: 0 },
      { match: { index: 1 }, surface: 'console', priority: 50 },
    ]);
    const plan = planWindows(p, monitors(1));
    expect(surfaces(plan)).toEqual(['d0:console']);
    expect(plan.unplaced).toEqual(['wall']);
  });

  it('places nothing without monitors', () => {
    const plan = planWindows(fourUp, []);
    expect(plan.windows).toEqual([]);
    expect(plan.unplaced).toEqual(['console', 'wall', 'map', 'kpi']);
  });

  it('is deterministic for the same input in any display order', () => {
    const displays = monitors(4);
    const a = planWindows(fourUp, displays);
    const b = planWindows(fourUp, [...displays].reverse());
    expect(b).toEqual(a);
  });
});

describe('diffPlans and stable keys', () => {
  it('keeps the windows that did not change when a monitor is added', () => {
    const before = planWindows(fourUp, monitors(2)).windows;
    const after = planWindows(fourUp, monitors(3)).windows;
    const diff = diffPlans(before, after);
    expect(diff.open.map((w) => w.key)).toEqual(['map@d2']);
    expect(diff.close).toEqual([]);
    expect(diff.move).toEqual([]);
  });

  it('closes only the window of a removed monitor', () => {
    const before = planWindows(fourUp, monitors(4)).windows;
    const after = planWindows(fourUp, monitors(3)).windows;
    const diff = diffPlans(before, after);
    expect(diff.close.map((w) => w.key)).toEqual(['kpi@d3']);
    expect(diff.open).toEqual([]);
    expect(diff.move).toEqual([]);
  });

  it('reopens a surface on another monitor when its own disappears', () => {
    const p = profile([
      { match: { label: 'Wall' }, surface: 'wall', priority: 10 },
      { match: { primary: true }, surface: 'console', priority: 0 },
    ]);
    const two: DisplayInfo[] = [
      { id: 'p', bounds: { x: 0, y: 0, width: W, height: H }, primary: true },
      { id: 'w', bounds: { x: W, y: 0, width: W, height: H }, primary: false, label: 'Wall' },
    ];
    const three: DisplayInfo[] = [...two, { id: 'x', bounds: { x: 2 * W, y: 0, width: W, height: H }, primary: false }];
    const first = planWindows(p, three).windows;
    expect(first.map((w) => w.key)).toEqual(['console@p', 'wall@w', 'console@x']);
    const withoutWall = planWindows(p, three.filter((d) => d.id !== 'w')).windows;
    const diff = diffPlans(first, withoutWall);
    expect(diff.close.map((w) => w.key).sort()).toEqual(['console@x', 'wall@w']);
    expect(diff.open.map((w) => w.key)).toEqual(['wall@x']);
    expect(diffPlans(withoutWall, planWindows(p, three).windows).open.map((w) => w.key).sort()).toEqual(['console@x', 'wall@w']);
  });

  it('moves (not reopens) a window whose monitor changed resolution or position', () => {
    const before = planWindows(fourUp, monitors(2)).windows;
    const resized = monitors(2).map((d) => (d.id === 'd1' ? { ...d, bounds: { ...d.bounds, width: 2560, height: 1440 } } : d));
    const diff = diffPlans(before, planWindows(fourUp, resized).windows);
    expect(diff.open).toEqual([]);
    expect(diff.close).toEqual([]);
    expect(diff.move).toEqual([expect.objectContaining({ key: 'wall@d1', bounds: { x: W, y: 0, width: 2560, height: 1440 } })]);
  });

  it('finds nothing to do for the same plan', () => {
    const plan = planWindows(fourUp, monitors(4)).windows;
    expect(diffPlans(plan, planWindows(fourUp, monitors(4)).windows)).toEqual({ open: [], close: [], move: [] });
  });

  it('makes keys from surface and display only', () => {
    expect(windowKey('wall', '2779098405')).toBe('wall@2779098405');
  });
});
