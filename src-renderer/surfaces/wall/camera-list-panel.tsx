import { useMemo, useState, type DragEvent } from 'react';
import { CAMERA_KINDS, CAMERA_STATUSES, type CameraKind, type CameraStatus } from '../../../src-shared/model/camera.js';
import { cameraStatusOf, EMPTY_CAMERA_FILTERS, filterCameras, type CameraFilters } from '../../store/camera-selectors.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { CAMERA_DRAG_TYPE } from './drag-data.js';

/**
 * The registry as a source for the wall: search (accents optional), filters by group,
 * kind and status, and items to drag onto a tile (double-click or Enter puts one on
 * the first empty tile, for those who do not drag).
 */
export function CameraListPanel({ onPlace }: { onPlace: (cameraId: string) => void }) {
  const t = useT();
  const cameras = useAppStore((s) => s.cameras);
  const groups = useAppStore((s) => s.cameraGroups);
  const status = useAppStore((s) => s.camerasStatus);
  const [filters, setFilters] = useState<CameraFilters>(EMPTY_CAMERA_FILTERS);
  const shown = useMemo(() => filterCameras(cameras, filters), [cameras, filters]);

  function onDragStart(event: DragEvent<HTMLLIElement>, cameraId: string) {
    event.dataTransfer.setData(CAMERA_DRAG_TYPE, cameraId);
    event.dataTransfer.setData('text/plain', cameraId);
    event.dataTransfer.effectAllowed = 'copy';
  }

  return (
    <aside className="camera-panel" data-testid="camera-panel" aria-label={t('cameras.title')}>
      <div className="camera-panel-head">
        <h2>{t('cameras.title')}</h2>
        <span className="muted small" data-testid="camera-count">
          {t('cameras.count', { shown: shown.length, total: cameras.length })}
        </span>
      </div>
      <input
        type="search"
        data-testid="camera-search"
        aria-label={t('cameras.searchLabel')}
        placeholder={t('cameras.search')}
        value={filters.search}
        maxLength={200}
        onChange={(e) => setFilters({ ...filters, search: e.target.value })}
      />
      <div className="camera-filters">
        <select data-testid="camera-filter-group" aria-label={t('cameras.group')} value={filters.group} onChange={(e) => setFilters({ ...filters, group: e.target.value })}>
          <option value="">{t('cameras.group.all')}</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <select
          data-testid="camera-filter-kind"
          aria-label={t('cameras.kind')}
          value={filters.kind}
          onChange={(e) => setFilters({ ...filters, kind: e.target.value as CameraKind | '' })}
        >
          <option value="">{t('cameras.kind.all')}</option>
          {CAMERA_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`cameras.kind.${k}`)}
            </option>
          ))}
        </select>
        <select
          data-testid="camera-filter-status"
          aria-label={t('cameras.status')}
          value={filters.status}
          onChange={(e) => setFilters({ ...filters, status: e.target.value as CameraStatus | '' })}
        >
          <option value="">{t('cameras.status.all')}</option>
          {CAMERA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`cameras.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small camera-hint">{t('cameras.dragHint')}</p>
      <ul className="camera-list" data-testid="camera-list">
        {shown.map((camera) => {
          const health = cameraStatusOf(camera);
          return (
            <li
              key={camera.id}
              className="camera-item"
              data-testid="camera-item"
              data-camera-id={camera.id}
              data-status={health}
              draggable
              tabIndex={0}
              onDragStart={(e) => onDragStart(e, camera.id)}
              onDoubleClick={() => onPlace(camera.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onPlace(camera.id);
              }}
              title={camera.location.address || camera.id}
            >
              <span className={`status-dot status-${health}`} aria-hidden="true" />
              <span className="camera-item-text">
                <span className="camera-item-name">{camera.name}</span>
                <span className="muted small">
                  {t(`cameras.kind.${camera.kind}`)} · {t(`cameras.status.${health}`)}
                  {camera.area ? ` · ${camera.area}` : ''}
                </span>
              </span>
              {camera.pending && <span className="badge badge-pending">{t('queue.pending')}</span>}
            </li>
          );
        })}
      </ul>
      {shown.length === 0 && (
        <p className="muted small" data-testid="camera-empty">
          {status === 'ready' || status === 'error' ? t('cameras.empty') : t('cameras.loading')}
        </p>
      )}
    </aside>
  );
}
