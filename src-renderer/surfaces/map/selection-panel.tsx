import { useState } from 'react';
import type { CameraView } from '../../../src-shared/desktop-api.js';
import { tileCount } from '../../../src-shared/model/wall.js';
import { gridForSelection, MAX_LAYOUT_CAMERAS } from './selection-grid.js';
import { ulid } from '../../../src-shared/ulid.js';
import type { Failure } from '../../../src-shared/result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore, useT } from '../../store/store-context.js';

type Outcome = { status: 'done'; messageKey: 'map.selection.opened' | 'map.selection.saved' } | { status: 'failed'; failure: Failure };

/**
 * Cameras inside a rectangle or polygon drawn on the map: open them on a wall monitor
 * of this workstation, or save them as a shared layout.
 */
export function SelectionPanel({ cameras, onClose }: { cameras: readonly CameraView[]; onClose(): void }) {
  const t = useT();
  const displays = useAppStore((s) => s.wallDisplays);
  const setWallDisplay = useAppStore((s) => s.setWallDisplay);
  const saveWallLayout = useAppStore((s) => s.saveWallLayout);
  const [displayId, setDisplayId] = useState('');
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const shown = cameras.slice(0, MAX_LAYOUT_CAMERAS);
  const grid = gridForSelection(shown.length);
  const tiles = Array.from({ length: tileCount(grid) }, (_, i) => shown[i]?.id ?? null);
  const display = displays.find((d) => d.displayId === displayId) ?? displays[0] ?? null;

  async function open() {
    if (!display) return;
    const result = await setWallDisplay(display.displayId, { kind: 'adhoc', grid, tiles });
    setOutcome(result.ok ? { status: 'done', messageKey: 'map.selection.opened' } : { status: 'failed', failure: result });
  }

  async function save() {
    const result = await saveWallLayout({ id: `layout-${ulid()}`, name: name.trim(), grid, tiles });
    setOutcome(result.ok ? { status: 'done', messageKey: 'map.selection.saved' } : { status: 'failed', failure: result });
  }

  return (
    <section className="map-panel selection-panel" data-testid="map-selection" data-camera-ids={cameras.map((c) => c.id).join(',')} aria-label={t('map.selection.title')}>
      <header>
        <h2>{t('map.selection.count', { n: cameras.length })}</h2>
        <button type="button" className="ghost" data-testid="map-panel-close" onClick={onClose} aria-label={t('map.panel.close')}>
          ×
        </button>
      </header>
      {cameras.length === 0 ? (
        <p className="muted">{t('map.selection.none')}</p>
      ) : (
        <>
          <ul className="selection-list">
            {shown.map((c) => (
              <li key={c.id} data-testid="map-selection-camera" data-camera-id={c.id}>
                {c.name}
              </li>
            ))}
          </ul>
          {cameras.length > MAX_LAYOUT_CAMERAS && <p className="muted small">{t('map.selection.capped', { n: MAX_LAYOUT_CAMERAS })}</p>}
          {display ? (
            <div className="selection-open" role="group" aria-label={t('map.selection.open')}>
              <select data-testid="map-selection-display" aria-label={t('push.display')} value={display.displayId} onChange={(e) => setDisplayId(e.target.value)}>
                {displays.map((d) => (
                  <option key={d.displayId} value={d.displayId}>
                    {d.label}
                  </option>
                ))}
              </select>
              <button type="button" data-testid="map-selection-open" onClick={() => void open()}>
                {t('map.selection.openOn', { grid })}
              </button>
            </div>
          ) : (
            <p className="muted small">{t('push.noDisplays')}</p>
          )}
          <div className="selection-save" role="group" aria-label={t('map.selection.save')}>
            <input data-testid="map-selection-name" value={name} maxLength={120} placeholder={t('wall.layout.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
            <button type="button" data-testid="map-selection-save" disabled={name.trim() === ''} onClick={() => void save()}>
              {t('map.selection.save')}
            </button>
          </div>
        </>
      )}
      {outcome?.status === 'done' && (
        <p className="outcome outcome-sent small" role="status" data-testid="map-selection-outcome">
          {t(outcome.messageKey)}
        </p>
      )}
      {outcome?.status === 'failed' && <ErrorNotice failure={outcome.failure} testId="map-selection-error" onDismiss={() => setOutcome(null)} />}
    </section>
  );
}
