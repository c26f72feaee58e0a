import type { PickingInfo } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Bounds } from '../../../src-shared/model/map.js';
import type { MapStyle } from './basemap-style.js';
import { DeckLayerBuilder, specIdOf } from './deck-layers.js';
import type { MapLayerSpec } from './map-layer-spec.js';

setWorkerUrl(workerUrl);

/** What a pick (hover or click) hit, in terms of our layers rather than deck.gl's. */
export type MapPick =
  | { kind: 'point'; layerId: string; index: number; x: number; y: number }
  | { kind: 'cluster'; layerId: string; clusterId: number; count: number; lon: number; lat: number; x: number; y: number }
  | { kind: 'none'; lon: number; lat: number; x: number; y: number };

export interface MapEngineOptions {
  style: MapStyle;
  bounds: Bounds;
  /** Wall monitors show the map without zoom buttons or attribution clutter. */
  compact?: boolean;
  onClick?: (pick: MapPick) => void;
  onHover?: (pick: MapPick) => void;
  /** After a zoom or pan settles (cluster levels, what is in view). */
  onViewChange?: (view: { zoom: number; bounds: Bounds }) => void;
}

const PULSE_PERIOD_MS = 1200;
// Software rendering here: 10 pulse frames a second are plenty, and leave CPU for panning.
const PULSE_FRAME_MS = 100;

/**
 * One maplibre map with deck.gl interleaved into its WebGL context (MapLibreOverlay,
 * interleaved: deck layers share maplibre's depth and draw order). Layer updates are
 * collected and applied once per animation frame, however many arrive in between.
 */
export class MapEngine {
  readonly map: MapLibreMap;
  private readonly overlay: MapLibreOverlay;
  private readonly builder = new DeckLayerBuilder();
  private specs: readonly MapLayerSpec[] = [];
  private frameHandle = 0;
  private pulseTimer: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;
  /** The whole zoom level the layers were last built for (clusters change per level). */
  private appliedZoomLevel = -1;
  /** Layer applications so far (for tests and the benchmark: an update is visible once this moves). */
  appliedUpdates = 0;

  constructor(container: HTMLElement, private readonly options: MapEngineOptions) {
    this.map = new MapLibreMap({
      container,
      style: options.style,
      bounds: options.bounds,
      fitBoundsOptions: { padding: 24 },
      attributionControl: options.compact ? false : { compact: true },
      // The wall is watched, not touched; a desktop map rotates only if someone means it.
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 19,
      // Required for screenshots and the benchmark's frame reads; costs a little on real GPUs.
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    });
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      onClick: (info: PickingInfo) => this.options.onClick?.(this.toPick(info)),
      onHover: (info: PickingInfo) => this.options.onHover?.(this.toPick(info)),
    });
    this.map.addControl(this.overlay);
    this.map.on('moveend', () => {
      this.onZoomLevel();
      const b = this.map.getBounds();
      this.options.onViewChange?.({ zoom: this.map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] });
    });
    this.map.on('zoom', () => this.onZoomLevel());
  }

  /** Takes effect at the next animation frame; later calls in the same frame win. */
  setLayers(specs: readonly MapLayerSpec[]): void {
    this.specs = specs;
    const pulsing = specs.some((s) => s.type === 'points' && s.pulse !== null && s.mode === 'points');
    if (pulsing && !this.pulseTimer) this.pulseTimer = setInterval(() => this.schedule(), PULSE_FRAME_MS);
    if (!pulsing && this.pulseTimer) {
      clearInterval(this.pulseTimer);
      this.pulseTimer = null;
    }
    this.schedule();
  }

  /** Applies layers now rather than at the next frame (the benchmark times exactly this step). */
  applyNow(specs: readonly MapLayerSpec[]): void {
    this.specs = specs;
    this.apply();
  }

  fitBounds(bounds: Bounds, animate = true): void {
    this.map.fitBounds(bounds, { padding: 24, animate });
  }

  zoomTo(lon: number, lat: number, zoom: number): void {
    this.map.easeTo({ center: [lon, lat], zoom });
  }

  clusterExpansionZoom(layerId: string, clusterId: number): number | null {
    return this.builder.clusterExpansionZoom(layerId, clusterId);
  }

  project(lon: number, lat: number): { x: number; y: number } {
    const p = this.map.project([lon, lat]);
    return { x: p.x, y: p.y };
  }

  unproject(x: number, y: number): [number, number] {
    const p = this.map.unproject([x, y]);
    return [p.lng, p.lat];
  }

  destroy(): void {
    this.destroyed = true;
    if (this.frameHandle) cancelAnimationFrame(this.frameHandle);
    if (this.pulseTimer) clearInterval(this.pulseTimer);
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
    this.map.remove();
  }

  /**
   * Only clusters depend on the view (one set per whole zoom level): re-applying layers on
   * every pan step would make deck.gl ask for a second redraw of each frame.
   */
  private onZoomLevel(): void {
    const level = Math.floor(this.map.getZoom());
    if (level === this.appliedZoomLevel) return;
    if (this.specs.some((s) => s.type === 'points' && s.mode === 'clusters')) this.schedule();
    else this.appliedZoomLevel = level;
  }

  private schedule(): void {
    if (this.frameHandle || this.destroyed) return;
    this.frameHandle = requestAnimationFrame(() => {
      this.frameHandle = 0;
      this.apply();
    });
  }

  private apply(): void {
    if (this.destroyed) return;
    const pulsePhase = (performance.now() % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
    this.appliedZoomLevel = Math.floor(this.map.getZoom());
    this.overlay.setProps({ layers: this.builder.build(this.specs, { zoom: this.map.getZoom(), pulsePhase }) });
    this.appliedUpdates++;
  }

  private toPick(info: PickingInfo): MapPick {
    const [lon, lat] = info.coordinate ?? this.unproject(info.x, info.y);
    const base = { x: info.x, y: info.y };
    if (!info.layer || info.index < 0) return { kind: 'none', lon: lon!, lat: lat!, ...base };
    const layerId = specIdOf(info.layer.id);
    if (info.layer.id.endsWith(':clusters')) {
      const item = this.builder.clusterItem(layerId, info.index);
      if (!item) return { kind: 'none', lon: lon!, lat: lat!, ...base };
      if (item.pointIndex >= 0) return { kind: 'point', layerId, index: item.pointIndex, ...base };
      return { kind: 'cluster', layerId, clusterId: item.clusterId, count: item.count, lon: lon!, lat: lat!, ...base };
    }
    return { kind: 'point', layerId, index: info.index, ...base };
  }
}
