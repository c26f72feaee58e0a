import type { Surface } from '../../src-shared/desktop-api.js';
import type { ProfileDisplay, WorkstationProfile } from '../../src-shared/workstation-profile.js';

/**
 * Which window goes on which monitor. Pure: both shells feed it what they know about
 * the monitors (Electron asks `screen`, the kiosk reads the profile's `kioskScreens`)
 * and apply the difference between the old and the new plan.
 */

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayInfo {
  id: string;
  bounds: Bounds;
  primary: boolean;
  label?: string | undefined;
}

export interface WindowPlan {
  /** Stable for the same surface on the same display, so a re-plan keeps windows that did not change. */
  key: string;
  displayId: string;
  surface: Surface;
  bounds: Bounds;
  fullscreen: boolean;
  /** For a wall window: which wall monitor of the profile it is (see wallDisplaysFromProfile); else null. */
  wallId: string | null;
}

export interface DisplayPlan {
  windows: WindowPlan[];
  /** Surfaces of the profile that got no monitor (fewer monitors than the profile expects). */
  unplaced: Surface[];
}

export interface PlanDiff {
  open: WindowPlan[];
  close: WindowPlan[];
  /** Same window, new bounds or fullscreen state (display resized or moved). */
  move: WindowPlan[];
}

type PlanProfile = Pick<WorkstationProfile, 'displays' | 'fallbackSurface'>;

interface Entry {
  order: number;
  spec: ProfileDisplay;
}

export function windowKey(surface: Surface, displayId: string): string {
  return `${surface}@${displayId}`;
}

/** Reading order the profile's `index` refers to: left to right, then top to bottom. */
export function sortDisplays(displays: readonly DisplayInfo[]): DisplayInfo[] {
  return [...displays].sort(
    (a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id.localeCompare(b.id),
  );
}

function sameLabel(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Lower priority number first; the profile's own order breaks ties. */
function byImportance(a: Entry, b: Entry): number {
  return a.spec.priority - b.spec.priority || a.order - b.order;
}

export function planWindows(profile: PlanProfile, displays: readonly DisplayInfo[]): DisplayPlan {
  const sorted = sortDisplays(displays);
  const entries: Entry[] = profile.displays.map((spec, order) => ({ order, spec })).sort(byImportance);

  // Fewer monitors than entries: the most important entries keep one.
  const survivors = entries.slice(0, sorted.length);
  const dropped = entries.slice(sorted.length);

  const assigned = new Map<Entry, DisplayInfo>();
  const taken = new Set<string>();
  const claim = (entry: Entry, display: DisplayInfo | undefined): void => {
    if (!display || taken.has(display.id) || assigned.has(entry)) return;
    assigned.set(entry, display);
    taken.add(display.id);
  };

  // Most specific match first (a label names one physical monitor), each pass by importance.
  for (const entry of survivors) {
    const label = entry.spec.match.label;
    if (label !== undefined) claim(entry, sorted.find((d) => !taken.has(d.id) && sameLabel(d.label, label)));
  }
  for (const entry of survivors) {
    const index = entry.spec.match.index;
    if (index !== undefined) claim(entry, sorted[index]);
  }
  for (const entry of survivors) {
    if (entry.spec.match.primary === true) claim(entry, sorted.find((d) => d.primary));
  }
  // Whatever did not find its own monitor takes the leftmost free one.
  for (const entry of survivors) {
    if (!assigned.has(entry)) claim(entry, sorted.find((d) => !taken.has(d.id)));
  }

  // Wall ids follow the profile's order of wall entries, as wallDisplaysFromProfile numbers them.
  const wallIds = new Map<number, string>();
  for (const [order, spec] of profile.displays.entries()) {
    if (spec.surface === 'wall') wallIds.set(order, spec.wall?.id ?? `wall-${wallIds.size + 1}`);
  }
  const placed = new Map<string, { surface: Surface; fullscreen: boolean; wallId: string | null }>();
  for (const [entry, display] of assigned) {
    placed.set(display.id, { surface: entry.spec.surface, fullscreen: entry.spec.fullscreen, wallId: wallIds.get(entry.order) ?? null });
  }
  const unplaced = dropped.map((e) => e.spec.surface);

  // The operator console is how the room works: it never disappears while a monitor exists.
  const consoleLost = unplaced.includes('console') && ![...placed.values()].some((p) => p.surface === 'console');
  if (consoleLost && sorted.length > 0) {
    const target = sorted.find((d) => d.primary) ?? sorted[0]!;
    const previous = placed.get(target.id);
    const consoleEntry = dropped.find((e) => e.spec.surface === 'console')!;
    placed.set(target.id, { surface: 'console', fullscreen: consoleEntry.spec.fullscreen, wallId: null });
    unplaced.splice(unplaced.indexOf('console'), 1);
    if (previous) unplaced.push(previous.surface);
  }

  const windows: WindowPlan[] = sorted.map((display) => {
    const chosen = placed.get(display.id) ?? { surface: profile.fallbackSurface, fullscreen: true, wallId: null };
    return {
      key: windowKey(chosen.surface, display.id),
      displayId: display.id,
      surface: chosen.surface,
      bounds: { ...display.bounds },
      fullscreen: chosen.fullscreen,
      wallId: chosen.wallId,
    };
  });
  return { windows, unplaced };
}

function sameBounds(a: Bounds, b: Bounds): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

export function diffPlans(prev: readonly WindowPlan[], next: readonly WindowPlan[]): PlanDiff {
  const before = new Map(prev.map((w) => [w.key, w]));
  const after = new Map(next.map((w) => [w.key, w]));
  const open = next.filter((w) => !before.has(w.key));
  const close = prev.filter((w) => !after.has(w.key));
  const move = next.filter((w) => {
    const old = before.get(w.key);
    return old !== undefined && (!sameBounds(old.bounds, w.bounds) || old.fullscreen !== w.fullscreen);
  });
  return { open, close, move };
}
