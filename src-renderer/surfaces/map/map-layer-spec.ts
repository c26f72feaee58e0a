/**
 * A map layer as data. Every live layer is described by a pure function of store
 * state (see `layers/`), so it can be unit-tested without WebGL, and the map engine
 * turns descriptors into deck.gl layers. Point data travels as typed arrays (binary
 * attributes): deck.gl uploads them to the GPU as they are, with no per-object
 * accessor calls, which is what keeps 100,000 points cheap to update.
 *
 * A later domain (field reports, dossiers by agency, news by place) adds a layer by
 * writing one `MapLayerSource` and listing it in `map-layer-registry.ts`.
 */
export type MapEntityKind = 'camera' | 'alert' | 'report' | 'place' | 'sample';

/** How a point layer is drawn: each point, clusters at low zoom, or a density heatmap. */
export const POINT_DISPLAY_MODES = ['points', 'clusters', 'heatmap'] as const;
export type PointDisplayMode = (typeof POINT_DISPLAY_MODES)[number];

export type Rgba = readonly [number, number, number, number];

export interface LegendEntry {
  /** i18n key of the label. */
  labelKey: string;
  color: Rgba;
  /** Icon name (points drawn as icons) or null for a dot. */
  icon: string | null;
}

export interface PointLayerSpec {
  type: 'points';
  /** Stable across updates: deck.gl matches layers by id and only re-uploads what changed. */
  id: string;
  kind: MapEntityKind;
  /** Bumped whenever the arrays below change; the engine re-uploads on a new revision only. */
  revision: number;
  count: number;
  /** lon, lat per point. */
  positions: Float32Array;
  /** r, g, b, a per point. */
  colors: Uint8Array;
  /** Index → entity id, for picking (tooltips, clicks, selections). */
  ids: readonly string[];
  /** Drawn as icons from the map's icon atlas (one name per point) or as dots. */
  icons: readonly string[] | null;
  radiusPixels: number;
  /** 1 where the point pulses (e.g. a New alert), else 0; null when nothing pulses. */
  pulse: Uint8Array | null;
  mode: PointDisplayMode;
  /** Above this zoom a 'clusters' layer shows single points. */
  clusterMaxZoom: number;
  legend: readonly LegendEntry[];
  /** The tooltip of point `index` (plain text: rendered as text, never as HTML). */
  tooltip(index: number): string;
}

export interface TextLayerSpec {
  type: 'text';
  id: string;
  revision: number;
  texts: readonly { text: string; lon: number; lat: number; size: number }[];
  color: Rgba;
}

export interface ShapeLayerSpec {
  type: 'shape';
  id: string;
  revision: number;
  /** A closed ring (lon, lat) per shape, e.g. the rectangle or polygon being drawn. */
  rings: readonly (readonly [number, number])[][];
  fill: Rgba;
  line: Rgba;
}

export type MapLayerSpec = PointLayerSpec | TextLayerSpec | ShapeLayerSpec;
