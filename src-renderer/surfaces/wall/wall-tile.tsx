import { useCallback, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import type { CameraView } from '../../../src-shared/desktop-api.js';
import type { TileRect } from '../../../src-shared/model/wall.js';
import { cameraStatusOf } from '../../store/camera-selectors.js';
import { useT } from '../../store/store-context.js';
import { acceptsWallDrag, readWallDrop, TILE_DRAG_TYPE, type WallDrop } from './drag-data.js';
import type { TileBudget } from './stream-budget.js';
import { classifyPlayback, newFrameMeter, tileState, type FrameMeter } from './tile-health.js';
import { TileVideo, type TilePlayerStatus } from './tile-video.js';
import { useOnScreen } from './use-on-screen.js';

export interface WallTileProps {
  index: number;
  cameraId: string | null;
  camera: CameraView | undefined;
  budget: TileBudget;
  rect: TileRect;
  /** Date.now(), ticking each second (retry countdowns). */
  nowMs: number;
  /** The alert's camera during a takeover: highlighted, and not editable. */
  takeover: boolean;
  /** Drops, swaps, double-click and clearing are allowed. */
  editable: boolean;
  /** The tile shown full-window (focus view): no grid placement, no visibility tracking. */
  inFocusView?: boolean;
  onDrop?: (index: number, drop: WallDrop) => void;
  onFocus?: (index: number) => void;
  onClear?: (index: number) => void;
  onScreenChange?: (index: number, onScreen: boolean) => void;
}

const IDLE: TilePlayerStatus = {
  frames: 0,
  dropped: 0,
  fps: 0,
  lastFrameAtMs: null,
  sampledAtMs: 0,
  failures: 0,
  retryAtMs: null,
  unsupported: false,
  lastError: null,
};

/**
 * One tile: the camera's picture, its name and health, and a state overlay whenever
 * the picture is not live, so a frozen or missing picture never passes for live.
 */
export function WallTile(props: WallTileProps) {
  const { index, cameraId, camera, budget, rect, nowMs, takeover, editable, inFocusView = false } = props;
  const t = useT();
  const element = useRef<HTMLDivElement | null>(null);
  const meter = useRef<FrameMeter>(newFrameMeter());
  const [status, setStatus] = useState<TilePlayerStatus>(IDLE);
  const [dropTarget, setDropTarget] = useState(false);
  const { onScreenChange } = props;
  const reportOnScreen = useCallback((onScreen: boolean) => onScreenChange?.(index, onScreen), [onScreenChange, index]);
  useOnScreen(element, !inFocusView && cameraId !== null, reportOnScreen);

  const url = camera && budget.stream === 'main' ? camera.mainUrl : camera && budget.stream === 'sub' ? camera.subUrl : null;
  const playback = classifyPlayback({
    nowMs: status.sampledAtMs,
    lastFrameAtMs: status.lastFrameAtMs,
    failures: status.failures,
    retrying: status.retryAtMs !== null,
    cameraStatus: camera ? cameraStatusOf(camera) : null,
    unsupported: status.unsupported,
  });
  const state = tileState(budget.reason, url ? playback : 'connecting');
  const health = camera ? cameraStatusOf(camera) : null;
  const retryInS = status.retryAtMs !== null ? Math.max(0, Math.ceil((status.retryAtMs - nowMs) / 1000)) : null;

  const style: CSSProperties = inFocusView
    ? {}
    : { gridColumn: `${rect.column} / span ${rect.columnSpan}`, gridRow: `${rect.row} / span ${rect.rowSpan}` };

  function onDragStart(event: DragEvent<HTMLDivElement>) {
    if (!editable || cameraId === null) return;
    event.dataTransfer.setData(TILE_DRAG_TYPE, String(index));
    event.dataTransfer.effectAllowed = 'move';
  }

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (!editable || !acceptsWallDrag(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = event.dataTransfer.types.includes(TILE_DRAG_TYPE) ? 'move' : 'copy';
    if (!dropTarget) setDropTarget(true);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    setDropTarget(false);
    if (!editable) return;
    const drop = readWallDrop(event.dataTransfer);
    if (!drop) return;
    event.preventDefault();
    props.onDrop?.(index, drop);
  }

  const label = camera?.name ?? cameraId;
  return (
    <div
      ref={element}
      className={`wall-tile tile-${state}${takeover ? ' tile-takeover' : ''}${dropTarget ? ' tile-drop-target' : ''}${inFocusView ? ' tile-focused' : ''}`}
      style={style}
      data-testid="wall-tile"
      data-tile-index={index}
      data-camera-id={cameraId ?? ''}
      data-state={state}
      data-stream={url ? budget.stream : 'none'}
      data-frames={status.frames}
      data-fps={url ? status.fps : 0}
      data-dropped={status.dropped}
      data-takeover={takeover ? 'true' : 'false'}
      draggable={editable && cameraId !== null && !inFocusView}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
      onDoubleClick={() => cameraId !== null && props.onFocus?.(index)}
      tabIndex={cameraId !== null ? 0 : undefined}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && cameraId !== null && event.target === event.currentTarget) props.onFocus?.(index);
      }}
      title={cameraId !== null ? t(inFocusView ? 'focus.exit' : 'tile.focusHint') : undefined}
      aria-label={label ? t('tile.aria', { n: index + 1, camera: label, state: t(`tile.state.${state}`) }) : t('tile.aria.empty', { n: index + 1 })}
    >
      {url && cameraId !== null && (
        <TileVideo key={`${budget.stream}:${url}`} url={url} stream={budget.stream === 'main' ? 'main' : 'sub'} cameraId={cameraId} meter={meter} onStatus={setStatus} />
      )}
      {cameraId !== null && (
        <div className="tile-caption">
          <span className="tile-index">{index + 1}</span>
          <span className="tile-name" title={cameraId}>
            {label}
          </span>
          {health && (
            <span className={`camera-status status-${health}`} data-testid="tile-camera-status" data-status={health}>
              {t(`cameras.status.${health}`)}
            </span>
          )}
          {url && state === 'live' && (
            <span className="tile-live" data-testid="tile-live">
              {t('tile.state.live')}
            </span>
          )}
          {url && state === 'live' && (
            <span className="tile-metrics" title={t('tile.metricsTitle')}>
              {t(budget.stream === 'main' ? 'tile.stream.main' : 'tile.stream.sub')} · {t('tile.fps', { fps: Math.round(status.fps) })}
              {status.dropped > 0 && <> · {t('tile.dropped', { n: status.dropped })}</>}
            </span>
          )}
          {editable && !inFocusView && props.onClear && (
            <button type="button" className="tile-clear" aria-label={t('tile.remove')} title={t('tile.remove')} onClick={() => props.onClear?.(index)}>
              ×
            </button>
          )}
        </div>
      )}
      {state !== 'live' && (
        <div className={`tile-overlay overlay-${state}`} role={state === 'offline' || state === 'stalled' ? 'status' : undefined}>
          {state === 'paused-budget' ? (
            <span className="tile-state-text" data-testid="tile-over-budget">
              {t('tile.state.paused-budget')}
            </span>
          ) : (
            // An empty tile invites a drop only where one is possible (not under an alarm's lock).
            <span className="tile-state-text">{state === 'empty' && !editable ? t('tile.state.emptyLocked') : t(`tile.state.${state}`)}</span>
          )}
          {budget.reason === 'unknown-camera' && cameraId !== null && <span className="tile-state-detail">{t('tile.unknownCamera', { id: cameraId })}</span>}
          {status.unsupported && url && <span className="tile-state-detail">{t('tile.unsupported')}</span>}
          {retryInS !== null && url && (state === 'stalled' || state === 'offline' || state === 'connecting') && (
            <span className="tile-state-detail">{t('tile.retryIn', { s: retryInS })}</span>
          )}
        </div>
      )}
    </div>
  );
}
