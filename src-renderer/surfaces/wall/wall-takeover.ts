import type { WallDisplayInfo } from '../../../src-shared/desktop-api.js';
import type { Alert } from '../../../src-shared/model/alert.js';
import { takeoverGrid, takeoverQueue, tileCount, type WallGrid } from '../../../src-shared/model/wall.js';

/**
 * Alarm takeover as an overlay on what the display shows: computed from the alerts
 * on every render, never written into the display's content, so when the alert is
 * acknowledged (leaves `new`) the previous content is simply what remains.
 */
export interface WallTakeover {
  alert: Alert;
  /** Alerts queued behind it, most pressing first; the next one takes over when this one is acknowledged. */
  waiting: Alert[];
  mode: 'display' | 'tiles';
  grid: WallGrid;
  tiles: (string | null)[];
  /** Tiles showing the alert's cameras (highlighted, and first in the stream budget). */
  takeoverIndexes: number[];
}

export interface BaseView {
  grid: WallGrid;
  tiles: readonly (string | null)[];
}

type TakeoverConfig = Pick<WallDisplayInfo, 'takeover' | 'takeoverTiles' | 'takeoverMaxAgeMinutes'>;

export function takeoverForDisplay(display: TakeoverConfig, alerts: readonly Alert[], base: BaseView, nowMs: number): WallTakeover | null {
  if (display.takeover === 'none') return null;
  const queue = takeoverQueue(alerts, nowMs, display.takeoverMaxAgeMinutes * 60_000);
  const alert = queue[0];
  if (!alert) return null;
  const cameras = [...new Set(alert.cameraIds)];
  const waiting = queue.slice(1);

  if (display.takeover === 'display') {
    const grid = takeoverGrid(cameras.length);
    const n = tileCount(grid);
    const shown = cameras.slice(0, n);
    return {
      alert,
      waiting,
      mode: 'display',
      grid,
      tiles: Array.from({ length: n }, (_, i) => shown[i] ?? null),
      takeoverIndexes: shown.map((_, i) => i),
    };
  }

  const n = tileCount(base.grid);
  const configured = [...new Set(display.takeoverTiles)].filter((i) => Number.isInteger(i) && i >= 0 && i < n);
  // A 'tiles' monitor whose configured tiles do not exist in the current grid still shows the alarm, on tile 0.
  const targets = configured.length > 0 ? configured : [0];
  const tiles = Array.from({ length: n }, (_, i) => base.tiles[i] ?? null);
  const takeoverIndexes: number[] = [];
  cameras.slice(0, targets.length).forEach((cameraId, k) => {
    const index = targets[k]!;
    tiles[index] = cameraId;
    takeoverIndexes.push(index);
  });
  return { alert, waiting, mode: 'tiles', grid: base.grid, tiles, takeoverIndexes };
}
