import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEncoderArgs, liveStartNumber, liveTimestampOffsetS, MAIN_VARIANT, SUB_VARIANT } from '../../../server/streams/encoder-args.js';
import { escapeFilterValue } from '../../../server/streams/ffmpeg-tools.js';
import { originFor, safeRelativePath, startStreamServer, type StreamServer } from '../../../server/streams/stream-server.js';
import { testPictureFor } from '../../../server/streams/test-pictures.js';

/** A raw request: fetch() would normalise `..` away before it reached the server. */
function rawGet(origin: string, rawPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HLS stream server (real sockets on 127.0.0.1)', () => {
  let root: string;
  let outside: string;
  let server: StreamServer;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-stream-server-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-stream-outside-'));
    fs.mkdirSync(path.join(root, 'cam-01'));
    fs.writeFileSync(path.join(root, 'cam-01', 'sub.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n');
    fs.writeFileSync(path.join(root, 'cam-01', 'sub-7.ts'), Buffer.alloc(188 * 3, 0x47));
    fs.writeFileSync(path.join(root, 'cam-01', 'secret.txt'), 'not media');
    fs.writeFileSync(path.join(root, 'cam-01', 'sub-8.ts.tmp'), 'half a segment');
    fs.writeFileSync(path.join(outside, 'leak.m3u8'), '#EXTM3U\nLEAK\n');
    fs.symlinkSync(path.join(outside, 'leak.m3u8'), path.join(root, 'cam-01', 'link.m3u8'));
    server = await startStreamServer({
      rootDir: root,
      ports: 3,
      resolve: (rel) => {
        if (rel === 'gen/live.m3u8') return { kind: 'text', body: '#EXTM3U\n#GENERATED\n' };
        if (rel.startsWith('off/')) return { kind: 'not-found' };
        if (rel === 'gen/seg-1.ts') return { kind: 'file', filePath: path.join(root, 'cam-01', 'sub-7.ts') };
        return undefined;
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('listens on distinct ports and spreads cameras over them round-robin', () => {
    expect(server.origins).toHaveLength(3);
    expect(new Set(server.origins).size).toBe(3);
    for (const origin of server.origins) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([0, 1, 2, 3, 4].map((i) => server.originFor(i))).toEqual([...server.origins, server.origins[0], server.origins[1]]);
    expect(originFor(['a', 'b'], -1)).toBe('b');
  });

  it('serves playlists and segments with their content types, CORS and caching, from every origin', async () => {
    for (const origin of server.origins) {
      const playlist = await fetch(`${origin}/cam-01/sub.m3u8`);
      expect(playlist.status).toBe(200);
      expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
      expect(playlist.headers.get('access-control-allow-origin')).toBe('*');
      expect(playlist.headers.get('cache-control')).toBe('no-cache');
      expect(await playlist.text()).toContain('#EXTM3U');
    }
    const segment = await fetch(`${server.origins[0]}/cam-01/sub-7.ts`);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect(segment.headers.get('cache-control')).toContain('max-age');
    expect((await segment.arrayBuffer()).byteLength).toBe(188 * 3);
  });

  it('answers HEAD with headers only, OPTIONS as a preflight, and other methods with 405', async () => {
    const head = await rawGet(server.origins[1]!, '/cam-01/sub-7.ts', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(188 * 3));
    expect(head.body).toBe('');
    const options = await rawGet(server.origins[1]!, '/cam-01/sub.m3u8', 'OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers['access-control-allow-origin']).toBe('*');
    const post = await rawGet(server.origins[1]!, '/cam-01/sub.m3u8', 'POST');
    expect(post.status).toBe(405);
  });

  it('answers 404 with CORS for missing files, non-media files, temp files and symlinks out of the tree', async () => {
    for (const p of ['/cam-01/missing.m3u8', '/cam-01/secret.txt', '/cam-01/sub-8.ts.tmp', '/cam-01/link.m3u8', '/cam-02/sub.m3u8', '/cam-01']) {
      const res = await rawGet(server.origins[0]!, p);
      expect(res.status, p).toBe(404);
      expect(res.headers['access-control-allow-origin'], p).toBe('*');
      expect(res.body, p).not.toContain('LEAK');
    }
  });

  it('refuses path traversal in every spelling', async () => {
    const rel = path.relative(root, path.join(outside, 'leak.m3u8')).split(path.sep).join('/');
    for (const p of [`/${rel}`, `/cam-01/../${rel}`, `/%2e%2e/${path.basename(outside)}/leak.m3u8`, `/cam-01%2f..%2f..%2f${path.basename(outside)}%2fleak.m3u8`, '/cam-01/..%5c..%5cleak.m3u8', '/%00.m3u8', '/%E0%A4%A.m3u8', '//etc/passwd.m3u8']) {
      const res = await rawGet(server.origins[2]!, p);
      expect([400, 404], p).toContain(res.status);
      expect(res.body, p).not.toContain('LEAK');
    }
    expect(safeRelativePath('/a/b.m3u8?x=1')).toBe('a/b.m3u8');
    expect(safeRelativePath('/a/../b.m3u8')).toBeNull();
    expect(safeRelativePath('/.hidden/b.m3u8')).toBeNull();
    expect(safeRelativePath('/a%2F..%2Fb.m3u8')).toBeNull();
  });

  it('lets the resolver answer first: generated text, another file, or 404', async () => {
    const generated = await fetch(`${server.origins[0]}/gen/live.m3u8`);
    expect(generated.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(generated.headers.get('cache-control')).toBe('no-cache');
    expect(await generated.text()).toBe('#EXTM3U\n#GENERATED\n');
    const mapped = await fetch(`${server.origins[0]}/gen/seg-1.ts`);
    expect(mapped.status).toBe(200);
    expect((await mapped.arrayBuffer()).byteLength).toBe(188 * 3);
    expect((await fetch(`${server.origins[0]}/off/sub.m3u8`)).status).toBe(404);
  });

  it('advertises a reachable host when listening on every interface', async () => {
    const wildcard = await startStreamServer({ rootDir: root, ports: 1, host: '0.0.0.0' });
    const named = await startStreamServer({ rootDir: root, ports: 1, host: '127.0.0.1', publicHost: 'localhost' });
    try {
      expect(wildcard.origins[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${wildcard.origins[0]}/cam-01/sub.m3u8`)).status).toBe(200);
      expect(named.origins[0]).toMatch(/^http:\/\/localhost:\d+$/);
    } finally {
      await wildcard.close();
      await named.close();
    }
  });

  it('closes promptly even with a keep-alive connection open', async () => {
    const extra = await startStreamServer({ rootDir: root, ports: 1 });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http.get(`${extra.origins[0]}/cam-01/sub.m3u8`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    const started = Date.now();
    await extra.close();
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
  });
});

describe('demo encoder command line', () => {
  it('renders once at the largest size, paces live output in real time, numbers segments from the given start', () => {
    const args = buildEncoderArgs({
      picture: testPictureFor(1),
      variants: [SUB_VARIANT, MAIN_VARIANT],
      fps: 25,
      segmentSeconds: 2,
      outDir: '/data/100%/cam-02',
      overlay: { fontFile: "/fonts/it's:here.ttf", titleFile: 'title.txt', clockFile: 'clock.txt' },
      output: { kind: 'live', startNumber: 1234, listSize: 6 },
    });
    const joined = args.join(' ');
    expect(args).toContain('-re');
    expect(args[args.indexOf('-i') + 1]).toMatch(/^mandelbrot=size=480x270:rate=10,fps=25,scale=1280:720/);
    expect(args[args.indexOf('-filter_complex') + 1]).toContain('split=2[v0][v1];[v1]scale=640:360');
    expect(joined).toContain("fontfile=/fonts/it\\\\\\'s\\\\:here.ttf");
    expect(args.filter((a) => a === '-start_number')).toHaveLength(2);
    expect(args).toContain('/data/100%%/cam-02/main-%d.ts');
    expect(args).toContain('/data/100%/cam-02/sub.m3u8');
    expect(args[args.indexOf('-g') + 1]).toBe('50');
    // Timestamps continue the numbering: 1234 × 2 s.
    expect(args[args.indexOf('-output_ts_offset') + 1]).toBe('2468.000');
    expect(args[args.indexOf('-hls_flags') + 1]).not.toContain('discont_start');
  });

  it('numbers live segments from the clock, above any predecessor in the same slot', () => {
    expect(liveStartNumber(10_000, 2)).toBe(6);
    expect(liveStartNumber(11_999, 2)).toBe(6);
    expect(liveStartNumber(12_000, 2)).toBe(7);
    // The 33-bit timestamp wraps after 2^33 / 90 kHz seconds.
    expect(liveTimestampOffsetS(47_721_859, 2)).toBeCloseTo((47_721_859 * 2) % (2 ** 33 / 90_000), 6);
  });

  it('encodes a loop as fast as possible, exactly its length, as VOD', () => {
    const args = buildEncoderArgs({
      picture: testPictureFor(0),
      variants: [SUB_VARIANT],
      fps: 25,
      segmentSeconds: 2,
      outDir: '/out',
      overlay: null,
      output: { kind: 'loop', seconds: 12 },
    });
    expect(args).not.toContain('-re');
    expect(args[args.indexOf('-frames:v') + 1]).toBe('300');
    expect(args[args.indexOf('-hls_playlist_type') + 1]).toBe('vod');
    expect(args[args.indexOf('-filter_complex') + 1]).toBe('[0:v]null[v0]');
  });

  it('escapes filter values at both filtergraph levels', () => {
    expect(escapeFilterValue('a:b')).toBe('a\\\\:b');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('x[1],y;z')).toBe('x\\[1\\]\\,y\\;z');
  });

  it('gives 30 cameras 30 different pictures', () => {
    const pictures = Array.from({ length: 30 }, (_, i) => testPictureFor(i));
    expect(new Set(pictures.map((p) => `${p.source}|${p.post.join(',')}`)).size).toBe(30);
    expect(testPictureFor(0, new Set(['smptebars'])).source).toBe('smptebars');
  });
});
