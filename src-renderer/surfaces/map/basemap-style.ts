import type { Map as MapLibreMap } from 'maplibre-gl';
import type { BasemapInfo, Region, VectorLayerInfo } from '../../../src-shared/model/map.js';

export type MapStyle = Exclude<Parameters<MapLibreMap['setStyle']>[0], string | null | undefined>;
type StyleLayer = MapStyle['layers'][number];

/** The tile URL scheme the host answers (see tile-protocol.ts); the revision defeats maplibre's tile cache on a switch. */
export const TILE_SCHEME = 'vigil-tiles';
export function tileUrlTemplate(revision: number): string {
  return `${TILE_SCHEME}://${revision}/{z}/{x}/{y}`;
}

// A dark wall palette: land barely lifted from the background, water and roads readable at 3 m.
const PALETTE = {
  background: '#0b1117',
  land: '#141d26',
  unitFill: '#17222d',
  unitLine: '#3a4a5c',
  boundary: '#8aa4bf',
  river: '#2f6f9f',
  water: '#16344d',
  road: '#a88a4a',
  expressway: '#d9a441',
  building: '#202a35',
  other: '#4b5b6b',
};

/** No glyphs or sprites: offline there is no font server, so labels are drawn by deck.gl (see region-labels.ts). */
function baseStyle(sources: MapStyle['sources'], layers: StyleLayer[]): MapStyle {
  return {
    version: 8,
    sources,
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': PALETTE.background } }, ...layers],
  };
}

/** The region itself as the basemap: units, boundary, waterways and main roads from its GeoJSON. */
export function regionStyle(region: Region): MapStyle {
  const role = (r: string) => ['==', ['get', 'role'], r] as never;
  return baseStyle({ region: { type: 'geojson', data: region as never } }, [
    { id: 'region-land', type: 'fill', source: 'region', filter: role('boundary'), paint: { 'fill-color': PALETTE.land } },
    { id: 'region-units', type: 'fill', source: 'region', filter: role('unit'), paint: { 'fill-color': PALETTE.unitFill, 'fill-opacity': 0.9 } },
    { id: 'region-water', type: 'fill', source: 'region', filter: role('water'), paint: { 'fill-color': PALETTE.water } },
    { id: 'region-unit-lines', type: 'line', source: 'region', filter: role('unit'), paint: { 'line-color': PALETTE.unitLine, 'line-width': 1.2, 'line-dasharray': [3, 2] } },
    {
      id: 'region-rivers', type: 'line', source: 'region', filter: role('river'),
      paint: { 'line-color': PALETTE.river, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 13, 5] },
    },
    {
      id: 'region-roads', type: 'line', source: 'region', filter: role('road'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'kind'], 'expressway', PALETTE.expressway, PALETTE.road],
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 13, 4],
      },
    },
    { id: 'region-boundary', type: 'line', source: 'region', filter: role('boundary'), paint: { 'line-color': PALETTE.boundary, 'line-width': 2.2 } },
  ]);
}

/** Layer names of the OpenMapTiles schema and friends, to colour common files sensibly. */
function colourFor(layer: VectorLayerInfo): string {
  const id = layer.id.toLowerCase();
  if (/water|ocean|lake|river|waterway/.test(id)) return PALETTE.river;
  if (/road|transport|street|highway/.test(id)) return PALETTE.road;
  if (/build/.test(id)) return PALETTE.building;
  if (/land|park|green/.test(id)) return PALETTE.land;
  if (/bound|admin/.test(id)) return PALETTE.boundary;
  return PALETTE.other;
}

/**
 * A generic dark style for any vector tile file: each layer the file declares drawn as
 * fills, lines and circles by geometry type. A file made for a specific style would
 * need that style; this one makes every file readable without one.
 */
export function tileFileStyle(info: BasemapInfo): MapStyle {
  const source = {
    tiles: [tileUrlTemplate(info.revision)],
    minzoom: info.minzoom,
    maxzoom: info.maxzoom,
    bounds: info.bounds,
    attribution: info.attribution,
  };
  if (info.tileFormat && info.tileFormat !== 'pbf') {
    return baseStyle({ basemap: { type: 'raster', tileSize: 256, ...source } }, [{ id: 'basemap-raster', type: 'raster', source: 'basemap' }]);
  }
  const layers: StyleLayer[] = [];
  for (const vl of info.vectorLayers) {
    const colour = colourFor(vl);
    const geom = (t: string) => ['==', ['geometry-type'], t] as never;
    layers.push(
      { id: `${vl.id}-fill`, type: 'fill', source: 'basemap', 'source-layer': vl.id, filter: geom('Polygon'), paint: { 'fill-color': colour, 'fill-opacity': 0.55 } },
      { id: `${vl.id}-line`, type: 'line', source: 'basemap', 'source-layer': vl.id, filter: geom('LineString'), paint: { 'line-color': colour, 'line-width': 1.6 } },
      { id: `${vl.id}-point`, type: 'circle', source: 'basemap', 'source-layer': vl.id, filter: geom('Point'), paint: { 'circle-color': colour, 'circle-radius': 2.5 } },
    );
  }
  return baseStyle({ basemap: { type: 'vector', ...source } }, layers);
}
