import type { CameraView, WallDisplayInfo, WallLayoutView, WallTourView } from '../../src-shared/desktop-api.js';
import { resolveWall, type ResolvedWall } from '../../src-shared/model/wall.js';
import { camerasInGroup } from '../../src-shared/model/camera.js';

const layoutMaps = new WeakMap<readonly WallLayoutView[], Map<string, WallLayoutView>>();
const tourMaps = new WeakMap<readonly WallTourView[], Map<string, WallTourView>>();

export function layoutMap(layouts: readonly WallLayoutView[]): Map<string, WallLayoutView> {
  let map = layoutMaps.get(layouts);
  if (!map) {
    map = new Map(layouts.map((l) => [l.id, l] as const));
    layoutMaps.set(layouts, map);
  }
  return map;
}

export function tourMap(tours: readonly WallTourView[]): Map<string, WallTourView> {
  let map = tourMaps.get(tours);
  if (!map) {
    map = new Map(tours.map((t) => [t.id, t] as const));
    tourMaps.set(tours, map);
  }
  return map;
}

export interface WallData {
  wallLayouts: readonly WallLayoutView[];
  wallTours: readonly WallTourView[];
  cameras: readonly CameraView[];
}

/** What a display shows at `nowMs`, as a grid and its tiles (tour steps follow the clock). */
export function resolveDisplay(display: WallDisplayInfo, data: WallData, nowMs: number): ResolvedWall {
  return resolveWall(
    display.state.content,
    layoutMap(data.wallLayouts),
    tourMap(data.wallTours),
    (group) => camerasInGroup(data.cameras, group),
    nowMs,
  );
}

/**
 * The display a wall window shows: the one its launch parameter names, else the
 * workstation's first wall monitor. `unknown` when the parameter names a monitor this
 * workstation does not have: said on screen rather than silently showing another.
 */
export function pickWallDisplay(
  displays: readonly WallDisplayInfo[],
  wanted: string | null,
): { display: WallDisplayInfo } | { display: null; reason: 'none' | 'unknown' } {
  if (wanted !== null) {
    const found = displays.find((d) => d.displayId === wanted);
    return found ? { display: found } : { display: null, reason: 'unknown' };
  }
  const first = displays[0];
  return first ? { display: first } : { display: null, reason: 'none' };
}
