import type { CameraView } from '../../../src-shared/desktop-api.js';
import { gridGeometry, type WallGrid as Grid } from '../../../src-shared/model/wall.js';
import type { WallDrop } from './drag-data.js';
import type { TileBudget } from './stream-budget.js';
import { WallTile } from './wall-tile.js';

export interface WallGridProps {
  grid: Grid;
  tiles: readonly (string | null)[];
  budget: readonly TileBudget[];
  cameras: ReadonlyMap<string, CameraView>;
  takeoverIndexes: ReadonlySet<number>;
  /** The tile shown in the focus view instead of here. */
  focusedIndex: number | null;
  /** The whole wall belongs to an alarm: no edits. */
  locked: boolean;
  nowMs: number;
  onDrop: (index: number, drop: WallDrop) => void;
  onFocus: (index: number) => void;
  onClear: (index: number) => void;
  onScreenChange: (index: number, onScreen: boolean) => void;
}

/**
 * The tiles on a CSS grid. Each tile is keyed by its index and camera, so a drop or a
 * swap recreates only the tiles it touched; the surface keys this whole grid by the
 * layout, so a new layout, tour step or takeover destroys every player first.
 */
export function WallGrid(props: WallGridProps) {
  const geometry = gridGeometry(props.grid);
  return (
    <div
      className="wall-grid"
      data-testid="wall-grid"
      style={{ gridTemplateColumns: `repeat(${geometry.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${geometry.rows}, minmax(0, 1fr))` }}
    >
      {geometry.tiles.map((rect, index) => {
        const cameraId = props.tiles[index] ?? null;
        if (index === props.focusedIndex) {
          // Keeps the cell so the grid does not reflow behind the focus view; the tile itself lives there now.
          return <div key={`focused:${index}`} className="wall-tile-placeholder" style={{ gridColumn: `${rect.column} / span ${rect.columnSpan}`, gridRow: `${rect.row} / span ${rect.rowSpan}` }} />;
        }
        const takeover = props.takeoverIndexes.has(index);
        return (
          <WallTile
            key={`${index}:${cameraId ?? ''}`}
            index={index}
            cameraId={cameraId}
            camera={cameraId !== null ? props.cameras.get(cameraId) : undefined}
            budget={props.budget[index] ?? { index, stream: 'none', reason: 'empty' }}
            rect={rect}
            nowMs={props.nowMs}
            takeover={takeover}
            editable={!props.locked && !takeover}
            onDrop={props.onDrop}
            onFocus={props.onFocus}
            onClear={props.onClear}
            onScreenChange={props.onScreenChange}
          />
        );
      })}
    </div>
  );
}
