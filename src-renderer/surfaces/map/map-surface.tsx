import { useCallback, useEffect, useMemo, useState } from 'react';
import { pointInPolygon } from '../../../src-shared/geo/geometry.js';
import { regionBounds } from '../../../src-shared/model/map.js';
import { useAppStore, useAppStoreApi, useNow, useT } from '../../store/store-context.js';
import { AlertDetail } from '../console/alert-detail.js';
import { regionStyle, tileFileStyle } from './basemap-style.js';
import { CameraPreview } from './camera-preview.js';
import { isReportLayerSpec, REPORT_LAYER_ID } from './layers/report-layer.js';
import type { DrawMode, Ring } from './draw-tool.js';
import type { MapPick } from './map-engine.js';
import { MAP_LAYER_SOURCES } from './map-layer-registry.js';
import { MapLegend } from './map-legend.js';
import { MapToolbar } from './map-toolbar.js';
import { MapView } from './map-view.js';
import { ReportCard } from './report-card.js';
import { SelectionPanel } from './selection-panel.js';
import { registerTileProtocol } from './tile-protocol.js';
import { useMapLayerSpecs } from './use-map-layers.js';

type Panel = { kind: 'camera'; id: string } | { kind: 'alert'; id: string } | { kind: 'selection'; cameraIds: string[] } | null;
type Tooltip = { text: string; x: number; y: number } | null;

/** The time windows move with the clock; once every 30 s is enough for "last hour". */
const CLOCK_MS = 30_000;
/** Per window (sessionStorage is): a wall monitor's map stays bare, a desktop map keeps its controls. */
const WALL_MODE_KEY = 'vigil.map.wallMode';

function useWallMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return window.sessionStorage.getItem(WALL_MODE_KEY) === '1';
    } catch {
      return false;
    }
  });
  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      window.sessionStorage.setItem(WALL_MODE_KEY, next ? '1' : '0');
    } catch {
      // Storage refused (privacy settings): the mode still applies to this window until it closes.
    }
  }, []);
  return [on, set];
}

/**
 * The operations map: the region (or a local tile basemap) with live cameras and
 * alerts. Click a camera to preview it and put it on the wall, an alert to work it,
 * draw a shape to gather cameras into a layout.
 */
export function MapSurface() {
  const t = useT();
  const store = useAppStoreApi();
  const region = useAppStore((s) => s.mapRegion);
  const basemap = useAppStore((s) => s.basemap);
  const status = useAppStore((s) => s.mapStatus);
  const mapError = useAppStore((s) => s.mapError);
  const cameras = useAppStore((s) => s.cameras);
  const alerts = useAppStore((s) => s.alerts);
  const mapReports = useAppStore((s) => s.mapReports);
  const userId = useAppStore((s) => s.session?.user.id ?? null);
  const nowMs = useNow(CLOCK_MS);
  const fetchTile = useAppStore((s) => s.fetchTile);
  const [panel, setPanel] = useState<Panel>(null);
  /** The field report whose card is open over the map. */
  const [reportId, setReportId] = useState<string | null>(null);
  const [tooltip, setTooltip] = useState<Tooltip>(null);
  const [drawMode, setDrawMode] = useState<DrawMode | null>(null);
  const [drawing, setDrawing] = useState<Ring | null>(null);
  const [wallMode, setWallMode] = useWallMode();
  const { specs, points } = useMapLayerSpecs(nowMs, drawing);

  useEffect(() => registerTileProtocol(fetchTile), [fetchTile]);

  // The report layer's list is loaded only where a map asks; asking also keeps it fresh
  // (live updates refresh it from then on). Departments give the card their names.
  useEffect(() => {
    if (!userId) return;
    void store.getState().refreshMapReports();
    void store.getState().refreshReportDirectory();
  }, [userId, store]);

  const style = useMemo(() => {
    if (!basemap || !region) return null;
    return basemap.kind === 'region' ? regionStyle(region) : tileFileStyle(basemap);
  }, [basemap, region]);
  const bounds = useMemo(() => (basemap?.kind === 'region' && region ? regionBounds(region) : basemap?.bounds ?? null), [basemap, region]);

  const entityAt = useCallback(
    (pick: MapPick): { layerId: string; id: string } | null => {
      if (pick.kind !== 'point') return null;
      const id = points.get(pick.layerId)?.ids[pick.index];
      return id ? { layerId: pick.layerId, id } : null;
    },
    [points],
  );

  const onPick = useCallback(
    (pick: MapPick) => {
      const hit = entityAt(pick);
      if (!hit) return;
      if (hit.layerId === 'cameras') setPanel({ kind: 'camera', id: hit.id });
      else if (hit.layerId === REPORT_LAYER_ID) setReportId(hit.id);
      else if (hit.layerId === 'alerts') {
        store.getState().selectAlert(hit.id);
        setPanel({ kind: 'alert', id: hit.id });
      }
    },
    [entityAt, store],
  );

  const onHover = useCallback(
    (pick: MapPick) => {
      if (pick.kind === 'cluster') {
        const spec = points.get(pick.layerId);
        // A report cluster says what it holds by status ("Quá hạn: 3"), not only how many.
        const text = isReportLayerSpec(spec) ? [t('map.report.cluster', { n: pick.count }), spec.clusterSummary(pick.clusterId)].filter(Boolean).join('\n') : t('map.cluster', { n: pick.count });
        return setTooltip({ text, x: pick.x, y: pick.y });
      }
      if (pick.kind !== 'point') return setTooltip(null);
      const spec = points.get(pick.layerId);
      setTooltip(spec ? { text: spec.tooltip(pick.index), x: pick.x, y: pick.y } : null);
    },
    [points, t],
  );

  const onDrawn = useCallback(
    (ring: Ring) => {
      setDrawMode(null);
      setDrawing(null);
      const inside = store.getState().cameras.filter((c) => pointInPolygon(c.location.lon, c.location.lat, ring));
      setPanel({ kind: 'selection', cameraIds: inside.map((c) => c.id) });
    },
    [store],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'Escape') return;
      if (drawMode) setDrawMode(null);
      else {
        setPanel(null);
        setReportId(null);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawMode]);

  if (status === 'error' && !region) {
    return (
      <main className="panel not-built" data-testid="map-surface" data-ready="false" data-problem="load">
        <h1>{t('map.loadError')}</h1>
        <p>{mapError?.message}</p>
      </main>
    );
  }
  if (!style || !bounds || !basemap) {
    return (
      <main className="panel" data-testid="map-surface" data-ready="false" aria-busy="true">
        {t('map.loading')}
      </main>
    );
  }

  const visiblePoints = MAP_LAYER_SOURCES.filter((s) => points.has(s.id)).map((s) => ({ spec: points.get(s.id)!, titleKey: s.titleKey }));
  const panelCamera = panel?.kind === 'camera' ? cameras.find((c) => c.id === panel.id) ?? null : null;
  const panelAlert = panel?.kind === 'alert' ? alerts.find((a) => a.id === panel.id) ?? null : null;
  // The card goes with its layer: hiding the reports hides it too.
  const cardReport = reportId && points.has(REPORT_LAYER_ID) ? mapReports.find((r) => r.id === reportId) ?? null : null;
  const selected = panel?.kind === 'selection' ? cameras.filter((c) => panel.cameraIds.includes(c.id)) : [];

  return (
    <main
      className={`map-surface${wallMode ? ' wall-mode' : ''}`}
      data-testid="map-surface"
      data-ready="true"
      data-basemap-kind={basemap.kind}
      data-basemap-revision={basemap.revision}
      data-camera-count={points.get('cameras')?.count ?? 0}
      data-alert-count={points.get('alerts')?.count ?? 0}
      data-report-count={points.get(REPORT_LAYER_ID)?.count ?? 0}
      data-draw-mode={drawMode ?? ''}
      data-wall-mode={wallMode}
    >
      {wallMode ? (
        <button type="button" className="map-wall-exit" data-testid="map-wall-mode-exit" onClick={() => setWallMode(false)}>
          {t('map.wallMode.exit')}
        </button>
      ) : (
        <MapToolbar nowMs={nowMs} drawMode={drawMode} onDrawMode={(m) => { setDrawMode(m); setDrawing(null); }} onWallMode={() => { setDrawMode(null); setWallMode(true); }} />
      )}
      <div className="map-body">
        <div className="map-stage">
          {/* A basemap switch builds a new map: maplibre's style diffing and deck.gl's interleaved
              layers disagree about layer order after setStyle, and a switch is rare. */}
          <MapView
            key={`${basemap.kind}:${basemap.revision}`}
            style={style}
            bounds={bounds}
            specs={specs}
            compact={false}
            drawMode={drawMode}
            onPick={onPick}
            onHover={onHover}
            onDrawn={onDrawn}
            onDrawing={setDrawing}
          />
          {tooltip && (
            <div className="map-tooltip" data-testid="map-tooltip" style={{ left: tooltip.x + 14, top: tooltip.y + 14 }}>
              {tooltip.text}
            </div>
          )}
          {cardReport && <ReportCard report={cardReport} onClose={() => setReportId(null)} />}
          <MapLegend layers={visiblePoints} />
          <p className="map-attribution small" data-testid="map-attribution">
            {basemap.kind === 'region' ? `${region!.name}${region!.approximate ? ` — ${t('map.approximate')}` : ''}` : `${basemap.name} (${basemap.kind.toUpperCase()})`}
          </p>
        </div>
        {panel && (
          <aside className="map-side" data-testid="map-side">
            {panelCamera && <CameraPreview camera={panelCamera} onClose={() => setPanel(null)} />}
            {panel.kind === 'alert' && (
              <div className="map-panel" data-testid="map-alert-panel">
                <button type="button" className="ghost map-panel-close" data-testid="map-panel-close" onClick={() => setPanel(null)} aria-label={t('map.panel.close')}>
                  ×
                </button>
                <AlertDetail alert={panelAlert} />
              </div>
            )}
            {panel.kind === 'selection' && <SelectionPanel cameras={selected} onClose={() => setPanel(null)} />}
          </aside>
        )}
      </div>
    </main>
  );
}
