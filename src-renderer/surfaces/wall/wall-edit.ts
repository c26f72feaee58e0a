import { tileCount, type WallContent, type WallGrid, type WallLayoutInput } from '../../../src-shared/model/wall.js';
import { foldVietnamese } from '../../../src-shared/text/normalize.js';
import type { BaseView } from './wall-takeover.js';

/**
 * Edits on the wall always produce an ad-hoc content from what is on screen now: a
 * saved layout is shared, so dropping a camera on a tile must not change it for every
 * workstation (saving is a separate, explicit act), and a running tour stops where it is.
 */
export type AdhocContent = Extract<WallContent, { kind: 'adhoc' }>;

function adhoc(grid: WallGrid, tiles: readonly (string | null)[]): AdhocContent {
  const n = tileCount(grid);
  return { kind: 'adhoc', grid, tiles: Array.from({ length: n }, (_, i) => tiles[i] ?? null) };
}

export function withCamera(view: BaseView, index: number, cameraId: string | null): AdhocContent {
  const tiles = [...view.tiles];
  if (index < 0 || index >= tileCount(view.grid)) return adhoc(view.grid, tiles);
  tiles[index] = cameraId;
  return adhoc(view.grid, tiles);
}

export function swapTiles(view: BaseView, a: number, b: number): AdhocContent {
  const tiles = Array.from({ length: tileCount(view.grid) }, (_, i) => view.tiles[i] ?? null);
  if (a === b || a < 0 || b < 0 || a >= tiles.length || b >= tiles.length) return adhoc(view.grid, tiles);
  [tiles[a], tiles[b]] = [tiles[b]!, tiles[a]!];
  return adhoc(view.grid, tiles);
}

/** A new grid keeps the cameras in tile order; those beyond the new grid's tiles drop off. */
export function withGrid(view: BaseView, grid: WallGrid): AdhocContent {
  return adhoc(grid, view.tiles);
}

export function cleared(view: BaseView): AdhocContent {
  return adhoc(view.grid, []);
}

/** Stopping a tour keeps the step on screen. */
export function frozen(view: BaseView): AdhocContent {
  return adhoc(view.grid, view.tiles);
}

/**
 * What "save as" sends: the view under any alarm overlay (an alarm is not part of a
 * layout). A name already used (accents and case aside) updates that layout instead of
 * making a second one nobody can tell apart in the picker.
 */
export function layoutToSave(
  name: string,
  view: BaseView,
  existing: readonly { id: string; name: string }[],
  newId: () => string,
): WallLayoutInput {
  const trimmed = name.trim();
  const folded = foldVietnamese(trimmed);
  const same = existing.find((l) => foldVietnamese(l.name) === folded);
  const n = tileCount(view.grid);
  return { id: same?.id ?? newId(), name: trimmed, grid: view.grid, tiles: Array.from({ length: n }, (_, i) => view.tiles[i] ?? null) };
}
