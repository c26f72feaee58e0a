import { useEffect, useRef, useState } from 'react';
import type { Bounds } from '../../../src-shared/model/map.js';
import type { MapStyle } from './basemap-style.js';
import { DrawTool, type DrawMode, type Ring } from './draw-tool.js';
import { MapEngine, type MapPick } from './map-engine.js';
import type { MapLayerSpec } from './map-layer-spec.js';

declare global {
  interface Window {
    /** Read-only, for end-to-end tests and the benchmark: where things are on screen and what the map holds. */
    __vigilMap?: {
      project(lon: number, lat: number): { x: number; y: number };
      layerIds(layerId: string): readonly string[];
      appliedUpdates(): number;
      loaded(): boolean;
      zoom(): number;
      /** Basemap layers with features drawn in view (source-layer for tile files, style layer for the region). */
      basemapLayersInView(): string[];
      /** Style loaded and every tile in view loaded. */
      idle(): boolean;
      /** Centres the map without animation (tests and support staff: look closely at one place). */
      jumpTo(lon: number, lat: number, zoom: number): void;
      /** Back to the whole basemap. */
      fitAll(): void;
    };
  }
}

export interface MapViewProps {
  /** Read once: a new basemap gets a new MapView (keyed by the basemap), see MapSurface. */
  style: MapStyle;
  bounds: Bounds;
  specs: readonly MapLayerSpec[];
  compact: boolean;
  drawMode: DrawMode | null;
  onPick(pick: MapPick): void;
  onHover(pick: MapPick): void;
  onDrawn(ring: Ring): void;
  onDrawing(ring: Ring | null): void;
}

/** The map canvas: owns one MapEngine for its lifetime and feeds it descriptors. */
export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement | null>(null);
  const engine = useRef<MapEngine | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const map = new MapEngine(container.current!, {
      style: latest.current.style,
      bounds: latest.current.bounds,
      compact: latest.current.compact,
      onClick: (pick) => {
        // A cluster opens itself: zoom to where it splits, the way every map does.
        if (pick.kind === 'cluster') {
          const zoom = map.clusterExpansionZoom(pick.layerId, pick.clusterId) ?? map.map.getZoom() + 2;
          map.zoomTo(pick.lon, pick.lat, zoom);
          return;
        }
        latest.current.onPick(pick);
      },
      onHover: (pick) => latest.current.onHover(pick),
    });
    engine.current = map;
    let isLoaded = false;
    map.map.once('load', () => {
      isLoaded = true;
      setLoaded(true);
    });
    Object.defineProperty(window, '__vigilMap', {
      configurable: true,
      writable: false,
      value: Object.freeze({
        project: (lon: number, lat: number) => map.project(lon, lat),
        layerIds: (layerId: string) => {
          const spec = latest.current.specs.find((s) => s.id === layerId);
          return spec?.type === 'points' ? spec.ids : [];
        },
        appliedUpdates: () => map.appliedUpdates,
        loaded: () => isLoaded,
        zoom: () => map.map.getZoom(),
        basemapLayersInView: () => [...new Set(map.map.queryRenderedFeatures().map((f) => f.sourceLayer ?? f.layer.id))].sort(),
        idle: () => map.map.isStyleLoaded() === true && map.map.areTilesLoaded(),
        jumpTo: (lon: number, lat: number, zoom: number) => map.map.jumpTo({ center: [lon, lat], zoom }),
        fitAll: () => map.fitBounds(latest.current.bounds, false),
      }),
    });
    return () => {
      delete window.__vigilMap;
      engine.current = null;
      map.destroy();
    };
  }, []);

  useEffect(() => {
    engine.current?.setLayers(props.specs);
  }, [props.specs]);

  useEffect(() => {
    const map = engine.current;
    if (!map || !props.drawMode) return;
    const tool = new DrawTool(map.map, props.drawMode, (ring) => latest.current.onDrawing(ring), (ring) => latest.current.onDrawn(ring));
    return () => tool.destroy();
  }, [props.drawMode]);

  return <div ref={container} className="map-canvas" data-testid="map-canvas" data-loaded={loaded} />;
}
