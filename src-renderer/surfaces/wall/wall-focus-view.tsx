import { useEffect, useRef } from 'react';
import type { CameraView } from '../../../src-shared/desktop-api.js';
import { useT } from '../../store/store-context.js';
import type { TileBudget } from './stream-budget.js';
import { WallTile } from './wall-tile.js';

const FULL = { column: 1, row: 1, columnSpan: 1, rowSpan: 1 };

/** One tile over the whole wall, on the camera's main stream; Esc, a second double-click or the button returns to the grid. */
export function WallFocusView({
  index,
  cameraId,
  camera,
  budget,
  takeover,
  nowMs,
  onExit,
}: {
  index: number;
  cameraId: string;
  camera: CameraView | undefined;
  budget: TileBudget;
  takeover: boolean;
  nowMs: number;
  onExit: () => void;
}) {
  const t = useT();
  const exitButton = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    exitButton.current?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      onExit();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onExit]);

  return (
    <div className="wall-focus" data-testid="wall-focus" data-tile-index={index} data-camera-id={cameraId} role="dialog" aria-label={t('focus.title', { camera: camera?.name ?? cameraId })}>
      <WallTile index={index} cameraId={cameraId} camera={camera} budget={budget} rect={FULL} nowMs={nowMs} takeover={takeover} editable={false} inFocusView onFocus={onExit} />
      <button ref={exitButton} type="button" className="focus-exit" data-testid="focus-exit" onClick={onExit}>
        {t('focus.exit')}
      </button>
    </div>
  );
}
