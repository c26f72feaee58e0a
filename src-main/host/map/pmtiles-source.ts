import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Compression, PMTiles, SharedPromiseCache, TileType, type Header, type RangeResponse, type Source } from 'pmtiles';
import type { TileFormat } from '../../../src-shared/model/map.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { describeSignature, fileOpenFailure, fileSignature, readFileHead } from './file-signature.js';
import { decompressTile } from './tile-bytes.js';
import { attributionText, metadataText, parseBounds, parseCenter, parseVectorLayers, vectorLayersFromJsonText, WORLD_BOUNDS } from './tile-metadata.js';
import type { TileFileInfo, TileSource } from './tile-source.js';

/**
 * A PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md),
 * read with the `pmtiles` library over a local file: one header, directories and tile
 * data, each fetched by byte range. The library's default decompression is the
 * browser's DecompressionStream; here Node's zlib does it, synchronously and without
 * stream plumbing, and with a cap on what it inflates to.
 */

const HEADER_BYTES = 127;
/** Directories, metadata and tiles are small; anything bigger is a corrupt length or a bomb, not data. */
const MAX_INTERNAL_BYTES = 64 * 1024 * 1024;

/** Reads byte ranges of a local file for the pmtiles library. */
class LocalFileSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
    private readonly size: number,
  ) {}

  getKey(): string {
    return this.file;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    // The library asks for the first 16 KiB whatever the file's size: answer with what there is.
    const start = Math.min(Math.max(0, offset), this.size);
    const count = Math.max(0, Math.min(length, this.size - start));
    const buffer = new Uint8Array(count);
    let read = 0;
    while (read < count) {
      const { bytesRead } = await this.handle.read(buffer, read, count - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { data: buffer.buffer.slice(0, read) };
  }
}

/**
 * The library undoes both compressions through one function: `internalCompression` for
 * directories and metadata, `tileCompression` for tiles. decompressTile then still
 * catches gzip the header did not declare.
 */
async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(buf);
  let out: Uint8Array;
  switch (compression) {
    case Compression.None:
    case Compression.Unknown:
      return buf;
    case Compression.Gzip:
      out = gunzipSync(bytes, { maxOutputLength: MAX_INTERNAL_BYTES });
      break;
    case Compression.Brotli:
      out = brotliDecompressSync(bytes, { maxOutputLength: MAX_INTERNAL_BYTES });
      break;
    default:
      throw new Error(`compression ${Compression[compression] ?? compression} is not supported`);
  }
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

const TILE_FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

function checkHeader(header: Header, size: number, file: string): Result<TileFormat> {
  const format = TILE_FORMATS[header.tileType];
  if (!format) {
    const name = TileType[header.tileType] ?? String(header.tileType);
    return fail('bad-request', `${file} holds ${name} tiles; the map draws vector (MVT), PNG, JPEG or WebP tiles`, { file, tileType: header.tileType });
  }
  if (header.tileCompression === Compression.Zstd || header.internalCompression === Compression.Zstd) {
    return fail('bad-request', `${file} is zstd-compressed, which this workstation cannot read; use gzip`, { file });
  }
  const sections: [string, number, number | undefined][] = [
    ['root directory', header.rootDirectoryOffset, header.rootDirectoryLength],
    ['metadata', header.jsonMetadataOffset, header.jsonMetadataLength],
    ['leaf directories', header.leafDirectoryOffset, header.leafDirectoryLength],
    ['tile data', header.tileDataOffset, header.tileDataLength],
  ];
  for (const [what, offset, length] of sections) {
    if (offset + (length ?? 0) > size) return fail('bad-request', `${file} is truncated or corrupt: its ${what} lies past the end of the file`, { file });
  }
  if (header.rootDirectoryLength === 0) return fail('bad-request', `${file} is corrupt: it has no root directory`, { file });
  if (header.minZoom > header.maxZoom || header.maxZoom > 24) return fail('bad-request', `${file} is corrupt: zoom range ${header.minZoom}–${header.maxZoom}`, { file });
  return ok(format);
}

function infoFrom(header: Header, metadata: unknown, format: TileFormat, file: string): TileFileInfo {
  const meta = (metadata && typeof metadata === 'object' ? metadata : {}) as Record<string, unknown>;
  const bounds = parseBounds([header.minLon, header.minLat, header.maxLon, header.maxLat]) ?? parseBounds(meta.bounds) ?? WORLD_BOUNDS;
  // Some converters copy MBTiles' `json` row verbatim instead of lifting vector_layers out of it.
  const vectorLayers = parseVectorLayers(meta.vector_layers);
  return {
    name: metadataText(meta.name, 160) || basename(file),
    tileFormat: format,
    minzoom: header.minZoom,
    maxzoom: header.maxZoom,
    bounds,
    center: parseCenter([header.centerLon, header.centerLat]) ?? [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2],
    vectorLayers: format !== 'pbf' ? [] : vectorLayers.length > 0 ? vectorLayers : vectorLayersFromJsonText(typeof meta.json === 'string' ? meta.json : null),
    attribution: attributionText(meta.attribution),
  };
}

export async function openPmtiles(file: string): Promise<Result<TileSource>> {
  const head = await readFileHead(file, HEADER_BYTES);
  if (!head.ok) return head;
  const signature = fileSignature(head.value.head);
  if (signature !== 'pmtiles') {
    const hint = signature === 'sqlite' ? ' (an SQLite database: an MBTiles file?)' : '';
    return fail('bad-request', `${file} is ${describeSignature(signature)}${hint}, not a PMTiles archive`, { file, signature });
  }
  const version = head.value.head[7];
  if (head.value.size < HEADER_BYTES) return fail('bad-request', `${file} is truncated: shorter than a PMTiles header`, { file });
  if (version !== 3) return fail('bad-request', `${file} is PMTiles version ${version}; only version 3 is supported`, { file, version });

  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return fileOpenFailure(file, error);
  }
  const source = new LocalFileSource(handle, file, head.value.size);
  const archive = new PMTiles(source, new SharedPromiseCache(100, true, decompress), decompress);
  let info: TileFileInfo;
  try {
    const header = await archive.getHeader();
    const format = checkHeader(header, head.value.size, file);
    if (!format.ok) {
      await handle.close();
      return format;
    }
    info = infoFrom(header, await archive.getMetadata(), format.value, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    // A bad gzip stream, metadata that is not JSON, a directory that does not parse, …
    return fail('bad-request', `${file} is not a readable PMTiles archive: ${(error as Error).message}`, { file });
  }

  let closed = false;
  return ok({
    kind: 'pmtiles',
    path: file,
    info,
    async tile(z, x, y) {
      if (closed) return fail('unavailable', 'The basemap file was closed');
      try {
        const response = await archive.getZxy(z, x, y);
        return response ? decompressTile(new Uint8Array(response.data)) : ok(null);
      } catch (error) {
        if (closed) return fail('unavailable', 'The basemap file was closed');
        return fail('unavailable', `Cannot read tile ${z}/${x}/${y} from ${file}: ${(error as Error).message}`);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close().catch(() => undefined);
    },
  });
}
