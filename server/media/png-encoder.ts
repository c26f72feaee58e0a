import { crc32, deflateSync } from 'node:zlib';

/**
 * The smallest PNG writer that serves Vigil: the demo's generated report photos, the
 * test basemaps' raster tiles and the upload tests' good and hostile images.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * An 8-bit RGB PNG whose header says `width`×`height`; `rows` are the filtered scanlines
 * (a filter byte, then 3 bytes a pixel). Tests pass rows that disagree with the header on purpose,
 * and `extraChunks` (text, EXIF…) that go between the header and the image data.
 */
export function encodeRgbPng(width: number, height: number, rows: Buffer, extraChunks: readonly Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([SIGNATURE, pngChunk('IHDR', ihdr), ...extraChunks, pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}
