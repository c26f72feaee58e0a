import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/host/cache/migrations.js';
import {
  MAX_REPORT_PHOTO_BYTES,
  mediaBasesOf,
  ReportMediaCache,
  SERVER_MEDIA_NAME,
  SERVER_MEDIA_ROUTE,
  serverMediaName,
  sniffImageType,
} from '../../../src-main/host/media/report-media-cache.js';
import { encodeRgbPng } from '../../../server/media/png-encoder.js';
import { MAX_MEDIA_BYTES, MEDIA_NAME, MediaStore } from '../../../server/open311/media-store.js';
import { tempDir } from './fixtures.js';

/** Which URLs the host treats as the sync server's own photos (fetched, cached) and which as external (never loaded). */

const NAME = '0123456789abcdef0123456789abcdef.png';
const SERVER = 'http://127.0.0.1:4600';
const bases = mediaBasesOf(SERVER);
const nameOf = (url: string) => serverMediaName(url, bases);
const png = () => encodeRgbPng(2, 2, Buffer.alloc((1 + 2 * 3) * 2, 0x40));

describe('report photo URLs: the server media route only', () => {
  it('agrees with the server: same route, same names, same size limit', () => {
    expect(SERVER_MEDIA_NAME.source).toBe(MEDIA_NAME.source);
    expect(MAX_REPORT_PHOTO_BYTES).toBe(MAX_MEDIA_BYTES);
    const t = tempDir();
    try {
      const saved = new MediaStore(t.dir).save(png());
      if (!saved.ok) throw new Error(saved.reason);
      // What the server writes into media_url when it answers at serverUrl (open311-routes: `${base}/media/${name}`).
      expect(nameOf(`${SERVER}${SERVER_MEDIA_ROUTE}${saved.name}`)).toBe(saved.name);
    } finally {
      t.cleanup();
    }
  });

  it('accepts the server origin with the exact media path', () => {
    expect(nameOf(`${SERVER}/media/${NAME}`)).toBe(NAME);
    expect(nameOf(`${SERVER}/media/${NAME.replace('.png', '.jpg')}`)).toBe(NAME.replace('.png', '.jpg'));
    expect(nameOf(`${SERVER}/media/${NAME.replace('.png', '.webp')}`)).toBe(NAME.replace('.png', '.webp'));
    // The origin compares as the URL parser has it: host case and an explicit default port do not matter.
    expect(serverMediaName(`http://VIGIL.local:80/media/${NAME}`, mediaBasesOf('http://vigil.local'))).toBe(NAME);
    // serverUrl's own path does not count: the server answers at its root.
    expect(serverMediaName(`http://vigil.local/media/${NAME}`, mediaBasesOf('http://vigil.local/sync/'))).toBe(NAME);
  });

  it('refuses lookalike hosts, other ports and schemes, credentials', () => {
    for (const url of [
      `http://127.0.0.1:4600.evil.com/media/${NAME}`,
      `http://127.0.0.1.evil.com:4600/media/${NAME}`,
      `http://127.0.0.1.evil.com/media/${NAME}`,
      `http://evil.com/media/${NAME}`,
      `http://127.0.0.1:4601/media/${NAME}`,
      `http://127.0.0.1/media/${NAME}`,
      `https://127.0.0.1:4600/media/${NAME}`,
      `ftp://127.0.0.1:4600/media/${NAME}`,
      `http://127.0.0.1:4600@evil.com/media/${NAME}`,
      `http://user:pw@127.0.0.1:4600/media/${NAME}`,
      `http://localhost:4600/media/${NAME}`,
      `http://[::1]:4600/media/${NAME}`,
      `http://2130706433:4600/media/${NAME}`,
      `http://127.1:4600/media/${NAME}`,
      `http://0x7f.0.0.1:4600/media/${NAME}`,
      `http://127.0.0.1.:4600/media/${NAME}`,
      `//127.0.0.1:4600/media/${NAME}`,
      `http:/127.0.0.1:4600/media/${NAME}`,
      `http:///127.0.0.1:4600/media/${NAME}`,
      `http:\\\\127.0.0.1:4600\\media\\${NAME}`,
      ` ${SERVER}/media/${NAME}`,
      `${SERVER}/media/${NAME}\n`,
      `javascript:alert(1)//${SERVER}/media/${NAME}`,
      `data:image/png;base64,iVBORw0KGgo=`,
      `http://evil.com/?u=${SERVER}/media/${NAME}`,
      `http://evil.com/#${SERVER}/media/${NAME}`,
    ]) {
      expect(nameOf(url), url).toBeNull();
    }
  });

  it('refuses other paths, other names, queries, fragments, escapes and dot segments', () => {
    for (const url of [
      `${SERVER}/`,
      `${SERVER}/media/`,
      `${SERVER}/open311/v2/media/${NAME}`,
      `${SERVER}/api/media/${NAME}`,
      `${SERVER}/media/sub/${NAME}`,
      `${SERVER}//media/${NAME}`,
      `${SERVER}/media//${NAME}`,
      `${SERVER}/Media/${NAME}`,
      `${SERVER}/media/${NAME.toUpperCase()}`,
      `${SERVER}/media/${NAME.replace('.png', '.svg')}`,
      `${SERVER}/media/${NAME.replace('.png', '.gif')}`,
      `${SERVER}/media/${NAME}.html`,
      `${SERVER}/media/abc.png`,
      `${SERVER}/media/${NAME}?download=1`,
      `${SERVER}/media/${NAME}?`,
      `${SERVER}/media/${NAME}#x`,
      `${SERVER}/x/../media/${NAME}`,
      `${SERVER}/media/../media/${NAME}`,
      `${SERVER}/media/./${NAME}`,
      `${SERVER}/./media/${NAME}`,
      `${SERVER}/%2e%2e/media/${NAME}`,
      `${SERVER}/media/%2e%2e/${NAME}`,
      `${SERVER}/media/${NAME.replace('.png', '%2epng')}`,
      `${SERVER}/%6dedia/${NAME}`,
      `${SERVER}/media/${NAME}/..`,
      `${SERVER}/media/../../etc/passwd`,
      `${SERVER}/media/..%2F..%2Fvigil.db`,
      `${SERVER}/media/${'a'.repeat(2100)}.png`,
    ]) {
      expect(nameOf(url), url).toBeNull();
    }
    expect(serverMediaName(42, bases)).toBeNull();
    expect(serverMediaName('', bases)).toBeNull();
  });

  it('accepts the server public base (VIGIL_PUBLIC_BASE_URL) with its path, and only that path', () => {
    const withPublic = mediaBasesOf(SERVER, ['https://phananh.example.vn/cong/', 'not a url', 'file:///etc/']);
    expect(withPublic).toEqual([
      { origin: SERVER, prefix: '' },
      { origin: 'https://phananh.example.vn', prefix: '/cong' },
    ]);
    expect(serverMediaName(`https://phananh.example.vn/cong/media/${NAME}`, withPublic)).toBe(NAME);
    expect(serverMediaName(`${SERVER}/media/${NAME}`, withPublic)).toBe(NAME);
    for (const url of [
      `https://phananh.example.vn/media/${NAME}`,
      `https://phananh.example.vn/congx/media/${NAME}`,
      `https://phananh.example.vn/cong/../media/${NAME}`,
      `http://phananh.example.vn/cong/media/${NAME}`,
      `https://phananh.example.vn.evil.com/cong/media/${NAME}`,
    ]) {
      expect(serverMediaName(url, withPublic), url).toBeNull();
    }
  });
});

describe('report photo bytes', () => {
  it('knows PNG, JPEG, WebP and GIF by their magic numbers, nothing else', () => {
    expect(sniffImageType(png())).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a\x01\0\x01\0', 'latin1'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('GIF87a\x01\0\x01\0', 'latin1'))).toBe('image/gif');
    for (const bytes of ['', '<svg xmlns="http://www.w3.org/2000/svg"/>', '<!doctype html><img src=x>', 'RIFF\x10\0\0\0WAVEfmt ', '\x89PNX\r\n\x1a\n']) {
      expect(sniffImageType(Buffer.from(bytes, 'latin1')), bytes).toBeNull();
    }
  });
});

describe('report photo cache', () => {
  const dbs: Database.Database[] = [];
  const servers: Server[] = [];
  const caches: ReportMediaCache[] = [];
  afterEach(async () => {
    caches.splice(0).forEach((c) => c.close());
    dbs.splice(0).forEach((db) => db.close());
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  function cache(serverUrl: string, options: { maxTotalBytes?: number; now?: () => number } = {}): ReportMediaCache {
    const db = new Database(':memory:');
    migrate(db);
    dbs.push(db);
    const c = new ReportMediaCache(db, { serverUrl, reports: { get: () => null }, isOffline: () => false, ...options });
    caches.push(c);
    return c;
  }

  it('caps the total and evicts the oldest fetched first', () => {
    let t = Date.parse('2026-11-28T00:00:00.000Z');
    const c = cache(SERVER, { maxTotalBytes: 100, now: () => t });
    const name = (i: number) => `${String(i).repeat(32)}.png`;
    for (const i of [1, 2, 3]) {
      c.put(name(i), 'image/png', Buffer.alloc(40, i));
      t += 1000;
    }
    expect(c.has(name(1))).toBe(false);
    expect(c.has(name(2))).toBe(true);
    expect(c.has(name(3))).toBe(true);
    expect(c.totalBytes()).toBe(80);
    // A photo bigger than the rest evicts as many as it takes, never itself.
    c.put(name(4), 'image/png', Buffer.alloc(90, 4));
    expect([1, 2, 3, 4].map((i) => c.has(name(i)))).toEqual([false, false, false, true]);
    expect(c.get(name(4))).toMatchObject({ contentType: 'image/png', size: 90 });
  });

  it('fetches only from the server origin, follows no redirect, refuses non-images and oversized files', async () => {
    const requests: string[] = [];
    const image = png();
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === `/media/${'1'.repeat(32)}.png`) return void res.writeHead(200, { 'content-type': 'image/png' }).end(image);
      if (req.url === `/media/${'2'.repeat(32)}.png`) return void res.writeHead(302, { location: `/media/${'1'.repeat(32)}.png` }).end();
      if (req.url === `/media/${'3'.repeat(32)}.jpg`) return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<svg onload="alert(1)"/>');
      if (req.url === `/media/${'4'.repeat(32)}.png`) return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(MAX_REPORT_PHOTO_BYTES + 1, 0x89));
      res.writeHead(404).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = cache(origin);

    const got = await c.photo(`${origin}/media/${'1'.repeat(32)}.png`);
    expect(got).toMatchObject({ ok: true, value: { kind: 'image', contentType: 'image/png', size: image.length } });
    if (got.ok && got.value.kind === 'image') expect(Buffer.from(got.value.base64, 'base64').equals(image)).toBe(true);
    expect(await c.photo(`${origin}/media/${'2'.repeat(32)}.png`)).toMatchObject({ ok: false, code: 'unavailable' });
    expect(await c.photo(`${origin}/media/${'3'.repeat(32)}.jpg`)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await c.photo(`${origin}/media/${'4'.repeat(32)}.png`)).toMatchObject({ ok: false, code: 'payload-too-large' });
    expect(await c.photo(`${origin}/media/${'5'.repeat(32)}.png`)).toMatchObject({ ok: false, code: 'not-found' });
    // External: named back, never requested.
    expect(await c.photo(`${origin}/elsewhere.png`)).toEqual({ ok: true, value: { kind: 'external', url: `${origin}/elsewhere.png` } });
    expect(requests).toEqual([1, 2, 3, 4, 5].map((i) => `/media/${String(i).repeat(32)}.${i === 3 ? 'jpg' : 'png'}`));
    // The cached one is answered without asking the server again.
    await c.photo(`${origin}/media/${'1'.repeat(32)}.png`);
    expect(requests).toHaveLength(5);
    expect([1, 2, 3, 4].map((i) => c.has(`${String(i).repeat(32)}.${i === 3 ? 'jpg' : 'png'}`))).toEqual([true, false, false, false]);
  });
});
