import fs from 'node:fs';
import path from 'node:path';
import { encodeRgbPng } from '../../server/media/png-encoder.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../unit/server/support/server-test-kit.js';

/** Hostile input against the real server: every attempt is refused with a 4xx and errors[], or stored inert. */

const KEY = 'hostile-key-5be1d2';

function png(width: number, height: number): Buffer {
  return encodeRgbPng(width, height, Buffer.alloc((1 + Math.min(width, 64) * 3) * Math.min(height, 64), 0x40));
}

describe('Open311 under hostile input', () => {
  let server: TestServer;
  let base: string;
  const mediaDir = () => path.join(server.dataDir, 'media');
  const mediaFiles = () => (fs.existsSync(mediaDir()) ? fs.readdirSync(mediaDir()) : []);

  beforeAll(async () => {
    server = await startTestServer({ demo: true, demoReportIntervalMs: 0, demoIntervalMs: 3_600_000, open311ApiKeys: [KEY], reportSla: false, cameraHealth: false });
    base = `${server.url}/open311/v2`;
  });
  afterAll(async () => {
    await server.stop();
  });

  const fields = (extra: Record<string, string> = {}) => ({
    api_key: KEY,
    service_code: 'chieu-sang',
    lat: '9.80',
    long: '105.56',
    description: 'Đèn đường hỏng',
    ...extra,
  });
  const postForm = (body: string, format = 'json', contentType = 'application/x-www-form-urlencoded') =>
    fetch(`${base}/requests.${format}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const postFields = (f: Record<string, string>, format = 'json') => postForm(new URLSearchParams(f).toString(), format);
  const upload = (file: Blob, filename: string, withKey = true, url = `${base}/media`) => {
    const body = new FormData();
    if (withKey) body.append('api_key', KEY);
    body.append('media', file, filename);
    return fetch(url, { method: 'POST', body });
  };
  async function expectErrors(response: Response, status: number): Promise<void> {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { code: number; description: string }[];
    expect(Array.isArray(body)).toBe(true);
    for (const e of body) expect(e).toEqual({ code: status, description: expect.any(String) });
  }

  it('an oversized form body is a 413 with errors[]; the server stays up', async () => {
    await expectErrors(await postForm(`${new URLSearchParams(fields()).toString()}&description=${'A'.repeat(200_000)}`), 413);
    expect((await fetch(`${base}/services.json`)).status).toBe(200);
  });

  it('malformed and mistyped bodies are 400 with errors[], never 500', async () => {
    await expectErrors(await postForm('{"service_code": "chieu-sang"}', 'json', 'application/json'), 400);
    await expectErrors(await postForm('<xml/>', 'json', 'text/xml'), 400);
    await expectErrors(await postForm('service_code=x', 'json', 'text/plain'), 400);
    await expectErrors(await postForm('--b\r\nContent-Disposition: form-data; name="api_key"\r\n\r\n' + KEY, 'json', 'multipart/form-data; boundary=b'), 400);
    await expectErrors(await postForm('garbage without boundary', 'json', 'multipart/form-data'), 400);
    const weird = await postForm(`api_key=${KEY}&service_code=%ZZ%00&lat=9.8&long=105.5&%E0%A4%A=%FF%FE`);
    expect(weird.status).toBeGreaterThanOrEqual(400);
    expect(weird.status).toBeLessThan(500);
    for (const name of ['__proto__', 'constructor', 'attribute[__proto__]', 'attribute[constructor][]', 'attribute[', 'attribute[a][b]']) {
      const r = await postForm(`${new URLSearchParams(fields()).toString()}&${encodeURIComponent(name)}=1`);
      expect(r.status, name).toBeLessThan(500);
      if (name.startsWith('attribute')) await expectErrors(r, 400);
    }
    const xml = await postForm('{bad', 'xml', 'application/json');
    expect(xml.status).toBe(400);
    expect(await xml.text()).toContain('<errors><error><code>400</code>');
  });

  it('a multipart body with a file over 5 MB is a 413; nothing is stored', async () => {
    const before = mediaFiles().length;
    const big = Buffer.concat([png(8, 8), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    await expectErrors(await upload(new Blob([new Uint8Array(big)], { type: 'image/png' }), 'big.png'), 413);
    expect(mediaFiles().length).toBe(before);
  });

  it.each([
    ['text renamed .png', Buffer.from('I am not an image, just text in a .png'), 'photo.png', 'image/png'],
    ['an SVG with a script', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'), 'photo.svg', 'image/svg+xml'],
    ['an SVG declared as PNG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'photo.png', 'image/png'],
    ['a truncated PNG', png(200, 200).subarray(0, 50), 'photo.png', 'image/png'],
    ['a PNG claiming 20000×20000', png(20000, 20000), 'bomb.png', 'image/png'],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>'), 'photo.jpg', 'image/jpeg'],
  ])('the media endpoint refuses %s (400) and stores nothing', async (_name, bytes, filename, type) => {
    const before = mediaFiles();
    await expectErrors(await upload(new Blob([new Uint8Array(bytes)], { type }), filename), 400);
    expect(mediaFiles()).toEqual(before);
  });

  it('the media endpoint wants a key (403) and an image (400); a good PNG is served inert', async () => {
    await expectErrors(await upload(new Blob([new Uint8Array(png(4, 4))], { type: 'image/png' }), 'a.png', false), 403);
    await expectErrors(await upload(new Blob([new Uint8Array(png(4, 4))], { type: 'image/png' }), 'a.png', false, `${base}/media?api_key=wrong`), 403);
    const ok = await upload(new Blob([new Uint8Array(png(16, 9))], { type: 'text/html' }), '../../evil.html');
    expect(ok.status).toBe(200);
    const { media_url } = (await ok.json()) as { media_url: string };
    expect(media_url).toMatch(new RegExp(`^${server.url}/media/[0-9a-f]{32}\\.png$`));
    const served = await fetch(media_url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(Buffer.from(await served.arrayBuffer()).subarray(0, 8)).toEqual(png(1, 1).subarray(0, 8));
    for (const probe of ['..%2Fvigil.db', '..%2F..%2Fetc%2Fpasswd', 'x.svg', `${path.basename(media_url, '.png')}.html`]) {
      expect((await fetch(`${server.url}/media/${probe}`)).status, probe).toBe(404);
    }
    // The photo can also come as a `media` part of the POST itself.
    const body = new FormData();
    for (const [k, v] of Object.entries(fields())) body.append(k, v);
    body.append('media', new Blob([new Uint8Array(png(8, 8))], { type: 'image/png' }), 'hien-truong.png');
    const created = await fetch(`${base}/requests.json`, { method: 'POST', body });
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const stored = (await (await fetch(`${base}/requests/${id}.json`)).json()) as { media_url: string }[];
    expect(stored[0]!.media_url).toMatch(/\/media\/[0-9a-f]{32}\.png$/);
    const bad = new FormData();
    for (const [k, v] of Object.entries(fields())) bad.append(k, v);
    bad.append('media', new Blob(['<svg onload=alert(1)>'], { type: 'image/png' }), 'x.png');
    await expectErrors(await fetch(`${base}/requests.json`, { method: 'POST', body: bad }), 400);
  });

  it('media_url must be http(s)', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox']) {
      await expectErrors(await postFields(fields({ media_url: url })), 400);
    }
  });

  it('script in a description is stored as text, returned as data, and shown escaped on the public page', async () => {
    const script = `<script>alert("xss")</script><img src=x onerror=alert(1)> & "quotes" 'single'`;
    const created = await postFields(fields({ description: script, address_string: '<b>Đường</b> 1' }));
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const json = (await (await fetch(`${base}/requests/${id}.json`)).json()) as { description: string; address: string }[];
    expect(json[0]!.description).toBe(script);
    expect(json[0]!.address).toBe('<b>Đường</b> 1');
    const xml = await (await fetch(`${base}/requests/${id}.xml`)).text();
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    const page = await fetch(`${server.url}/theo-doi/${id}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).not.toMatch(/script-src/);
    const html = await page.text();
    expect(html).not.toMatch(/<script|<img src=x|<b>/i);
    expect(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')).not.toContain('onerror');
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Tiếp nhận');
  });

  it("SQL-looking strings are stored verbatim and do nothing", async () => {
    const sql = "'; DROP TABLE reports; --";
    const created = await postFields(fields({ description: sql, address_string: `1' OR '1'='1`, 'attribute[so-cot-den]': `"); DELETE FROM events; --` }));
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const [stored] = (await (await fetch(`${base}/requests/${id}.json`)).json()) as { description: string; address: string }[];
    expect(stored).toMatchObject({ description: sql, address: `1' OR '1'='1` });
    expect(server.reports.internal(id)?.attributes).toEqual({ 'so-cot-den': `"); DELETE FROM events; --` });
    const count = server.reports.list().length;
    for (const q of [`service_code=${encodeURIComponent(sql)}`, `service_request_id=${encodeURIComponent(sql)}`, `status=${encodeURIComponent("open' OR 1=1 --")}`, `start_date=${encodeURIComponent(sql)}`]) {
      const r = await fetch(`${base}/requests.json?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect((await fetch(`${base}/requests/${encodeURIComponent("1' OR '1'='1")}.json`)).status).toBe(404);
    expect((await fetch(`${base}/tokens/${encodeURIComponent("x' OR 1=1 --")}.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/theo-doi/${encodeURIComponent(sql)}`)).status).toBe(404);
    expect(server.reports.list().length).toBe(count);
    expect((await fetch(`${base}/requests.json`)).status).toBe(200);
  });

  it('control characters and lone surrogates never break the XML', async () => {
    const created = await postFields(fields({ description: 'a\u0000b\u0007c\u001bd\uFFFEe\uD800f' }));
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const xml = await (await fetch(`${base}/requests/${id}.xml`)).text();
    const forbidden = [...xml].filter((c) => { const n = c.codePointAt(0)!; return (n < 0x20 && n !== 0x09 && n !== 0x0a && n !== 0x0d) || n === 0xfffe || n === 0xffff || (n >= 0xd800 && n <= 0xdfff); });
    expect(forbidden).toEqual([]);
    expect(xml).toMatch(/<description>a.b.c.d.e.f<\/description>/);
  });

  it('the public pages: a 404 for unknown ids, a lookup form, and a map with no personal data or script', async () => {
    await postFields(fields({ email: 'bi-mat@example.vn', phone: '0912345678', first_name: 'Bí', last_name: 'Mật', description: 'Mô tả riêng tư 12345' }));
    expect((await fetch(`${server.url}/theo-doi/PA-19990101-0001`)).status).toBe(404);
    const form = await fetch(`${server.url}/theo-doi`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form');
    const bad = await fetch(`${server.url}/theo-doi?ma=${encodeURIComponent('<script>')}`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('<script>');
    const map = await fetch(`${server.url}/ban-do-phan-anh`);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await map.text();
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|bi-mat@|0912345678|Mô tả riêng tư/);
    const geo = await (await fetch(`${base}/public-map.geojson`)).text();
    expect(geo).not.toMatch(/bi-mat@|0912345678|Mô tả riêng tư|description/);
  });
});
