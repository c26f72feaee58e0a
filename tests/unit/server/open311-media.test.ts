import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeRgbPng, pngChunk } from '../../../server/media/png-encoder.js';
import { afterAll, describe, expect, it } from 'vitest';
import { MediaStore, inspectImage } from '../../../server/open311/media-store.js';

const chunk = pngChunk;

function png(width: number, height: number, extra: Buffer[] = []): Buffer {
  return encodeRgbPng(width, height, Buffer.alloc((1 + Math.min(width, 16) * 3) * Math.min(height, 16)), extra);
}

function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

function jpeg(width: number, height: number, withExif = true): Buffer {
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(withExif ? [segment(0xe1, Buffer.from('Exif\0\0GPSLatitude 9.78 secret-owner', 'latin1'))] : []),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0x56, 0xff, 0x00, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function webpLossless(width: number, height: number, exif = false): Buffer {
  const riffChunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8l = Buffer.alloc(6);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
  const chunks: Buffer[] = [];
  if (exif) {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x08;
    vp8x.writeUIntLE(width - 1, 4, 3);
    vp8x.writeUIntLE(height - 1, 7, 3);
    chunks.push(riffChunk('VP8X', vp8x));
  }
  chunks.push(riffChunk('VP8L', vp8l));
  if (exif) chunks.push(riffChunk('EXIF', Buffer.from('GPS secret-owner', 'latin1')));
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

describe('inspectImage: by magic bytes and structure only', () => {
  it('accepts PNG, JPEG and WebP and reads their dimensions', () => {
    expect(inspectImage(png(640, 480))).toMatchObject({ ok: true, image: { ext: 'png', width: 640, height: 480 } });
    expect(inspectImage(jpeg(1024, 768))).toMatchObject({ ok: true, image: { ext: 'jpg', width: 1024, height: 768 } });
    expect(inspectImage(webpLossless(300, 200))).toMatchObject({ ok: true, image: { ext: 'webp', width: 300, height: 200 } });
  });

  it('drops metadata that may locate or name the person (EXIF, XMP, text chunks)', () => {
    const withText = png(8, 8, [chunk('tEXt', Buffer.from('Author\0secret-owner', 'latin1'))]);
    for (const input of [withText, jpeg(10, 10), webpLossless(10, 10, true)]) {
      const result = inspectImage(input);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.image.clean.toString('latin1')).not.toContain('secret-owner');
      expect(inspectImage(result.image.clean).ok).toBe(true);
    }
    expect(inspectImage(jpeg(10, 10, false))).toMatchObject({ ok: true });
  });

  it.each([
    ['text renamed .png', Buffer.from('just some text, honest')],
    ['an SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated PNG', png(64, 64).subarray(0, 60)],
    ['a PNG without IEND', png(64, 64).subarray(0, png(64, 64).length - 12)],
    ['a PNG with trailing bytes', Buffer.concat([png(4, 4), Buffer.from('<script>')])],
    ['a PNG over 8000 px', png(9000, 10)],
    ['a PNG of zero width', png(0, 10)],
    ['a JPEG without its end marker', jpeg(10, 10).subarray(0, jpeg(10, 10).length - 2)],
    ['a JPEG over 8000 px', jpeg(10, 8001)],
    ['a JPEG cut inside a segment', jpeg(10, 10).subarray(0, 12)],
    ['a WebP with a wrong RIFF size', webpLossless(10, 10).subarray(0, 25)],
    ['a WebP over 8000 px', webpLossless(8001, 10)],
  ])('refuses %s', (_name, bytes) => {
    expect(inspectImage(bytes).ok).toBe(false);
  });

  it('refuses a PNG whose chunk checksum is wrong', () => {
    const bytes = png(4, 4);
    bytes[20] = bytes[20]! ^ 0xff; // inside IHDR data
    expect(inspectImage(bytes)).toMatchObject({ ok: false, reason: expect.stringContaining('checksum') });
  });
});

describe('MediaStore', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-media-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores under <dataDir>/media/<random>.<ext> and reads back only names it could have made', () => {
    const store = new MediaStore(dir);
    const saved = store.save(png(4, 4));
    expect(saved).toMatchObject({ ok: true, ext: 'png', name: expect.stringMatching(/^[0-9a-f]{32}\.png$/) });
    if (!saved.ok) return;
    expect(fs.existsSync(path.join(dir, 'media', saved.name))).toBe(true);
    expect(store.read(saved.name)?.contentType).toBe('image/png');
    expect(store.read('../vigil.db')).toBeNull();
    expect(store.read(saved.name.replace('.png', '.svg'))).toBeNull();
    expect(store.save(Buffer.from('<svg/>'))).toMatchObject({ ok: false });
    expect(fs.readdirSync(path.join(dir, 'media'))).toEqual([saved.name]);
  });
});
