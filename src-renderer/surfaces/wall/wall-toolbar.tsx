import { useState, type FormEvent } from 'react';
import type { WallDisplayInfo } from '../../../src-shared/desktop-api.js';
import { WALL_GRIDS, tileCount, type ResolvedWall, type WallContent, type WallGrid } from '../../../src-shared/model/wall.js';
import { ulid } from '../../../src-shared/ulid.js';
import { formatTime } from '../../i18n/format.js';
import { selectDisplayNameOf } from '../../store/slices/directory-slice.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { TourEditor } from './tour-editor.js';
import { WallPushControl } from './wall-push-control.js';
import { cleared, frozen, layoutToSave, withGrid } from './wall-edit.js';

const GRID_LABELS: Record<WallGrid, string> = { '1': '1', '2x2': '2×2', '3x3': '3×3', '4x4': '4×4', '5x5': '5×5', '1+5': '1+5', '1+7': '1+7' };

export interface WallToolbarProps {
  display: WallDisplayInfo;
  /** What the display shows, under any alarm overlay: what edits and saves start from. */
  base: ResolvedWall;
  /** The grid on screen (an alarm may have replaced the base grid). */
  shownGrid: WallGrid;
  /** A whole-display alarm owns the wall: no edits until it is acknowledged. */
  locked: boolean;
  playing: number;
  paused: number;
  panelOpen: boolean;
  onTogglePanel: () => void;
  nowMs: number;
}

/** Grid, layouts (save as, open), tours (start, stop), clear, and the stream budget in use. */
export function WallToolbar(props: WallToolbarProps) {
  const { display, base, locked, nowMs } = props;
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  // The host lists layouts and tours in name order already.
  const layouts = useAppStore((s) => s.wallLayouts);
  const tours = useAppStore((s) => s.wallTours);
  const setWallDisplay = useAppStore((s) => s.setWallDisplay);
  const saveWallLayout = useAppStore((s) => s.saveWallLayout);
  const deleteWallLayout = useAppStore((s) => s.deleteWallLayout);
  const deleteWallTour = useAppStore((s) => s.deleteWallTour);
  const [editingTour, setEditingTour] = useState(false);
  const userId = useAppStore((s) => s.session?.user.id ?? null);
  const nameOf = useAppStore(selectDisplayNameOf);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<{ id: string; name: string } | null>(null);
  const content = display.state.content;
  const layoutId = content.kind === 'layout' ? content.layoutId : '';
  const tourId = content.kind === 'tour' ? content.tourId : '';
  const currentLayout = layouts.find((l) => l.id === layoutId);
  const savedLayout = saved ? layouts.find((l) => l.id === saved.id) : undefined;

  const show = (next: WallContent) => void setWallDisplay(display.displayId, next);

  function save(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || locked) return;
    const input = layoutToSave(name, base, layouts, () => ulid());
    void saveWallLayout(input).then((result) => {
      if (!result.ok) return;
      setSaved({ id: input.id, name: input.name });
      setName('');
    });
  }

  let title: string;
  if (base.missing === 'layout') title = t('wall.layout.missing');
  else if (base.missing === 'tour') title = t('wall.tour.missing');
  else if (content.kind === 'layout') title = t('wall.title.layout', { name: base.title ?? '' });
  else if (content.kind === 'tour') title = t('wall.title.tour', { name: base.title ?? '' });
  else title = t('wall.title.adhoc');

  const setByOther = display.state.setBy !== '' && display.state.setBy !== userId;

  return (
    <div className="wall-toolbar" role="toolbar" aria-label={t('wall.toolbar')}>
      <div className="wall-title">
        <strong data-testid="wall-display-label">{display.label}</strong>
        <span data-testid="wall-content-title" data-content-kind={content.kind} className={base.missing ? 'warning-text' : undefined}>
          {title}
        </span>
        {currentLayout?.pending && (
          <span className="badge badge-pending" data-testid="wall-layout-pending">
            {t('wall.layout.pendingBadge')}
          </span>
        )}
        {(setByOther || display.state.pushSeq !== null) && (
          <span className="muted small" data-testid="wall-set-by">
            {t(display.state.pushSeq !== null ? 'wall.pushedBy' : 'wall.setBy', { name: nameOf(display.state.setBy), time: formatTime(display.state.setAt, locale) })}
          </span>
        )}
        {base.tour && (
          <span className="tour-status" data-testid="tour-status" data-step={base.tour.step} data-steps={base.tour.steps}>
            {t('wall.tour.status', {
              name: base.title ?? '',
              step: base.tour.step + 1,
              steps: base.tour.steps,
              s: Math.max(0, Math.ceil((base.tour.nextAtMs - nowMs) / 1000)),
            })}
          </span>
        )}
      </div>

      <div className="wall-tools">
        <div className="grid-chooser" role="group" aria-label={t('wall.grid.label')}>
          {WALL_GRIDS.map((grid) => (
            <button
              key={grid}
              type="button"
              data-testid={`grid-${grid}`}
              aria-pressed={props.shownGrid === grid}
              className={props.shownGrid === grid ? 'chip-on' : undefined}
              title={t('wall.grid.title', { grid: GRID_LABELS[grid], n: tileCount(grid) })}
              disabled={locked}
              onClick={() => show(withGrid(base, grid))}
            >
              {GRID_LABELS[grid]}
            </button>
          ))}
        </div>

        <form className="layout-save" onSubmit={save}>
          <input
            data-testid="layout-name"
            aria-label={t('wall.layout.name')}
            placeholder={t('wall.layout.namePlaceholder')}
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" data-testid="layout-save" disabled={!name.trim() || locked}>
            {t('wall.layout.save')}
          </button>
        </form>

        <select
          data-testid="layout-open"
          aria-label={t('wall.layout.open')}
          value={layoutId}
          disabled={locked}
          onChange={(e) => {
            if (e.target.value) show({ kind: 'layout', layoutId: e.target.value });
          }}
        >
          <option value="">{layouts.length > 0 ? t('wall.layout.openPlaceholder') : t('wall.layout.none')}</option>
          {layouts.map((layout) => (
            <option key={layout.id} value={layout.id} data-pending={layout.pending ? 'true' : 'false'}>
              {layout.pending ? t('wall.layout.pendingOption', { name: layout.name }) : layout.name}
            </option>
          ))}
        </select>

        {currentLayout && (
          <button
            type="button"
            data-testid="layout-delete"
            disabled={locked}
            title={t('wall.layout.delete')}
            onClick={() => {
              if (window.confirm(t('wall.layout.deleteConfirm', { name: currentLayout.name }))) void deleteWallLayout(currentLayout.id);
            }}
          >
            {t('wall.layout.delete')}
          </button>
        )}

        <select
          data-testid="tour-start"
          aria-label={t('wall.tour.start')}
          value={tourId}
          disabled={locked}
          onChange={(e) => show(e.target.value ? { kind: 'tour', tourId: e.target.value } : frozen(base))}
        >
          <option value="">{tours.length > 0 ? t('wall.tour.placeholder') : t('wall.tour.none')}</option>
          {tours.map((tour) => (
            <option key={tour.id} value={tour.id} data-pending={tour.pending ? 'true' : 'false'}>
              {tour.pending ? t('wall.layout.pendingOption', { name: tour.name }) : tour.name}
            </option>
          ))}
        </select>
        {content.kind === 'tour' && (
          <button type="button" data-testid="tour-stop" disabled={locked} onClick={() => show(frozen(base))}>
            {t('wall.tour.stop')}
          </button>
        )}
        {content.kind === 'tour' && tours.some((tour) => tour.id === tourId) && (
          <button
            type="button"
            data-testid="tour-delete"
            disabled={locked}
            onClick={() => {
              const tour = tours.find((x) => x.id === tourId);
              if (tour && window.confirm(t('wall.tour.deleteConfirm', { name: tour.name }))) void deleteWallTour(tour.id).then(() => show(frozen(base)));
            }}
          >
            {t('wall.tour.delete')}
          </button>
        )}
        <button type="button" data-testid="tour-new" aria-expanded={editingTour} onClick={() => setEditingTour(!editingTour)}>
          {t('wall.tour.new')}
        </button>

        <button type="button" data-testid="wall-clear" disabled={locked} onClick={() => show(cleared(base))}>
          {t('wall.clear')}
        </button>

        <WallPushControl display={display} base={base} />

        <span className={`stream-count${props.paused > 0 ? ' warning-text' : ''}`} data-testid="stream-count" data-playing={props.playing} data-cap={display.streamCap} title={t('wall.streams.title')}>
          {t('wall.streams', { playing: props.playing, cap: display.streamCap })}
        </span>

        <button type="button" data-testid="camera-panel-toggle" aria-pressed={props.panelOpen} onClick={props.onTogglePanel}>
          {props.panelOpen ? t('wall.panel.hide') : t('wall.panel.show')}
        </button>
      </div>

      {editingTour && <TourEditor base={base} onClose={() => setEditingTour(false)} />}

      {saved && (
        <p className={`outcome ${savedLayout?.pending ? 'outcome-queued' : 'outcome-sent'}`} role="status" data-testid="layout-saved" data-pending={savedLayout?.pending ? 'true' : 'false'}>
          {t(savedLayout?.pending ? 'wall.layout.savedPending' : 'wall.layout.saved', { name: saved.name })}
          <button type="button" className="link-button" onClick={() => setSaved(null)} aria-label={t('error.dismiss')}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
