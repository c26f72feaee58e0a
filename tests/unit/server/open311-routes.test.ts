import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeRgbPng } from '../../../server/media/png-encoder.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, fail } from '../../../src-shared/result.js';
import { installErrorHandlers } from '../../../server/http/http-errors.js';
import { apiKeyId } from '../../../server/open311/api-keys.js';
import { registerOpen311Routes } from '../../../server/open311/open311-routes.js';
import type { Open311Service, Open311ServiceDefinition, PublicReport, ReportQuery, ReportSubmission, ReportsPort } from '../../../server/reports/reports-port.js';

/** A small in-memory ReportsPort: the HTTP layer's tests need no database. */
class FakeReports implements ReportsPort {
  readonly submitted: ReportSubmission[] = [];
  readonly reports: PublicReport[] = [];
  failNext: ReturnType<typeof fail> | null = null;
  private seq = 0;

  services(): Open311Service[] {
    return [
      { service_code: 'giao-thong', service_name: 'Giao thông', description: 'Ổ gà, đèn tín hiệu', metadata: true, type: 'realtime', keywords: ['ổ gà', 'đèn'], group: 'Hạ tầng' },
      { service_code: 'khac', service_name: 'Khác', description: 'Khác', metadata: false, type: 'realtime', keywords: [], group: 'Khác' },
    ];
  }

  serviceDefinition(code: string): Open311ServiceDefinition | null {
    if (code !== 'giao-thong') return null;
    return {
      service_code: 'giao-thong',
      attributes: [
        { variable: true, code: 'muc-do', datatype: 'singlevaluelist', required: false, datatype_description: 'Chọn', order: 2, description: 'Mức độ', values: [{ key: 'thap', name: 'Thấp' }, { key: 'cao', name: 'Cao' }] },
        { variable: true, code: 'loai', datatype: 'multivaluelist', required: true, datatype_description: 'Chọn', order: 1, description: 'Loại', values: [{ key: 'o-ga', name: 'Ổ gà' }, { key: 'den', name: 'Đèn' }] },
      ],
    };
  }

  submit(submission: ReportSubmission) {
    if (this.failNext) {
      const failure = this.failNext;
      this.failNext = null;
      return failure;
    }
    this.submitted.push(submission);
    const id = String(++this.seq);
    const at = new Date(Date.UTC(2026, 4, 4, 1, 0, this.seq)).toISOString();
    this.reports.push({
      service_request_id: id,
      status: 'open',
      extended_status: 'received',
      status_notes: '',
      service_name: 'Giao thông',
      service_code: submission.serviceCode,
      description: submission.description,
      agency_responsible: '',
      service_notice: 'Xử lý trong 72 giờ',
      requested_datetime: at,
      updated_datetime: at,
      expected_datetime: null,
      address: submission.addressString ?? '',
      address_id: submission.addressId ?? '',
      zipcode: '',
      lat: submission.lat,
      long: submission.lon,
      media_url: submission.mediaUrl ?? '',
      duplicate_of: null,
      timeline: [{ at, extendedStatus: 'received', note: 'Trung tâm đã tiếp nhận phản ánh.' }],
    });
    return ok({ id, token: `tok-${id}` });
  }

  get(id: string) {
    return this.reports.find((r) => r.service_request_id === id) ?? null;
  }

  byToken(token: string) {
    const id = token.replace(/^tok-/, '');
    return this.get(id) ? { token, service_request_id: id } : null;
  }

  lastQuery: ReportQuery | null = null;
  query(query: ReportQuery) {
    this.lastQuery = query;
    return this.reports
      .filter((r) => !query.ids || query.ids.includes(r.service_request_id))
      .filter((r) => !query.serviceCodes || query.serviceCodes.includes(r.service_code))
      .filter((r) => !query.statuses || query.statuses.includes(r.status))
      .reverse()
      .slice(0, query.limit);
  }
}

function png(width: number, height: number): Buffer {
  return encodeRgbPng(width, height, Buffer.alloc((1 + width * 3) * height, 0x80));
}

const KEY = 'test-open311-key-0123456789';
const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return params.toString();
};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Open311 routes (fake ReportsPort)', () => {
  let app: FastifyInstance;
  let fake: FakeReports;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-open311-'));
    fake = new FakeReports();
    app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
    installErrorHandlers(app);
    registerOpen311Routes(app, { reports: fake, apiKeys: [KEY], demoApiKey: 'demo-key-xyz', dataDir, publicBaseUrl: 'https://phananh.example.vn/', now: () => Date.UTC(2026, 4, 10) });
    app.post('/api/echo', async (request) => ({ ok: true, body: request.body }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (url: string, payload: string, headers: Record<string, string> = FORM) => app.inject({ method: 'POST', url, payload, headers });
  const goodFields = { api_key: KEY, service_code: 'giao-thong', lat: '9.785', long: '105.47', 'attribute[loai][]': ['o-ga', 'den'], description: 'Ổ gà lớn' };

  it('discovery in both formats names the spec and this endpoint', async () => {
    const json = await app.inject('/open311/v2/discovery.json');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json()).toMatchObject({ endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'https://phananh.example.vn/open311/v2', type: 'production', formats: ['application/json', 'text/xml'] }] });
    const xml = await app.inject('/open311/v2/discovery.xml');
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xml.body).toContain('<specification>http://wiki.open311.org/GeoReport_v2</specification>');
    expect(xml.body).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');
  });

  it('services: keywords as one comma-separated string; definitions ordered, 404 for unknown', async () => {
    const services = (await app.inject('/open311/v2/services.json')).json();
    expect(services[0]).toEqual({ service_code: 'giao-thong', service_name: 'Giao thông', description: 'Ổ gà, đèn tín hiệu', metadata: true, type: 'realtime', keywords: 'ổ gà,đèn', group: 'Hạ tầng' });
    const def = (await app.inject('/open311/v2/services/giao-thong.json')).json();
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['loai', 'muc-do']);
    const xml = (await app.inject('/open311/v2/services/giao-thong.xml')).body;
    expect(xml).toContain('<values><value><key>o-ga</key><name>Ổ gà</name></value>');
    expect((await app.inject('/open311/v2/services/khac.json')).json()).toEqual({ service_code: 'khac', attributes: [] });
    const unknown = await app.inject('/open311/v2/services/nope.xml');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<errors><error><code>404</code>');
  });

  it('POST requests: stores a whitelisted submission and answers id, token, notice', async () => {
    const response = await post('/open311/v2/requests.json', form({ ...goodFields, email: 'dan@example.vn', first_name: 'An', account_id: 'acc-1' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([{ service_request_id: '1', token: 'tok-1', service_notice: 'Xử lý trong 72 giờ', account_id: 'acc-1' }]);
    const s = fake.submitted.at(-1)!;
    expect(s).toMatchObject({ serviceCode: 'giao-thong', lat: 9.785, lon: 105.47, attributes: { loai: ['o-ga', 'den'] }, channel: 'open311', apiKeyId: apiKeyId(KEY) });
    expect(s.reporter).toMatchObject({ email: 'dan@example.vn', firstName: 'An', accountId: 'acc-1' });
    expect(JSON.stringify(s)).not.toContain(KEY);
  });

  it('the demo key marks the channel', async () => {
    expect((await post('/open311/v2/requests.xml', form({ ...goodFields, api_key: 'demo-key-xyz' }))).statusCode).toBe(200);
    expect(fake.submitted.at(-1)!.channel).toBe('demo');
  });

  it.each([
    ['no api_key', { ...goodFields, api_key: '' }, 403],
    ['a wrong api_key', { ...goodFields, api_key: 'nope' }, 403],
    ['no service_code', { ...goodFields, service_code: '' }, 400],
    ['an unknown service', { ...goodFields, service_code: 'aliens' }, 404],
    ['no location', { api_key: KEY, service_code: 'giao-thong', 'attribute[loai]': 'den' }, 400],
    ['only lat', { ...goodFields, long: '' }, 400],
    ['lat out of range', { ...goodFields, lat: '91' }, 400],
    ['a long description', { ...goodFields, description: 'x'.repeat(4001) }, 400],
    ['a missing required attribute', { ...goodFields, 'attribute[loai][]': [] }, 400],
    ['a value not in the list', { ...goodFields, 'attribute[muc-do]': 'rat-cao' }, 400],
    ['an unknown attribute', { ...goodFields, 'attribute[x]': '1' }, 400],
    ['a javascript: media_url', { ...goodFields, media_url: 'javascript:alert(1)' }, 400],
    ['a bad email', { ...goodFields, email: 'not an email' }, 400],
  ])('POST requests with %s → %i, code in body', async (_name, fields, status) => {
    const json = await post('/open311/v2/requests.json', form(fields as Record<string, string>));
    expect(json.statusCode).toBe(status);
    expect(json.json()).toEqual([{ code: status, description: expect.any(String) }]);
    const xml = await post('/open311/v2/requests.xml', form(fields as Record<string, string>));
    expect(xml.statusCode).toBe(status);
    expect(xml.body).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?>\\n<errors><error><code>${status}</code><description>[^<]+</description></error>`));
  });

  it('exactly 4,000 Vietnamese characters are fine; a domain failure maps to its status', async () => {
    expect((await post('/open311/v2/requests.json', form({ ...goodFields, description: 'ệ'.repeat(4000) }))).statusCode).toBe(200);
    fake.failNext = fail('bad-request', 'Vị trí nằm ngoài tỉnh');
    const refused = await post('/open311/v2/requests.json', form(goodFields));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual([{ code: 400, description: 'Vị trí nằm ngoài tỉnh' }]);
    fake.failNext = fail('internal', 'SQLITE_BUSY at /secret/path');
    const internal = await post('/open311/v2/requests.json', form(goodFields));
    expect(internal.statusCode).toBe(500);
    expect(internal.body).not.toContain('secret');
  });

  it('malformed and oversized bodies are 400/413 with errors, never 500; JSON bodies are refused', async () => {
    const json = await post('/open311/v2/requests.json', JSON.stringify(goodFields), { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(400);
    expect(json.json()[0].code).toBe(400);
    const huge = await post('/open311/v2/requests.json', form({ ...goodFields, description: 'x'.repeat(70_000) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()[0].code).toBe(413);
    const broken = await post('/open311/v2/requests.json', '%E0%A4%A&&&==%%', FORM);
    expect([400, 403]).toContain(broken.statusCode);
    const badMultipart = await post('/open311/v2/requests.json', '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', { 'content-type': 'multipart/form-data; boundary=xx' });
    expect(badMultipart.statusCode).toBe(400);
    expect(badMultipart.json()[0].code).toBe(400);
    // The rest of the server keeps its JSON parser and error shape.
    const echo = await post('/api/echo', JSON.stringify({ a: 1 }), { 'content-type': 'application/json' });
    expect(echo.json()).toEqual({ ok: true, body: { a: 1 } });
    expect((await post('/api/echo', 'a=1')).json()).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('GET requests: defaults to the last 90 days, filters, 400 for a span over 90 days or bad status', async () => {
    const all = await app.inject('/open311/v2/requests.json');
    expect(all.statusCode).toBe(200);
    expect(fake.lastQuery).toEqual({ startMs: Date.UTC(2026, 4, 10) - 90 * 86_400_000, endMs: Date.UTC(2026, 4, 10), limit: 1000 });
    const first = all.json()[0];
    expect(Object.keys(first).sort()).toEqual(
      ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'].sort(),
    );
    expect(first.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    await app.inject('/open311/v2/requests.json?service_code=giao-thong,khac&status=open&start_date=2026-05-01T00:00:00%2B07:00&end_date=2026-05-09');
    expect(fake.lastQuery).toEqual({ serviceCodes: ['giao-thong', 'khac'], statuses: ['open'], startMs: Date.UTC(2026, 3, 30, 17), endMs: Date.UTC(2026, 4, 8, 17), limit: 1000 });
    await app.inject('/open311/v2/requests.json?service_request_id=1,2&status=bogus');
    expect(fake.lastQuery).toEqual({ ids: ['1', '2'], limit: 1000 });
    const span = await app.inject('/open311/v2/requests.xml?start_date=2026-01-01&end_date=2026-05-01');
    expect(span.statusCode).toBe(400);
    expect(span.body).toContain('<code>400</code>');
    expect((await app.inject('/open311/v2/requests.json?status=pending')).statusCode).toBe(400);
    expect((await app.inject('/open311/v2/requests.json?start_date=yesterday')).statusCode).toBe(400);
    const ext = (await app.inject('/open311/v2/requests.json?extensions=true')).json()[0];
    expect(ext.extended_attributes).toMatchObject({ extended_status: 'received', timeline: [{ extended_status: 'received', datetime: expect.stringMatching(/\+07:00$/) }] });
  });

  it('single request and token lookups; 404 for unknown ones', async () => {
    expect((await app.inject('/open311/v2/requests/1.json')).json()).toHaveLength(1);
    expect((await app.inject('/open311/v2/requests/1.xml')).body).toMatch(/<service_requests><request><service_request_id>1<\/service_request_id>/);
    expect((await app.inject('/open311/v2/requests/999.json')).statusCode).toBe(404);
    expect((await app.inject('/open311/v2/tokens/tok-1.json')).json()).toEqual([{ service_request_id: '1', token: 'tok-1' }]);
    expect((await app.inject('/open311/v2/tokens/tok-999.xml')).statusCode).toBe(404);
    const unknownRoute = await app.inject('/open311/v2/nothing.xml');
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.body).toContain('<errors>');
  });

  it('media upload: a real PNG is stored and served with nosniff and a strict CSP; text posing as PNG is refused', async () => {
    const boundary = 'vigilboundary';
    const multipartBody = (parts: { name: string; value?: string; file?: Buffer; filename?: string; type?: string }[]) =>
      Buffer.concat([
        ...parts.flatMap((p) => [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.filename ?? 'a.png'}"` : ''}\r\n${p.file ? `Content-Type: ${p.type ?? 'image/png'}\r\n` : ''}\r\n`,
          ),
          p.file ?? Buffer.from(p.value ?? ''),
          Buffer.from('\r\n'),
        ]),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const upload = await app.inject({ method: 'POST', url: '/open311/v2/media', headers, payload: multipartBody([{ name: 'api_key', value: KEY }, { name: 'media', file: png(4, 3) }]) });
    expect(upload.statusCode).toBe(200);
    const url = upload.json().media_url as string;
    expect(url).toMatch(/^https:\/\/phananh\.example\.vn\/media\/[0-9a-f]{32}\.png$/);
    const served = await app.inject(new URL(url).pathname);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await app.inject('/media/..%2F..%2Fvigil.db')).statusCode).toBe(404);

    const fake1 = await app.inject({ method: 'POST', url: '/open311/v2/media', headers, payload: multipartBody([{ name: 'api_key', value: KEY }, { name: 'media', file: Buffer.from('hello'), filename: 'x.png' }]) });
    expect(fake1.statusCode).toBe(400);
    const noKey = await app.inject({ method: 'POST', url: '/open311/v2/media?api_key=wrong', headers, payload: multipartBody([{ name: 'media', file: png(2, 2) }]) });
    expect(noKey.statusCode).toBe(403);

    const withPhoto = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers,
      payload: multipartBody([...Object.entries({ ...goodFields, 'attribute[loai][]': 'den' }).map(([name, value]) => ({ name, value: String(value) })), { name: 'media', file: png(2, 2) }]),
    });
    expect(withPhoto.statusCode).toBe(200);
    expect(fake.submitted.at(-1)!.mediaUrl).toMatch(/\/media\/[0-9a-f]{32}\.png$/);
  });

  it('public tracking page escapes everything and sends a strict CSP; the map shows rounded positions only', async () => {
    const created = await post('/open311/v2/requests.json', form({ ...goodFields, description: '<script>alert(1)</script>', lat: '9.7851234', long: '105.4712345' }));
    const id = created.json()[0].service_request_id as string;
    const page = await app.inject(`/theo-doi/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('Tiếp nhận');
    expect((await app.inject(`/theo-doi/tok-${id}`)).statusCode).toBe(200);
    expect((await app.inject('/theo-doi/nope')).statusCode).toBe(404);
    const redirect = await app.inject('/theo-doi?ma=%23' + id);
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe(`/theo-doi/${id}`);
    const geo = (await app.inject('/open311/v2/public-map.geojson')).json();
    const feature = geo.features.find((f: { properties: { id: string } }) => f.properties.id === id);
    expect(feature).toEqual({ type: 'Feature', geometry: { type: 'Point', coordinates: [105.4712, 9.7851] }, properties: { id, service_code: 'giao-thong', status: 'open' } });
    const map = await app.inject('/ban-do-phan-anh');
    expect(map.body).toContain('<svg');
    expect(map.body).not.toContain('<script');
    expect((await app.inject('/cong-khai/giao-dien.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });
});
