import type { Bounds, TileFormat, VectorLayerInfo } from '../../../src-shared/model/map.js';

/**
 * Tolerant readers for the metadata tile files carry. Producers (tippecanoe, planetiler,
 * gdal, mb-util, go-pmtiles) disagree in details — strings or numbers, `jpeg` or `jpg`,
 * `json` as a string or an object — and a basemap must not be refused for a detail the
 * map can do without; only what cannot be drawn (an unknown tile format) is an error.
 */

/** Web Mercator's limits: what a file that names no bounds covers. */
export const WORLD_BOUNDS: Bounds = [-180, -85.051129, 180, 85.051129];

/** The highest zoom a tile coordinate may have (see TileCoordSchema). */
export const MAX_ZOOM = 24;

export function tileFormatFromName(name: string | null | undefined): TileFormat | null {
  switch ((name ?? '').trim().toLowerCase()) {
    case 'pbf':
    case 'mvt':
    case 'application/x-protobuf':
    case 'application/vnd.mapbox-vector-tile':
      return 'pbf';
    case 'png':
    case 'image/png':
      return 'png';
    case 'jpg':
    case 'jpeg':
    case 'image/jpeg':
      return 'jpg';
    case 'webp':
    case 'image/webp':
      return 'webp';
    default:
      return null;
  }
}

function finiteNumbers(value: unknown): number[] | null {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (!parts) return null;
  const numbers = parts.map((p) => (typeof p === 'number' ? p : typeof p === 'string' && p.trim() !== '' ? Number(p) : NaN));
  return numbers.every(Number.isFinite) ? numbers : null;
}

/** `"w,s,e,n"` or `[w,s,e,n]`; null when absent or not a sensible box. */
export function parseBounds(value: unknown): Bounds | null {
  const n = finiteNumbers(value);
  if (!n || n.length !== 4) return null;
  const [w, s, e, north] = n as [number, number, number, number];
  if (w < -180 || e > 180 || s < -90 || north > 90 || w >= e || s >= north) return null;
  return [w, s, e, north];
}

/** `"lon,lat[,zoom]"` or `[lon,lat,zoom]`; null when absent or out of range. */
export function parseCenter(value: unknown): [number, number] | null {
  const n = finiteNumbers(value);
  if (!n || n.length < 2 || n.length > 3) return null;
  const [lon, lat] = n as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return null;
  return [lon, lat];
}

export function boundsCenter(bounds: Bounds): [number, number] {
  return [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2];
}

/** A zoom level from metadata (`"14"` or `14`); null when absent or not a whole number in range. */
export function parseZoom(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_ZOOM ? n : null;
}

/**
 * The `vector_layers` of TileJSON-style metadata: `[{id, fields: {name: type}}]`. Entries
 * without an id are skipped; `fields` may be missing or malformed (then empty).
 */
export function parseVectorLayers(value: unknown): VectorLayerInfo[] {
  if (!Array.isArray(value)) return [];
  const layers: VectorLayerInfo[] = [];
  for (const entry of value.slice(0, 1000)) {
    if (!entry || typeof entry !== 'object') continue;
    const { id, fields } = entry as { id?: unknown; fields?: unknown };
    if (typeof id !== 'string' || id.length === 0 || id.length > 256) continue;
    const names = fields && typeof fields === 'object' && !Array.isArray(fields) ? Object.keys(fields).slice(0, 1000) : [];
    layers.push({ id, fields: names });
  }
  return layers;
}

/** MBTiles keeps `vector_layers` inside the `json` row, as a JSON string. */
export function vectorLayersFromJsonText(text: string | null | undefined): VectorLayerInfo[] {
  if (!text) return [];
  try {
    return parseVectorLayers((JSON.parse(text) as { vector_layers?: unknown } | null)?.vector_layers);
  } catch {
    return [];
  }
}

/** A short, single-line string from metadata (names, attribution); '' when absent. */
export function metadataText(value: unknown, maxLength: number): string {
  return typeof value === 'string' ? value.trim().slice(0, maxLength) : '';
}

/**
 * Attribution as plain text: many files carry HTML links (`<a href=…>© OpenStreetMap</a>`);
 * the map shows text, and markup from a file must never reach a page as markup.
 */
export function attributionText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = value
    .replace(/<[^>]*>/g, '')
    .replace(/&copy;/gi, '©')
    .replace(/&amp;/gi, '&')
    .replace(/\s+/g, ' ');
  return text.trim().slice(0, 300);
}
