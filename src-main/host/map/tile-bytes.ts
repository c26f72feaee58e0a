import { gunzipSync } from 'node:zlib';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { isGzip } from './file-signature.js';

/**
 * The largest tile handed to a map, decompressed. Real vector tiles stay under 500 KB
 * (tippecanoe's default cap) and raster tiles under 1 MB; the cap stops a gzip bomb in
 * a file from taking the host's memory, and keeps a tile (as base64) well inside one
 * bridge frame.
 */
export const MAX_TILE_BYTES = 8 * 1024 * 1024;

/**
 * Tile bytes as the map needs them. MBTiles vector tiles are gzipped by convention and
 * some PMTiles archives say "no compression" for tiles that are gzipped anyway, so the
 * gzip magic decides, not what the file claims.
 */
export function decompressTile(bytes: Uint8Array, maxBytes: number = MAX_TILE_BYTES): Result<Buffer> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isGzip(buffer)) {
    return buffer.length > maxBytes ? fail('payload-too-large', `Tile of ${buffer.length} bytes is over the ${maxBytes}-byte limit`) : ok(buffer);
  }
  try {
    return ok(gunzipSync(buffer, { maxOutputLength: maxBytes }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return fail('payload-too-large', `Tile decompresses to over the ${maxBytes}-byte limit`);
    return fail('bad-request', `Tile data is corrupt: ${(error as Error).message}`);
  }
}
