import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { WallDisplayInfo } from '../../../src-shared/desktop-api.js';
import type { WallContent } from '../../../src-shared/model/wall.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { cameraIndex } from '../../store/camera-selectors.js';
import { useAppStore, useNow, useT } from '../../store/store-context.js';
import { resolveDisplay } from '../../store/wall-selectors.js';
import { CameraListPanel } from './camera-list-panel.js';
import type { WallDrop } from './drag-data.js';
import { playersAlive, subscribePlayers } from './player-registry.js';
import { allocateStreams } from './stream-budget.js';
import { TakeoverBanner } from './takeover-banner.js';
import { useDocumentHidden } from './use-document-hidden.js';
import { swapTiles, withCamera } from './wall-edit.js';
import { WallFocusView } from './wall-focus-view.js';
import { WallGrid } from './wall-grid.js';
import { takeoverForDisplay } from './wall-takeover.js';
import { WallToolbar } from './wall-toolbar.js';

const NO_TILES: ReadonlySet<number> = new Set();

function contentKey(content: WallContent): string {
  if (content.kind === 'layout') return `layout:${content.layoutId}`;
  if (content.kind === 'tour') return `tour:${content.tourId}`;
  return 'adhoc';
}

/**
 * One wall monitor: what its display state says (a layout, an ad-hoc grid, a tour on
 * the clock), with any alarm takeover laid over it, played within the stream budget.
 */
export function WallView({ display }: { display: WallDisplayInfo }) {
  const t = useT();
  const nowMs = useNow(1000);
  const cameras = useAppStore((s) => s.cameras);
  const camerasStatus = useAppStore((s) => s.camerasStatus);
  const wallLayouts = useAppStore((s) => s.wallLayouts);
  const wallTours = useAppStore((s) => s.wallTours);
  const layoutsStatus = useAppStore((s) => s.wallLayoutsStatus);
  const alerts = useAppStore((s) => s.alerts);
  const wallError = useAppStore((s) => s.wallError);
  const dismissWallError = useAppStore((s) => s.dismissWallError);
  const setWallDisplay = useAppStore((s) => s.setWallDisplay);
  const documentHidden = useDocumentHidden();
  const alive = useSyncExternalStore(subscribePlayers, playersAlive, playersAlive);
  const [panelOpen, setPanelOpen] = useState(true);
  const [focus, setFocus] = useState<{ key: string; index: number; cameraId: string } | null>(null);
  const [offscreen, setOffscreen] = useState<{ key: string; tiles: ReadonlySet<number> }>({ key: '', tiles: NO_TILES });

  const content = display.state.content;
  const registryLoading = camerasStatus === 'idle' || camerasStatus === 'loading';
  const layoutsLoading = layoutsStatus === 'idle' || layoutsStatus === 'loading';
  // Resolving a layout or tour before they are read would flash "layout missing" and an empty grid.
  const waiting = (content.kind !== 'adhoc' && layoutsLoading) || (content.kind === 'tour' && registryLoading);

  const base = useMemo(() => resolveDisplay(display, { wallLayouts, wallTours, cameras }, nowMs), [display, wallLayouts, wallTours, cameras, nowMs]);
  const takeover = useMemo(() => takeoverForDisplay(display, alerts, base, nowMs), [display, alerts, base, nowMs]);
  const view = takeover ? { grid: takeover.grid, tiles: takeover.tiles } : { grid: base.grid, tiles: base.tiles };
  const takeoverIndexes = useMemo(() => new Set(takeover?.takeoverIndexes ?? []), [takeover]);
  const locked = takeover?.mode === 'display';

  // A new layout, tour step or whole-wall alarm remounts the grid: every player is destroyed before the next start.
  const layoutKey = [display.displayId, view.grid, contentKey(content), base.tour?.step ?? '', takeover?.mode === 'display' ? `alarm:${takeover.alert.id}` : ''].join('|');
  const layoutKeyRef = useRef(layoutKey);
  layoutKeyRef.current = layoutKey;

  const focused = focus && focus.key === layoutKey && view.tiles[focus.index] === focus.cameraId ? focus : null;
  const offscreenTiles = offscreen.key === layoutKey ? offscreen.tiles : NO_TILES;
  const cameraMap = cameraIndex(cameras);

  const budget = allocateStreams({
    tiles: view.tiles.map((cameraId, index) => ({
      index,
      cameraId,
      known: cameraId !== null && cameraMap.has(cameraId),
      onScreen: !offscreenTiles.has(index),
      takeover: takeoverIndexes.has(index),
    })),
    focusedIndex: focused?.index ?? null,
    documentHidden,
    registryLoading,
    streamCap: display.streamCap,
  });

  const show = useCallback((next: WallContent) => void setWallDisplay(display.displayId, next), [setWallDisplay, display.displayId]);

  const onScreenChange = useCallback((index: number, onScreen: boolean) => {
    setOffscreen((previous) => {
      const key = layoutKeyRef.current;
      const current = previous.key === key ? previous.tiles : NO_TILES;
      if (current.has(index) === !onScreen) return previous.key === key ? previous : { key, tiles: current };
      const tiles = new Set(current);
      if (onScreen) tiles.delete(index);
      else tiles.add(index);
      return { key, tiles };
    });
  }, []);

  function onDrop(index: number, drop: WallDrop) {
    if (locked || takeoverIndexes.has(index)) return;
    if (drop.kind === 'camera') show(withCamera(base, index, drop.cameraId));
    else if (drop.index !== index && !takeoverIndexes.has(drop.index)) show(swapTiles(base, drop.index, index));
  }

  function onPlace(cameraId: string) {
    if (locked) return;
    const index = view.tiles.findIndex((c, i) => c === null && !takeoverIndexes.has(i));
    if (index >= 0) show(withCamera(base, index, cameraId));
  }

  const onFocus = (index: number) => {
    const cameraId = view.tiles[index];
    if (cameraId) setFocus({ key: layoutKey, index, cameraId });
  };
  const exitFocus = useCallback(() => setFocus(null), []);

  return (
    <main
      className={`wall-surface${takeover ? ` wall-alarm wall-alarm-${takeover.mode}` : ''}`}
      data-testid="wall-surface"
      data-display-id={display.displayId}
      data-grid={waiting ? '' : view.grid}
      data-players-alive={alive}
      data-takeover-alert-id={takeover?.alert.id ?? ''}
      data-content-kind={content.kind}
      data-focused-index={focused?.index ?? ''}
      data-streams-playing={budget.playing}
      data-stream-cap={display.streamCap}
    >
      <WallToolbar
        display={display}
        base={base}
        shownGrid={view.grid}
        locked={locked}
        playing={budget.playing}
        paused={budget.paused}
        panelOpen={panelOpen}
        onTogglePanel={() => setPanelOpen((open) => !open)}
        nowMs={nowMs}
      />
      {wallError && <ErrorNotice failure={wallError} testId="wall-error" onDismiss={dismissWallError} />}
      {takeover && <TakeoverBanner takeover={takeover} nowMs={nowMs} />}
      <div className="wall-body">
        {panelOpen && <CameraListPanel onPlace={onPlace} />}
        <div className="wall-stage">
          {waiting ? (
            <p className="muted wall-loading" aria-busy="true">
              {t('wall.loadingLayout')}
            </p>
          ) : (
            <WallGrid
              key={layoutKey}
              grid={view.grid}
              tiles={view.tiles}
              budget={budget.tiles}
              cameras={cameraMap}
              takeoverIndexes={takeoverIndexes}
              focusedIndex={focused?.index ?? null}
              locked={locked}
              nowMs={nowMs}
              onDrop={onDrop}
              onFocus={onFocus}
              onClear={(index) => show(withCamera(base, index, null))}
              onScreenChange={onScreenChange}
            />
          )}
          {focused && !waiting && (
            <WallFocusView
              key={`${layoutKey}:${focused.index}`}
              index={focused.index}
              cameraId={focused.cameraId}
              camera={cameraMap.get(focused.cameraId)}
              budget={budget.tiles[focused.index]!}
              takeover={takeoverIndexes.has(focused.index)}
              nowMs={nowMs}
              onExit={exitFocus}
            />
          )}
        </div>
      </div>
    </main>
  );
}
