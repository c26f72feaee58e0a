import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_FILE_NAME } from '../../src-main/host/cache/cache-database.js';
import type { ReportSubmission } from '../../server/reports/reports-port.js';
import { DEMO_ADMIN_UNITS } from '../../server/demo/demo-seed.js';
import { encodeRgbPng } from '../../server/media/png-encoder.js';
import { TestRig, waitFor, type TestHost } from '../support/host-harness.js';

/**
 * Report photos through a real host and a real server: the server's own photo is
 * prefetched when the report replicates and stays available through an outage; a
 * citizen-supplied URL elsewhere is named back as external and never requested; a
 * non-image at the server's media route is refused.
 */
const KEY = 'photo-test-key-5f0c1a';

function png(size: number): Buffer {
  const rows = Buffer.alloc((1 + size * 3) * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) rows.writeUIntBE(((x * 4) << 16) | ((y * 4) << 8) | 0x80, y * (1 + size * 3) + 1 + x * 3, 3);
  return encodeRgbPng(size, size, rows);
}

function submission(overrides: Partial<ReportSubmission> = {}): ReportSubmission {
  return {
    serviceCode: 'chieu-sang',
    lat: 9.785,
    lon: 105.47,
    addressString: 'Đường 3/2, phường 5, Vị Thanh',
    addressId: null,
    description: 'Đèn đường tắt cả dãy',
    attributes: {},
    mediaUrl: null,
    reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
    apiKeyId: 'key-test',
    channel: 'open311',
    ...overrides,
  };
}

/** The host's cached photos, read beside it from cache.db (WAL: a second reader is fine). */
function cachedPhotos(h: TestHost): { name: string; content_type: string; size: number }[] {
  const db = new Database(path.join(h.dataDir, CACHE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT name, content_type, size FROM report_media ORDER BY name').all() as { name: string; content_type: string; size: number }[];
  } finally {
    db.close();
  }
}

describe('host report photos', () => {
  let rig: TestRig | undefined;
  let external: Server | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
    const s = external;
    external = undefined;
    if (s) await new Promise((resolve) => s.close(resolve));
  });

  async function start(): Promise<TestHost> {
    rig = await TestRig.start({ open311ApiKeys: [KEY], adminUnits: DEMO_ADMIN_UNITS });
    const h = await rig.addHost({ workstationName: 'Bàn phản ánh' });
    await h.login('op1');
    await rig.waitInSync(h);
    return h;
  }

  it('prefetches an uploaded photo when the report replicates and serves it through an outage', async () => {
    const h = await start();
    const r = rig!;
    const api = h.host.handlers.reports;

    // A citizen's app posts a report with a photo (multipart), through the URL the host uses.
    const form = new FormData();
    for (const [k, v] of Object.entries({ api_key: KEY, service_code: 'chieu-sang', lat: '9.785', long: '105.47', description: 'Đèn đường tắt' })) form.append(k, v);
    form.append('media', new Blob([new Uint8Array(png(64))], { type: 'image/png' }), 'den.png');
    const posted = await fetch(`${r.url}/open311/v2/requests.json`, { method: 'POST', body: form });
    expect(posted.status).toBe(200);
    const [answer] = (await posted.json()) as { service_request_id: string }[];
    const id = answer!.service_request_id;

    const report = await waitFor(() => h.host.inspect.reports().find((x) => x.id === id), { message: 'the report replicates' });
    const [url] = report.mediaUrls;
    expect(url).toMatch(new RegExp(`^${r.url}/media/[0-9a-f]{32}\\.png$`));
    const name = url!.slice(url!.lastIndexOf('/') + 1);
    const stored = readFileSync(path.join(r.serverDir, 'media', name));

    // Prefetched in the background: nobody asked for the photo yet.
    await waitFor(() => cachedPhotos(h).some((p) => p.name === name), { message: 'the photo is prefetched' });
    expect(cachedPhotos(h)).toEqual([{ name, content_type: 'image/png', size: stored.length }]);

    await r.stopServer();
    await waitFor(() => h.host.inspect.status().connection === 'offline', { message: 'the host notices the outage' });
    const photo = await api.photo(url!);
    if (!photo.ok || photo.value.kind !== 'image') throw new Error(`expected the cached image, got ${JSON.stringify(photo).slice(0, 200)}`);
    expect(photo.value).toMatchObject({ kind: 'image', contentType: 'image/png', size: stored.length });
    expect(Buffer.from(photo.value.base64, 'base64').equals(stored)).toBe(true);

    // A photo of the server that was never fetched: unavailable while offline, at once.
    const missing = await api.photo(`${r.url}/media/${'0'.repeat(32)}.png`);
    expect(missing).toMatchObject({ ok: false, code: 'unavailable' });

    // Windows must be logged in, like every other report call.
    await h.host.handlers.session.logout();
    expect(await api.photo(url!)).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('never requests an external media_url and refuses a non-image at the server media route', async () => {
    const requests: string[] = [];
    const ext = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'image/png' }).end(png(4));
    });
    external = ext;
    await new Promise<void>((resolve) => ext.listen(0, '127.0.0.1', resolve));
    const extOrigin = `http://127.0.0.1:${(ext.address() as AddressInfo).port}`;

    const h = await start();
    const r = rig!;
    const api = h.host.handlers.reports;

    // A tracking pixel elsewhere, and one dressed as the server's media route on another port.
    const pixel = `${extOrigin}/pixel.png?u=op1`;
    const lookalike = `${extOrigin}/media/${'a'.repeat(32)}.png`;
    // A file at the server's media route whose name says .jpg but whose bytes are markup.
    const fake = `${'b'.repeat(32)}.jpg`;
    mkdirSync(path.join(r.serverDir, 'media'), { recursive: true });
    writeFileSync(path.join(r.serverDir, 'media', fake), '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const fakeUrl = `${r.url}/media/${fake}`;
    const served = await fetch(fakeUrl);
    expect(served.headers.get('content-type')).toBe('image/jpeg');

    const ids: string[] = [];
    for (const mediaUrl of [pixel, lookalike, fakeUrl]) {
      const submitted = r.running.reports.submit(submission({ mediaUrl }));
      if (!submitted.ok) throw new Error(submitted.message);
      ids.push(submitted.value.id);
    }
    await rig!.waitInSync(h);
    await waitFor(() => ids.every((id) => h.host.inspect.reports().some((x) => x.id === id)), { message: 'the reports replicate' });

    expect(await api.photo(pixel)).toEqual({ ok: true, value: { kind: 'external', url: pixel } });
    expect(await api.photo(lookalike)).toEqual({ ok: true, value: { kind: 'external', url: lookalike } });
    expect(await api.photo(fakeUrl)).toMatchObject({ ok: false, code: 'bad-request' });
    // Give any background prefetch time to have happened, had it wrongly been tried.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requests).toEqual([]);
    expect(cachedPhotos(h)).toEqual([]);
  });
});
