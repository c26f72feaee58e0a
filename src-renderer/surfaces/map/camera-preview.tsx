import { useRef, useState } from 'react';
import type { CameraView } from '../../../src-shared/desktop-api.js';
import { cameraStatusOf } from '../../store/camera-selectors.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { PushToWall } from '../console/related-cameras.js';
import { newFrameMeter, type FrameMeter } from '../wall/tile-health.js';
import { TileVideo, type TilePlayerStatus } from '../wall/tile-video.js';

/** A camera clicked on the map: its live sub stream, where it is, and "put it on a wall tile". */
export function CameraPreview({ camera, onClose }: { camera: CameraView; onClose(): void }) {
  const t = useT();
  const displays = useAppStore((s) => s.wallDisplays);
  const meter = useRef<FrameMeter>(newFrameMeter());
  const [status, setStatus] = useState<TilePlayerStatus | null>(null);
  const health = cameraStatusOf(camera);
  return (
    <section className="map-panel camera-preview" data-testid="map-camera-preview" data-camera-id={camera.id} aria-label={t('map.preview.title', { name: camera.name })}>
      <header>
        <h2>{camera.name}</h2>
        <button type="button" className="ghost" data-testid="map-panel-close" onClick={onClose} aria-label={t('map.panel.close')}>
          ×
        </button>
      </header>
      <p className="small">
        <span className={`camera-status status-${health}`} data-testid="map-camera-status" data-status={health}>
          {t(`cameras.status.${health}`)}
        </span>{' '}
        <span className="muted">{camera.location.address || camera.location.district}</span>
      </p>
      {camera.enabled ? (
        <div className="preview-video" data-testid="map-preview-video" data-frames={status?.frames ?? 0}>
          <TileVideo key={camera.id} url={camera.subUrl} stream="sub" cameraId={camera.id} meter={meter} onStatus={setStatus} />
        </div>
      ) : (
        <p className="muted">{t('map.preview.disabled')}</p>
      )}
      {displays.length > 0 ? <PushToWall cameraId={camera.id} displays={displays} /> : <p className="muted small">{t('push.noDisplays')}</p>}
    </section>
  );
}
