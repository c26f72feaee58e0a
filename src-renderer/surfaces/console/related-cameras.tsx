import { useState } from 'react';
import type { WallDisplayInfo } from '../../../src-shared/desktop-api.js';
import type { Failure } from '../../../src-shared/result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { cameraIndex, cameraStatusOf } from '../../store/camera-selectors.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { resolveDisplay } from '../../store/wall-selectors.js';

/** An alert's cameras by name and health, each with "show on wall" for this workstation's wall monitors. */
export function RelatedCameras({ cameraIds }: { cameraIds: readonly string[] }) {
  const t = useT();
  const cameras = useAppStore((s) => s.cameras);
  const displays = useAppStore((s) => s.wallDisplays);
  if (cameraIds.length === 0) return <span className="muted">{t('detail.noCameras')}</span>;
  const index = cameraIndex(cameras);
  return (
    <>
      <ul className="related-cameras">
        {cameraIds.map((id) => {
          const camera = index.get(id);
          const health = camera ? cameraStatusOf(camera) : null;
          return (
            <li key={id} data-testid="detail-camera" data-camera-id={id}>
              <span className="related-camera-name">
                <span className="mono camera-ref">{id}</span>
                {camera && <span>{camera.name}</span>}
                {health && (
                  <span className={`camera-status status-${health}`} data-status={health}>
                    {t(`cameras.status.${health}`)}
                  </span>
                )}
              </span>
              {displays.length > 0 && <PushToWall cameraId={id} displays={displays} />}
            </li>
          );
        })}
      </ul>
      {displays.length === 0 && <p className="muted small">{t('push.noDisplays')}</p>}
    </>
  );
}

type PushOutcome = { status: 'sending' } | { status: 'done'; display: string; tile: number } | { status: 'failed'; failure: Failure };

export function PushToWall({ cameraId, displays }: { cameraId: string; displays: readonly WallDisplayInfo[] }) {
  const t = useT();
  const cameras = useAppStore((s) => s.cameras);
  const wallLayouts = useAppStore((s) => s.wallLayouts);
  const wallTours = useAppStore((s) => s.wallTours);
  const pushCameraToWall = useAppStore((s) => s.pushCameraToWall);
  const [displayId, setDisplayId] = useState('');
  const [tileChoice, setTileChoice] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<PushOutcome | null>(null);
  const display = displays.find((d) => d.displayId === displayId) ?? displays[0]!;
  // The tile picker follows what the monitor shows now, so the operator sees which camera a push replaces.
  const tiles = resolveDisplay(display, { wallLayouts, wallTours, cameras }, Date.now()).tiles;
  const names = cameraIndex(cameras);
  const firstEmpty = tiles.indexOf(null);
  const tile = tileChoice !== null && tileChoice < tiles.length ? tileChoice : firstEmpty >= 0 ? firstEmpty : 0;

  function push() {
    setOutcome({ status: 'sending' });
    void pushCameraToWall({ displayId: display.displayId, tileIndex: tile, cameraId }).then((result) =>
      setOutcome(result.ok ? { status: 'done', display: display.label, tile } : { status: 'failed', failure: result }),
    );
  }

  return (
    <div className="push-to-wall" role="group" aria-label={t('push.title')}>
      <select
        data-testid="push-display"
        aria-label={t('push.display')}
        value={display.displayId}
        onChange={(e) => {
          setDisplayId(e.target.value);
          setTileChoice(null);
        }}
      >
        {displays.map((d) => (
          <option key={d.displayId} value={d.displayId}>
            {d.label}
          </option>
        ))}
      </select>
      <select data-testid="push-tile" aria-label={t('push.tile')} value={tile} onChange={(e) => setTileChoice(Number(e.target.value))}>
        {tiles.map((current, i) => (
          <option key={i} value={i}>
            {current ? t('push.tileWith', { n: i + 1, camera: names.get(current)?.name ?? current }) : t('push.tileEmpty', { n: i + 1 })}
          </option>
        ))}
      </select>
      <button type="button" data-testid="push-camera" data-camera-id={cameraId} disabled={outcome?.status === 'sending'} onClick={push}>
        {t('push.submit')}
      </button>
      {outcome?.status === 'done' && (
        <span className="outcome outcome-sent small" role="status" data-testid="push-outcome" data-status="done">
          {t('push.done', { display: outcome.display, n: outcome.tile + 1 })}
        </span>
      )}
      {outcome?.status === 'failed' && <ErrorNotice failure={outcome.failure} testId="push-error" onDismiss={() => setOutcome(null)} />}
    </div>
  );
}
