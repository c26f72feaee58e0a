import type { PointDisplayMode } from './map-layer-spec.js';
import { MAP_LAYER_SOURCES } from './map-layer-registry.js';
import type { DrawMode } from './draw-tool.js';
import { BasemapPicker } from './basemap-picker.js';
import { TimeControls } from './time-controls.js';
import { useAppStore, useT } from '../../store/store-context.js';

/** Layer toggles and modes, the time filter, drawing tools and the basemap choice. */
export function MapToolbar({ nowMs, drawMode, onDrawMode, onWallMode }: { nowMs: number; drawMode: DrawMode | null; onDrawMode(mode: DrawMode | null): void; onWallMode(): void }) {
  const t = useT();
  const visible = useAppStore((s) => s.mapLayerVisible);
  const modes = useAppStore((s) => s.mapLayerMode);
  const setVisible = useAppStore((s) => s.setMapLayerVisible);
  const setMode = useAppStore((s) => s.setMapLayerMode);
  return (
    <div className="map-toolbar" role="toolbar" aria-label={t('map.toolbar')}>
      <div className="map-layers" role="group" aria-label={t('map.layers')}>
        {MAP_LAYER_SOURCES.map((source) => (
          <span key={source.id} className="map-layer-control">
            <label>
              <input
                type="checkbox"
                data-testid={`map-layer-toggle-${source.id}`}
                checked={visible[source.id] !== false}
                onChange={(e) => setVisible(source.id, e.target.checked)}
              />
              {t(source.titleKey)}
            </label>
            <select
              data-testid={`map-layer-mode-${source.id}`}
              aria-label={t('map.layer.mode', { layer: t(source.titleKey) })}
              value={modes[source.id] ?? source.defaultMode}
              disabled={visible[source.id] === false}
              onChange={(e) => setMode(source.id, e.target.value as PointDisplayMode)}
            >
              {source.modes.map((m) => (
                <option key={m} value={m}>
                  {t(`map.mode.${m}`)}
                </option>
              ))}
            </select>
          </span>
        ))}
      </div>
      <TimeControls nowMs={nowMs} />
      <div className="map-draw" role="group" aria-label={t('map.draw.title')}>
        {(['rectangle', 'polygon'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            data-testid={`map-draw-${mode}`}
            aria-pressed={drawMode === mode}
            onClick={() => onDrawMode(drawMode === mode ? null : mode)}
          >
            {t(`map.draw.${mode}`)}
          </button>
        ))}
      </div>
      <BasemapPicker />
      <button type="button" className="ghost" data-testid="map-wall-mode" title={t('map.wallMode.hint')} onClick={onWallMode}>
        {t('map.wallMode.enter')}
      </button>
    </div>
  );
}
