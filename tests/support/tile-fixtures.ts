import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Feature, FeatureCollection } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { zxyToTileId } from 'pmtiles';
import vtpbf from 'vt-pbf';
import { encodeRgbPng } from '../../server/media/png-encoder.js';

/**
 * Small but real basemap files for tests: MBTiles and PMTiles v3, vector (MVT made with
 * geojson-vt + vt-pbf) or raster (solid PNG tiles), written the way real tools write them
 * (gzipped MBTiles vector tiles, TMS rows, `json` metadata with vector_layers; PMTiles
 * with a Hilbert-ordered, varint-encoded, gzipped root directory and clustered tile data).
 *
 *   import { sampleBasemapLayers, writeMbtiles, writePmtiles } from '../support/tile-fixtures.js';
 *
 *   const layers = sampleBasemapLayers();            // land, water, roads, places around Hậu Giang
 *   const mb = writeMbtiles(join(dir, 'hg.mbtiles'), { layers, minzoom: 6, maxzoom: 10, name: 'Hậu Giang' });
 *   const pm = writePmtiles(join(dir, 'hg.pmtiles'), { layers, minzoom: 6, maxzoom: 10 });
 *   const raster = writePmtiles(join(dir, 'r.pmtiles'), { raster: {}, bounds: HAU_GIANG_BOUNDS, maxzoom: 8 });
 *
 *   pm.tiles.get('8/202/121')   // the decompressed bytes a host should hand the map for XYZ 8/202/121
 *   pm.someTile()               // [z, x, y] of one tile that exists (at maxzoom)
 *
 * Both writers are synchronous, overwrite nothing (the path must not exist for MBTiles)
 * and return a WrittenTileSet describing exactly what was written.
 */

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/** Hậu Giang province and a margin: what sampleBasemapLayers covers. */
export const HAU_GIANG_BOUNDS: Bounds = [105.35, 9.55, 105.9, 10.02];

interface TileSetCommon {
  /** Metadata name (default "Vigil test basemap"). */
  name?: string;
  attribution?: string;
  /** Default 0. */
  minzoom?: number;
  /** Default 8; keep it small, every tile of the bounds is written at every zoom. */
  maxzoom?: number;
  /** Tiles are written over these bounds (vector default: the features' extent). */
  bounds?: Bounds;
}

export interface VectorTileSetSpec extends TileSetCommon {
  /** One vector layer per entry, named by its key. */
  layers: Record<string, FeatureCollection>;
}

export interface RasterTileSetSpec extends TileSetCommon {
  /** Solid PNG tiles (256×256), their colour varying with z/x/y so tiles can be told apart. */
  raster: { tileSize?: number };
  bounds: Bounds;
}

export type TileSetSpec = VectorTileSetSpec | RasterTileSetSpec;

export interface VectorLayerFixture {
  id: string;
  fields: Record<string, 'String' | 'Number' | 'Boolean'>;
}

export interface BuiltTileSet {
  format: 'pbf' | 'png';
  name: string;
  attribution: string;
  minzoom: number;
  maxzoom: number;
  bounds: Bounds;
  center: [number, number];
  vectorLayers: VectorLayerFixture[];
  /** Every tile, keyed `${z}/${x}/${y}` in XYZ (y down), decompressed: what the map must get. */
  tiles: Map<string, Buffer>;
  /** [z, x, y] of one written tile at maxzoom (the one nearest the centre). */
  someTile(): [number, number, number];
}

export interface WrittenTileSet extends BuiltTileSet {
  path: string;
}

export function tileKey(z: number, x: number, y: number): string {
  return `${z}/${x}/${y}`;
}

/** The XYZ tile holding a point at zoom z. */
export function lonLatToTile(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** The TMS row MBTiles stores for an XYZ y. */
export function tmsRow(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

function* tileRange(bounds: Bounds, minzoom: number, maxzoom: number): Generator<[number, number, number]> {
  for (let z = minzoom; z <= maxzoom; z++) {
    const nw = lonLatToTile(bounds[0], bounds[3], z);
    const se = lonLatToTile(bounds[2], bounds[1], z);
    for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) yield [z, x, y];
  }
}

function featuresBounds(layers: Record<string, FeatureCollection>): Bounds {
  let w = 180, s = 90, e = -180, n = -90;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [lon, lat] = c as [number, number];
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const fc of Object.values(layers)) for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  if (w > e) throw new Error('tile fixtures: the layers have no coordinates');
  return [w, s, e, n];
}

function layerFields(fc: FeatureCollection): VectorLayerFixture['fields'] {
  const fields: VectorLayerFixture['fields'] = {};
  for (const f of fc.features) {
    for (const [key, value] of Object.entries(f.properties ?? {})) {
      fields[key] ??= typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : 'String';
    }
  }
  return fields;
}

/** A minimal RGB PNG of one colour. */
export function solidPng(rgb: [number, number, number], size = 256): Buffer {
  const row = Buffer.alloc(1 + size * 3); // filter byte 0, then pixels
  for (let i = 0; i < size; i++) row.set(rgb, 1 + i * 3);
  return encodeRgbPng(size, size, Buffer.concat(Array.from({ length: size }, () => row)));
}

/** The tiles and metadata of a spec, in memory (what the writers put in a file). */
export function buildTileSet(spec: TileSetSpec): BuiltTileSet {
  const minzoom = spec.minzoom ?? 0;
  const maxzoom = spec.maxzoom ?? 8;
  if (minzoom > maxzoom || maxzoom > 14) throw new Error(`tile fixtures: zoom ${minzoom}–${maxzoom} (at most 14, for test speed)`);
  const tiles = new Map<string, Buffer>();
  let bounds: Bounds;
  let vectorLayers: VectorLayerFixture[] = [];

  if ('layers' in spec) {
    bounds = spec.bounds ?? featuresBounds(spec.layers);
    const indexes = Object.entries(spec.layers).map(
      ([name, fc]) => [name, new GeoJSONVT(fc, { maxZoom: maxzoom, indexMaxZoom: Math.min(maxzoom, 5), tolerance: 3, extent: 4096, buffer: 64 })] as const,
    );
    vectorLayers = Object.entries(spec.layers).map(([id, fc]) => ({ id, fields: layerFields(fc) }));
    for (const [z, x, y] of tileRange(bounds, minzoom, maxzoom)) {
      const layers: Record<string, { features: readonly unknown[] }> = {};
      for (const [name, index] of indexes) {
        const tile = index.getTile(z, x, y);
        if (tile && tile.features.length > 0) layers[name] = tile;
      }
      if (Object.keys(layers).length === 0) continue;
      tiles.set(tileKey(z, x, y), Buffer.from(vtpbf.fromGeojsonVt(layers, { version: 2, extent: 4096 })));
    }
  } else {
    bounds = spec.bounds;
    for (const [z, x, y] of tileRange(bounds, minzoom, maxzoom)) {
      tiles.set(tileKey(z, x, y), solidPng([(40 + z * 20) % 256, (x * 37) % 256, (y * 53) % 256], spec.raster.tileSize ?? 256));
    }
  }
  if (tiles.size === 0) throw new Error('tile fixtures: no tile has any feature');

  const center: [number, number] = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2];
  return {
    format: 'layers' in spec ? 'pbf' : 'png',
    name: spec.name ?? 'Vigil test basemap',
    attribution: spec.attribution ?? '',
    minzoom,
    maxzoom,
    bounds,
    center,
    vectorLayers,
    tiles,
    someTile() {
      const { x, y } = lonLatToTile(center[0], center[1], maxzoom);
      if (tiles.has(tileKey(maxzoom, x, y))) return [maxzoom, x, y];
      const key = [...tiles.keys()].reverse().find((k) => k.startsWith(`${maxzoom}/`)) ?? [...tiles.keys()][0]!;
      return key.split('/').map(Number) as [number, number, number];
    },
  };
}

function vectorLayersJson(set: BuiltTileSet): object[] {
  return set.vectorLayers.map((l) => ({ id: l.id, fields: l.fields, minzoom: set.minzoom, maxzoom: set.maxzoom, description: '' }));
}

/**
 * An MBTiles file: standard schema, metadata rows (name, format, bounds, center,
 * minzoom, maxzoom, attribution, json with vector_layers), TMS rows, vector tiles
 * gzipped unless `gzip: false`.
 */
export function writeMbtiles(path: string, spec: TileSetSpec, options: { gzip?: boolean } = {}): WrittenTileSet {
  const set = buildTileSet(spec);
  const db = new Database(path, { fileMustExist: false });
  try {
    db.exec(`
      CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE UNIQUE INDEX name ON metadata (name);
      CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
    `);
    const meta = db.prepare<[string, string]>('INSERT INTO metadata (name, value) VALUES (?, ?)');
    const tile = db.prepare<[number, number, number, Buffer]>('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    const gzip = set.format === 'pbf' && options.gzip !== false;
    db.transaction(() => {
      meta.run('name', set.name);
      meta.run('format', set.format);
      meta.run('type', 'baselayer');
      meta.run('version', '1');
      meta.run('description', 'Vigil test fixture');
      meta.run('minzoom', String(set.minzoom));
      meta.run('maxzoom', String(set.maxzoom));
      meta.run('bounds', set.bounds.join(','));
      meta.run('center', `${set.center[0]},${set.center[1]},${set.maxzoom}`);
      if (set.attribution) meta.run('attribution', set.attribution);
      if (set.format === 'pbf') meta.run('json', JSON.stringify({ vector_layers: vectorLayersJson(set) }));
      for (const [key, bytes] of set.tiles) {
        const [z, x, y] = key.split('/').map(Number) as [number, number, number];
        tile.run(z, x, tmsRow(z, y), gzip ? gzipSync(bytes) : bytes);
      }
    })();
  } finally {
    db.close();
  }
  return { ...set, path };
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** A PMTiles v3 directory: count, then tile id deltas, run lengths, lengths, offsets (0 = contiguous, else offset + 1). */
function serializeDirectory(entries: readonly DirectoryEntry[]): Buffer {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let lastId = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    writeVarint(out, i > 0 && previous && e.offset === previous.offset + previous.length ? 0 : e.offset + 1);
  });
  return Buffer.from(out);
}

const COMPRESSION = { none: 1, gzip: 2 } as const;
const TILE_TYPE = { pbf: 1, png: 2 } as const;
const HEADER_BYTES = 127;

/**
 * A PMTiles v3 archive: header, root directory (no leaf directories: fixtures are
 * small), JSON metadata, clustered tile data in tile-id order. Internal compression
 * and vector tile compression are gzip unless set to 'none'; raster tiles are stored as
 * they are (tile compression none), as real archives do.
 */
export function writePmtiles(
  path: string,
  spec: TileSetSpec,
  options: { internalCompression?: 'gzip' | 'none'; tileCompression?: 'gzip' | 'none' } = {},
): WrittenTileSet {
  const set = buildTileSet(spec);
  const internal = options.internalCompression ?? 'gzip';
  const tileCompression = set.format === 'pbf' ? (options.tileCompression ?? 'gzip') : 'none';
  const compressInternal = (b: Buffer): Buffer => (internal === 'gzip' ? gzipSync(b) : b);

  const ordered = [...set.tiles].map(([key, bytes]) => {
    const [z, x, y] = key.split('/').map(Number) as [number, number, number];
    return { tileId: zxyToTileId(z, x, y), bytes: tileCompression === 'gzip' ? gzipSync(bytes) : bytes };
  });
  ordered.sort((a, b) => a.tileId - b.tileId);
  const entries: DirectoryEntry[] = [];
  let offset = 0;
  for (const t of ordered) {
    entries.push({ tileId: t.tileId, offset, length: t.bytes.length, runLength: 1 });
    offset += t.bytes.length;
  }
  const tileData = Buffer.concat(ordered.map((t) => t.bytes));
  const root = compressInternal(serializeDirectory(entries));
  if (HEADER_BYTES + root.length > 16_384) throw new Error('tile fixtures: root directory over 16 KiB; use fewer tiles (no leaf directories here)');
  const metadata = compressInternal(
    Buffer.from(
      JSON.stringify({
        name: set.name,
        format: set.format,
        description: 'Vigil test fixture',
        attribution: set.attribution,
        type: 'baselayer',
        ...(set.format === 'pbf' ? { vector_layers: vectorLayersJson(set) } : {}),
      }),
    ),
  );

  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileDataOffset = leafOffset;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (value: number, at: number): void => void header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(root.length, 16);
  u64(metadataOffset, 24);
  u64(metadata.length, 32);
  u64(leafOffset, 40);
  u64(0, 48);
  u64(tileDataOffset, 56);
  u64(tileData.length, 64);
  u64(entries.length, 72); // addressed tiles
  u64(entries.length, 80); // tile entries
  u64(entries.length, 88); // tile contents
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(COMPRESSION[internal], 97);
  header.writeUInt8(COMPRESSION[tileCompression], 98);
  header.writeUInt8(TILE_TYPE[set.format], 99);
  header.writeUInt8(set.minzoom, 100);
  header.writeUInt8(set.maxzoom, 101);
  const e7 = (deg: number): number => Math.round(deg * 10_000_000);
  header.writeInt32LE(e7(set.bounds[0]), 102);
  header.writeInt32LE(e7(set.bounds[1]), 106);
  header.writeInt32LE(e7(set.bounds[2]), 110);
  header.writeInt32LE(e7(set.bounds[3]), 114);
  header.writeUInt8(Math.floor((set.minzoom + set.maxzoom) / 2), 118);
  header.writeInt32LE(e7(set.center[0]), 119);
  header.writeInt32LE(e7(set.center[1]), 123);

  writeFileSync(path, Buffer.concat([header, root, metadata, tileData]), { flag: 'wx' });
  return { ...set, path };
}

// ── a recognisable sample: Hậu Giang ─────────────────────────────────────────
type Position = [number, number];

function polygon(properties: Record<string, string | number>, ring: Position[]): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] } };
}

function line(properties: Record<string, string | number>, coordinates: Position[]): Feature {
  return { type: 'Feature', properties, geometry: { type: 'LineString', coordinates } };
}

function point(properties: Record<string, string | number>, coordinates: Position): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates } };
}

/** A strip of water `width` degrees wide along a polyline (rivers and canals as polygons). */
function strip(properties: Record<string, string | number>, path: Position[], width: number): Feature {
  const left: Position[] = [];
  const right: Position[] = [];
  path.forEach(([lon, lat], i) => {
    const [ax, ay] = path[Math.max(0, i - 1)]!;
    const [bx, by] = path[Math.min(path.length - 1, i + 1)]!;
    const length = Math.hypot(bx - ax, by - ay) || 1;
    const [nx, ny] = [(-(by - ay) / length) * (width / 2), ((bx - ax) / length) * (width / 2)];
    left.push([lon + nx, lat + ny]);
    right.unshift([lon - nx, lat - ny]);
  });
  return polygon(properties, [...left, ...right]);
}

/**
 * Land, water, roads and places around Hậu Giang, roughly where they are (hand-drawn,
 * approximate — for tests and demos, not for navigation). `bounds` maps the shapes onto
 * another box, keeping their layout.
 */
export function sampleBasemapLayers(bounds: Bounds = HAU_GIANG_BOUNDS): Record<'land' | 'water' | 'roads' | 'places', FeatureCollection> {
  const [w0, s0, e0, n0] = HAU_GIANG_BOUNDS;
  const [w, s, e, n] = bounds;
  const at = (lon: number, lat: number): Position => [w + ((lon - w0) / (e0 - w0)) * (e - w), s + ((lat - s0) / (n0 - s0)) * (n - s)];
  const pts = (list: Position[]): Position[] => list.map(([lon, lat]) => at(lon, lat));
  const scale = (e - w) / (e0 - w0);
  const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

  return {
    land: collection([
      polygon({ class: 'province', name: 'Hậu Giang' }, pts([
        [105.37, 9.63], [105.47, 9.57], [105.62, 9.57], [105.76, 9.62], [105.88, 9.7],
        [105.89, 9.85], [105.84, 9.96], [105.7, 10.01], [105.57, 9.99], [105.47, 9.92], [105.38, 9.82],
      ])),
      polygon({ class: 'urban', name: 'Vị Thanh' }, pts([[105.44, 9.76], [105.5, 9.76], [105.5, 9.8], [105.44, 9.8]])),
      polygon({ class: 'urban', name: 'Ngã Bảy' }, pts([[105.8, 9.8], [105.84, 9.8], [105.84, 9.84], [105.8, 9.84]])),
    ]),
    water: collection([
      strip({ class: 'canal', name: 'Kênh Xà No' }, pts([[105.46, 9.79], [105.55, 9.85], [105.63, 9.92], [105.7, 9.98]]), 0.006 * scale),
      strip({ class: 'river', name: 'Sông Cái Lớn' }, pts([[105.36, 9.9], [105.4, 9.8], [105.45, 9.7], [105.48, 9.58]]), 0.01 * scale),
      strip({ class: 'river', name: 'Sông Hậu' }, pts([[105.79, 10.02], [105.86, 9.95], [105.9, 9.88]]), 0.03 * scale),
      polygon({ class: 'lake', name: 'Hồ Búng Tàu' }, pts([[105.66, 9.76], [105.69, 9.755], [105.7, 9.775], [105.67, 9.785]])),
    ]),
    roads: collection([
      line({ class: 'trunk', ref: 'QL1A', name: 'Quốc lộ 1A' }, pts([[105.66, 10.02], [105.69, 9.95], [105.76, 9.88], [105.82, 9.82], [105.88, 9.72]])),
      line({ class: 'primary', ref: 'QL61', name: 'Quốc lộ 61' }, pts([[105.69, 9.95], [105.62, 9.9], [105.55, 9.84], [105.47, 9.78], [105.38, 9.73]])),
      line({ class: 'primary', ref: 'QL61C', name: 'Quốc lộ 61C' }, pts([[105.47, 9.78], [105.52, 9.86], [105.58, 9.93], [105.63, 10.01]])),
      line({ class: 'secondary', ref: 'QL-PH', name: 'Quản Lộ – Phụng Hiệp' }, pts([[105.82, 9.82], [105.72, 9.8], [105.64, 9.73], [105.57, 9.68], [105.47, 9.58]])),
    ]),
    places: collection([
      point({ class: 'city', name: 'Vị Thanh', rank: 1 }, at(105.47, 9.78)),
      point({ class: 'city', name: 'Ngã Bảy', rank: 2 }, at(105.82, 9.82)),
      point({ class: 'town', name: 'Long Mỹ', rank: 3 }, at(105.57, 9.68)),
      point({ class: 'town', name: 'Cây Dương', rank: 3 }, at(105.72, 9.8)),
      point({ class: 'town', name: 'Ngã Sáu', rank: 3 }, at(105.8, 9.93)),
      point({ class: 'town', name: 'Một Ngàn', rank: 3 }, at(105.63, 9.94)),
    ]),
  };
}
