import { useState, type FormEvent } from 'react';
import { tileCount, type ResolvedWall, type WallTourInput } from '../../../src-shared/model/wall.js';
import { ulid } from '../../../src-shared/ulid.js';
import { useAppStore, useT } from '../../store/store-context.js';

const LAYOUTS_SOURCE = 'layouts:all';

/**
 * Creates a shared tour: a camera group paged through the current grid, or every
 * saved layout in turn, switching every N seconds. Saved like a layout (queued
 * when offline); anyone may start it on any wall.
 */
export function TourEditor({ base, onClose }: { base: ResolvedWall; onClose: () => void }) {
  const t = useT();
  const groups = useAppStore((s) => s.cameraGroups);
  const layouts = useAppStore((s) => s.wallLayouts);
  const saveWallTour = useAppStore((s) => s.saveWallTour);
  const [name, setName] = useState('');
  const [interval, setInterval] = useState(15);
  const [source, setSource] = useState(groups[0] ? `group:${groups[0]}` : LAYOUTS_SOURCE);

  const canSave = name.trim() !== '' && (source !== LAYOUTS_SOURCE || layouts.length > 0);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSave) return;
    const steps: WallTourInput['steps'] =
      source === LAYOUTS_SOURCE
        ? { kind: 'layouts', layoutIds: layouts.map((l) => l.id) }
        : { kind: 'cameras', grid: base.grid, cameraIds: [], group: source.slice('group:'.length) };
    void saveWallTour({ id: ulid(), name: name.trim(), intervalSeconds: Math.min(3600, Math.max(3, Math.round(interval))), steps }).then((result) => {
      if (result.ok) onClose();
    });
  }

  return (
    <form className="tour-editor" data-testid="tour-editor" onSubmit={submit} aria-label={t('wall.tour.editor')}>
      <input data-testid="tour-name" aria-label={t('wall.tour.name')} placeholder={t('wall.tour.name')} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
      <select data-testid="tour-source" aria-label={t('wall.tour.source')} value={source} onChange={(e) => setSource(e.target.value)}>
        {groups.map((group) => (
          <option key={group} value={`group:${group}`}>
            {t('wall.tour.sourceGroup', { group, grid: base.grid, n: tileCount(base.grid) })}
          </option>
        ))}
        <option value={LAYOUTS_SOURCE} disabled={layouts.length === 0}>
          {t('wall.tour.sourceLayouts', { n: layouts.length })}
        </option>
      </select>
      <label className="tour-interval">
        {t('wall.tour.interval')}
        <input data-testid="tour-interval" type="number" min={3} max={3600} value={interval} onChange={(e) => setInterval(Number(e.target.value))} />
      </label>
      <button type="submit" data-testid="tour-save" disabled={!canSave}>
        {t('wall.tour.save')}
      </button>
      <button type="button" onClick={onClose}>
        {t('wall.tour.cancel')}
      </button>
    </form>
  );
}
