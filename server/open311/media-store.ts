import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/** Photos citizens attach: at most 5 MB, at most 8000×8000 as the header says. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
export const MAX_MEDIA_DIMENSION = 8000;

export type ImageExt = 'jpg' | 'png' | 'webp';

export const MEDIA_CONTENT_TYPE: Readonly<Record<ImageExt, string>> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Stored names: 32 random hex digits and the sniffed extension; nothing a client chose. */
export const MEDIA_NAME = /^[0-9a-f]{32}\.(jpg|png|webp)$/;

export interface InspectedImage {
  ext: ImageExt;
  width: number;
  height: number;
  /** The bytes to store: the input less metadata that may locate or name the person (EXIF with GPS, XMP, text chunks). */
  clean: Buffer;
}

export type InspectResult = { ok: true; image: InspectedImage } | { ok: false; reason: string };

const bad = (reason: string): InspectResult => ({ ok: false, reason });

function checkDimensions(ext: ImageExt, width: number, height: number, clean: Buffer): InspectResult {
  if (width < 1 || height < 1) return bad('the image has no pixels');
  if (width > MAX_MEDIA_DIMENSION || height > MAX_MEDIA_DIMENSION) return bad(`the image is larger than ${MAX_MEDIA_DIMENSION}×${MAX_MEDIA_DIMENSION}`);
  return { ok: true, image: { ext, width, height, clean } };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary PNG chunks that carry words or places, dropped before storing. */
const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** Every chunk in bounds with a correct CRC, IHDR first, at least one IDAT, IEND last and nothing after it. */
function inspectPng(buf: Buffer): InspectResult {
  let offset = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  const kept: Buffer[] = [PNG_SIGNATURE];
  for (let index = 0; ; index++) {
    if (offset + 12 > buf.length) return bad('the PNG is truncated');
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > buf.length) return bad('the PNG is truncated');
    if ((crc32(buf.subarray(offset + 4, offset + 8 + length)) >>> 0) !== buf.readUInt32BE(offset + 8 + length)) return bad('the PNG is corrupt (chunk checksum)');
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) return bad('the PNG has no header');
      width = buf.readUInt32BE(offset + 8);
      height = buf.readUInt32BE(offset + 12);
    }
    if (type === 'IDAT') sawData = true;
    if (!PNG_DROP.has(type)) kept.push(buf.subarray(offset, end));
    offset = end;
    if (type === 'IEND') break;
  }
  if (!sawData) return bad('the PNG has no image data');
  if (offset !== buf.length) return bad('the PNG has data after its end');
  return checkDimensions('png', width, height, Buffer.concat(kept));
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Segments walked from SOI to SOS, a frame header (SOFn) before the scan, and an EOI
 * marker at the end (a truncated upload has none). APP1…APP15 (EXIF, XMP, …) and COM
 * are dropped; APP0 (JFIF) and the rest are kept.
 */
function inspectJpeg(buf: Buffer): InspectResult {
  let offset = 2;
  let width = 0;
  let height = 0;
  const kept: Buffer[] = [buf.subarray(0, 2)];
  for (;;) {
    if (offset + 4 > buf.length) return bad('the JPEG is truncated');
    if (buf[offset] !== 0xff) return bad('the JPEG is corrupt');
    let markerAt = offset + 1;
    while (buf[markerAt] === 0xff && markerAt < buf.length) markerAt++; // fill bytes
    const marker = buf[markerAt]!;
    if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) return bad('the JPEG is corrupt');
    if (markerAt + 3 > buf.length) return bad('the JPEG is truncated');
    const length = buf.readUInt16BE(markerAt + 1);
    const end = markerAt + 1 + length;
    if (length < 2 || end > buf.length) return bad('the JPEG is truncated');
    if (SOF_MARKERS.has(marker)) {
      if (length < 8) return bad('the JPEG is corrupt');
      height = buf.readUInt16BE(markerAt + 4);
      width = buf.readUInt16BE(markerAt + 6);
    }
    const metadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (!metadata) kept.push(buf.subarray(offset, end));
    offset = end;
    if (marker === 0xda) break;
  }
  if (width === 0 && height === 0) return bad('the JPEG has no frame header');
  let last = buf.length;
  while (last > offset && buf[last - 1] === 0x00) last--; // some writers pad after EOI
  if (last - offset < 2 || buf[last - 2] !== 0xff || buf[last - 1] !== 0xd9) return bad('the JPEG is truncated (no end marker)');
  kept.push(buf.subarray(offset, last));
  return checkDimensions('jpg', width, height, Buffer.concat(kept));
}

/** RIFF size agreeing with the file, a VP8/VP8L/VP8X first chunk; EXIF and XMP chunks dropped (and VP8X's flags for them cleared). */
function inspectWebp(buf: Buffer): InspectResult {
  if (buf.length < 20) return bad('the WebP is truncated');
  const riffSize = buf.readUInt32LE(4);
  if (riffSize + 8 !== buf.length) return bad(riffSize + 8 > buf.length ? 'the WebP is truncated' : 'the WebP has data after its end');
  const chunks: { type: string; data: Buffer; raw: Buffer }[] = [];
  let offset = 12;
  while (offset < buf.length) {
    if (offset + 8 > buf.length) return bad('the WebP is truncated');
    const type = buf.toString('latin1', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (end > buf.length) return bad('the WebP is truncated');
    chunks.push({ type, data: buf.subarray(offset + 8, offset + 8 + size), raw: buf.subarray(offset, end) });
    offset = end;
  }
  const first = chunks[0];
  if (!first) return bad('the WebP has no image');
  let width: number;
  let height: number;
  if (first.type === 'VP8 ') {
    const d = first.data;
    if (d.length < 10 || d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) return bad('the WebP is corrupt');
    width = d.readUInt16LE(6) & 0x3fff;
    height = d.readUInt16LE(8) & 0x3fff;
  } else if (first.type === 'VP8L') {
    const d = first.data;
    if (d.length < 5 || d[0] !== 0x2f) return bad('the WebP is corrupt');
    const bits = d.readUInt32LE(1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (first.type === 'VP8X') {
    const d = first.data;
    if (d.length < 10) return bad('the WebP is corrupt');
    width = d.readUIntLE(4, 3) + 1;
    height = d.readUIntLE(7, 3) + 1;
  } else {
    return bad('the WebP has no image');
  }
  if (!chunks.some((c) => c.type === 'VP8 ' || c.type === 'VP8L' || c.type === 'ANMF')) return bad('the WebP has no image data');
  const keptChunks = chunks
    .filter((c) => c.type !== 'EXIF' && c.type !== 'XMP ')
    .map((c) => {
      if (c.type !== 'VP8X') return c.raw;
      const copy = Buffer.from(c.raw);
      copy[8] = copy[8]! & ~0x0c; // EXIF (0x08) and XMP (0x04) flags
      return copy;
    });
  const body = Buffer.concat(keptChunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return checkDimensions('webp', width, height, Buffer.concat([header, body]));
}

/**
 * What the bytes are, by their magic numbers alone (never by file name or declared
 * type): JPEG, PNG or WebP with sane structure and dimensions. Anything else, SVG
 * included, is refused.
 */
export function inspectImage(buf: Buffer): InspectResult {
  if (buf.length === 0) return bad('the file is empty');
  if (buf.length > MAX_MEDIA_BYTES) return bad(`the file is larger than ${MAX_MEDIA_BYTES} bytes`);
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return inspectPng(buf);
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return inspectJpeg(buf);
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return inspectWebp(buf);
  return bad('the file is not a JPEG, PNG or WebP image');
}

/** Photos under `<dataDir>/media/<random>.<ext>`, written once (temp file + rename), never overwritten. */
export class MediaStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'media');
  }

  /** Checks and stores one upload; the name to serve it under, or why it was refused. */
  save(bytes: Buffer): { ok: true; name: string; ext: ImageExt } | { ok: false; reason: string } {
    const inspected = inspectImage(bytes);
    if (!inspected.ok) return inspected;
    fs.mkdirSync(this.dir, { recursive: true });
    const name = `${randomBytes(16).toString('hex')}.${inspected.image.ext}`;
    const target = path.join(this.dir, name);
    const temp = `${target}.part`;
    fs.writeFileSync(temp, inspected.image.clean, { flag: 'wx', mode: 0o644 });
    fs.renameSync(temp, target);
    return { ok: true, name, ext: inspected.image.ext };
  }

  /** Removes a stored file (an upload whose report was then refused); names not ours are ignored. */
  remove(name: string): void {
    if (MEDIA_NAME.test(name)) fs.rmSync(path.join(this.dir, name), { force: true });
  }

  /** The stored bytes for a name we handed out; null for anything else (no path ever built from an unchecked name). */
  read(name: string): { bytes: Buffer; contentType: string } | null {
    const m = MEDIA_NAME.exec(name);
    if (!m) return null;
    try {
      return { bytes: fs.readFileSync(path.join(this.dir, name)), contentType: MEDIA_CONTENT_TYPE[m[1] as ImageExt] };
    } catch {
      return null;
    }
  }
}
