import { basename } from 'node:path';
import Database from 'better-sqlite3';
import type { TileFormat } from '../../../src-shared/model/map.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { describeSignature, fileSignature, isGzip, readFileHead } from './file-signature.js';
import { decompressTile } from './tile-bytes.js';
import {
  attributionText,
  boundsCenter,
  metadataText,
  parseBounds,
  parseCenter,
  parseZoom,
  tileFormatFromName,
  vectorLayersFromJsonText,
  WORLD_BOUNDS,
} from './tile-metadata.js';
import type { TileFileInfo, TileSource } from './tile-source.js';

/**
 * An MBTiles file (https://github.com/mapbox/mbtiles-spec): SQLite with a `metadata`
 * table of name/value rows and `tiles` (a table, or a view over deduplicated tables)
 * keyed by zoom, column and TMS row. Opened read-only: the host never writes to a
 * basemap, and a file on a read-only share must work.
 */

interface TileRow {
  tile_data: Buffer | null;
}

function sniffFormat(bytes: Buffer | null | undefined): TileFormat | null {
  if (!bytes || bytes.length === 0) return null;
  if (isGzip(bytes)) return 'pbf';
  const signature = fileSignature(bytes);
  if (signature === 'png') return 'png';
  if (signature === 'jpeg') return 'jpg';
  if (signature === 'webp') return 'webp';
  // An uncompressed vector tile starts with a layer field (tag 3, wire type 2).
  return bytes[0] === 0x1a ? 'pbf' : null;
}

function readInfo(db: Database.Database, file: string): Result<TileFileInfo> {
  const objects = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name IN ('tiles', 'metadata')")
    .all()
    .map((r) => r.name);
  const missing = ['metadata', 'tiles'].filter((t) => !objects.includes(t));
  if (missing.length > 0) {
    return fail('bad-request', `${file} is an SQLite database without ${missing.join(' and ')}: not an MBTiles file`, { file, missing });
  }
  const meta = new Map<string, string>();
  for (const row of db.prepare<[], { name: unknown; value: unknown }>('SELECT name, value FROM metadata').all()) {
    if (typeof row.name === 'string' && row.value !== null && row.value !== undefined) meta.set(row.name.toLowerCase(), String(row.value));
  }

  const declared = meta.get('format');
  let tileFormat = tileFormatFromName(declared);
  if (declared !== undefined && !tileFormat) {
    return fail('bad-request', `${file} holds "${declared}" tiles; the map draws pbf, png, jpg or webp`, { file, format: declared });
  }
  // The format row is required by the spec but often missing in older files: a tile tells.
  tileFormat ??= sniffFormat(db.prepare<[], TileRow>('SELECT tile_data FROM tiles LIMIT 1').get()?.tile_data);
  if (!tileFormat) return fail('bad-request', `${file} has no tiles, or tiles of a kind the map cannot draw`, { file });

  let minzoom = parseZoom(meta.get('minzoom'));
  let maxzoom = parseZoom(meta.get('maxzoom'));
  if (minzoom === null || maxzoom === null) {
    const range = db.prepare<[], { lo: number | null; hi: number | null }>('SELECT MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles').get();
    minzoom ??= parseZoom(range?.lo);
    maxzoom ??= parseZoom(range?.hi);
  }
  if (minzoom === null || maxzoom === null) return fail('bad-request', `${file} has no tiles`, { file });
  if (minzoom > maxzoom) [minzoom, maxzoom] = [maxzoom, minzoom];

  const bounds = parseBounds(meta.get('bounds')) ?? WORLD_BOUNDS;
  return ok({
    name: metadataText(meta.get('name'), 160) || basename(file),
    tileFormat,
    minzoom,
    maxzoom,
    bounds,
    center: parseCenter(meta.get('center')) ?? boundsCenter(bounds),
    vectorLayers: tileFormat === 'pbf' ? vectorLayersFromJsonText(meta.get('json')) : [],
    attribution: attributionText(meta.get('attribution')),
  });
}

export async function openMbtiles(file: string): Promise<Result<TileSource>> {
  const head = await readFileHead(file, 100);
  if (!head.ok) return head;
  const signature = fileSignature(head.value.head);
  if (signature !== 'sqlite') {
    return fail('bad-request', `${file} is ${describeSignature(signature)}, not an MBTiles file (an SQLite database)`, { file, signature });
  }

  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return fail('unavailable', `Cannot open ${file}: ${(error as Error).message}`, { file });
  }
  let opened: Result<{ info: TileFileInfo; statement: Database.Statement<[number, number, number], TileRow> }>;
  try {
    const info = readInfo(db, file);
    opened = info.ok
      ? ok({ info: info.value, statement: db.prepare<[number, number, number], TileRow>('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?') })
      : info;
  } catch (error) {
    // SQLITE_CORRUPT, SQLITE_NOTADB, a tiles table without the standard columns, …
    opened = fail('bad-request', `${file} is not a readable MBTiles file: ${(error as Error).message}`, { file });
  }
  if (!opened.ok) {
    db.close();
    return opened;
  }
  const { info, statement } = opened.value;

  return ok({
    kind: 'mbtiles',
    path: file,
    info,
    async tile(z, x, y) {
      if (!db.open) return fail('unavailable', 'The basemap file was closed');
      try {
        // MBTiles numbers rows from the south (TMS); the map asks with y from the north.
        const row = statement.get(z, x, 2 ** z - 1 - y);
        return row?.tile_data ? decompressTile(row.tile_data) : ok(null);
      } catch (error) {
        return fail('unavailable', `Cannot read tile ${z}/${x}/${y} from ${file}: ${(error as Error).message}`);
      }
    },
    async close() {
      if (db.open) db.close();
    },
  });
}
