import { takeoverGrid, type WallGrid } from '../../../src-shared/model/wall.js';

/** Most cameras one wall monitor shows (a 5×5 grid). */
export const MAX_LAYOUT_CAMERAS = 25;

/** The grid that fits `n` cameras of a drawn selection (up to 25). */
export function gridForSelection(n: number): WallGrid {
  return n > 16 ? '5x5' : takeoverGrid(n);
}
