import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../unit/server/support/server-test-kit.js';

/**
 * GeoReport v2 conformance, over HTTP only, against the real server (real report
 * service, real SQLite): every endpoint in JSON and XML, every error case with the
 * spec's status and the same code in the body.
 */

// --- A small XML parser: enough to check well-formedness and read values back ---
interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ENTITIES[e]!);

function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  if (body === xml) throw new Error('no XML declaration');
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const token = /<(\/?)([a-z_]+)(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body))) {
    if (m.index !== consumed) throw new Error(`unexpected markup at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
    consumed = token.lastIndex;
    const top = stack.at(-1)!;
    if (m[4] !== undefined) {
      if (/&(?!(lt|gt|amp|quot|apos);)/.test(m[4])) throw new Error(`bare & in ${m[4]}`);
      top.text += decode(m[4]);
    } else if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const node: XmlNode = { name: m[2]!, children: [], text: '' };
      top.children.push(node);
      if (!m[3]) stack.push(node);
    }
  }
  if (consumed !== body.length || stack.length !== 1) throw new Error('unbalanced XML');
  const [doc] = root.children.filter((c) => c.name !== '#text');
  if (!doc || root.children.length !== 1 || root.text.trim()) throw new Error('one root element expected');
  return doc;
}

const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);
const value = (node: XmlNode, name: string) => child(node, name)?.text;

const KEY = 'conformance-key-7f3a9c';
const SPEC = 'http://wiki.open311.org/GeoReport_v2';

describe('Open311 GeoReport v2 conformance (HTTP only)', () => {
  let server: TestServer;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer({ demo: true, demoReportIntervalMs: 0, demoIntervalMs: 3_600_000, demoSeed: 3, open311ApiKeys: [KEY], reportSla: false, cameraHealth: false });
    base = `${server.url}/open311/v2`;
  });
  afterAll(async () => {
    await server.stop();
  });

  const get = (path: string) => fetch(`${base}/${path}`);
  const post = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: body.toString() });
  };
  const report = (extra: Record<string, string | string[]> = {}) => ({
    api_key: KEY,
    service_code: 'giao-thong',
    lat: '9.7852',
    long: '105.4711',
    address_string: 'Đường 3 Tháng 2, Vị Thanh',
    description: 'Ổ gà lớn giữa đường',
    'attribute[loai-su-co]': 'mat-duong',
    email: 'nguoidan@example.vn',
    phone: '0909 123 456',
    first_name: 'Lan',
    last_name: 'Nguyễn',
    device_id: 'device-abc',
    account_id: 'acct-77',
    ...extra,
  });
  async function expectError(response: Response, status: number, format: 'json' | 'xml'): Promise<string> {
    expect(response.status).toBe(status);
    const text = await response.text();
    if (format === 'json') {
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const errors = JSON.parse(text) as { code: number; description: string }[];
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e).toEqual({ code: status, description: expect.any(String) });
      return errors.map((e) => e.description).join(' | ');
    }
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const doc = parseXml(text);
    expect(doc.name).toBe('errors');
    for (const e of doc.children) {
      expect(e.name).toBe('error');
      expect(value(e, 'code')).toBe(String(status));
      expect(value(e, 'description')).toBeTruthy();
    }
    return doc.children.map((e) => value(e, 'description')).join(' | ');
  }

  it('GET discovery.json / .xml', async () => {
    const json = await get('discovery.json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const d = (await json.json()) as { changeset: string; contact: string; key_service: string; endpoints: Record<string, unknown>[] };
    expect(d).toMatchObject({ changeset: expect.stringMatching(/\+07:00$/), contact: expect.any(String), key_service: expect.any(String) });
    expect(d.endpoints).toEqual([{ specification: SPEC, url: `${base}`, changeset: d.changeset, type: 'production', formats: ['application/json', 'text/xml'] }]);
    const xml = parseXml(await (await get('discovery.xml')).text());
    const endpoint = child(child(xml, 'endpoints')!, 'endpoint')!;
    expect(value(endpoint, 'specification')).toBe(SPEC);
    expect(value(endpoint, 'type')).toBe('production');
    expect(child(endpoint, 'formats')!.children.map((f) => f.text)).toEqual(['application/json', 'text/xml']);
  });

  it('GET services.json / .xml: the catalogue, keywords as one comma-separated string', async () => {
    const services = (await (await get('services.json')).json()) as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(3);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(typeof s.keywords).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    expect(services.find((s) => s.service_code === 'giao-thong')).toMatchObject({ service_name: 'Giao thông', metadata: true, keywords: expect.stringContaining('ổ gà,') });
    const xml = parseXml(await (await get('services.xml')).text());
    expect(xml.name).toBe('services');
    expect(xml.children).toHaveLength(services.length);
    expect(value(xml.children[0]!, 'service_code')).toBe(services[0]!.service_code);
    expect(value(xml.children[0]!, 'metadata')).toBe(String(services[0]!.metadata));
  });

  it('GET services/{code}.json / .xml: attributes with values; 404 for an unknown code', async () => {
    const def = (await (await get('services/giao-thong.json')).json()) as { service_code: string; attributes: Record<string, unknown>[] };
    expect(def.service_code).toBe('giao-thong');
    const attribute = def.attributes.find((a) => a.code === 'loai-su-co')!;
    expect(attribute).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true, order: expect.any(Number), description: expect.any(String), datatype_description: expect.any(String) });
    expect(attribute.values).toEqual(expect.arrayContaining([{ key: 'mat-duong', name: expect.any(String) }]));
    const xml = parseXml(await (await get('services/giao-thong.xml')).text());
    expect(xml.name).toBe('service_definition');
    const first = child(child(xml, 'attributes')!, 'attribute')!;
    expect(value(first, 'code')).toBe(def.attributes[0]!.code);
    expect(child(first, 'values')?.children[0]?.name ?? 'value').toBe('value');
    await expectError(await get('services/khong-co.json'), 404, 'json');
    await expectError(await get('services/khong-co.xml'), 404, 'xml');
  });

  it('POST requests.json / .xml, then GET requests/{id}, tokens/{token}', async () => {
    const created = await post('requests.json', report());
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const [answer] = (await created.json()) as { service_request_id: string; token: string; service_notice: string; account_id: string }[];
    expect(answer).toEqual({ service_request_id: expect.stringMatching(/^PA-/), token: expect.any(String), service_notice: expect.any(String), account_id: 'acct-77' });

    const xmlCreated = await post('requests.xml', report({ account_id: '' }));
    expect(xmlCreated.status).toBe(200);
    const xmlDoc = parseXml(await xmlCreated.text());
    expect(xmlDoc.name).toBe('service_requests');
    const xmlRequest = child(xmlDoc, 'request')!;
    expect(value(xmlRequest, 'service_request_id')).toMatch(/^PA-/);
    expect(value(xmlRequest, 'token')).toBeTruthy();

    const one = (await (await get(`requests/${answer!.service_request_id}.json`)).json()) as Record<string, unknown>[];
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({
      service_request_id: answer!.service_request_id,
      status: 'open',
      service_code: 'giao-thong',
      service_name: 'Giao thông',
      description: 'Ổ gà lớn giữa đường',
      address: 'Đường 3 Tháng 2, Vị Thanh',
      lat: 9.7852,
      long: 105.4711,
      requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
      updated_datetime: expect.stringMatching(/\+07:00$/),
    });
    const text = JSON.stringify(one);
    for (const personal of ['nguoidan@example.vn', '0909 123 456', 'Lan', 'Nguyễn', 'device-abc', 'acct-77', KEY]) expect(text).not.toContain(personal);

    const oneXml = parseXml(await (await get(`requests/${answer!.service_request_id}.xml`)).text());
    expect(value(child(oneXml, 'request')!, 'service_request_id')).toBe(answer!.service_request_id);
    expect(value(child(oneXml, 'request')!, 'requested_datetime')).toMatch(/\+07:00$/);

    expect(await (await get(`tokens/${answer!.token}.json`)).json()).toEqual([{ service_request_id: answer!.service_request_id, token: answer!.token }]);
    const tokenXml = parseXml(await (await get(`tokens/${answer!.token}.xml`)).text());
    expect(value(child(tokenXml, 'request')!, 'service_request_id')).toBe(answer!.service_request_id);

    await expectError(await get('requests/PA-19990101-9999.json'), 404, 'json');
    await expectError(await get('requests/PA-19990101-9999.xml'), 404, 'xml');
    await expectError(await get('tokens/01ZZZZZZZZZZZZZZZZZZZZZZZZ.json'), 404, 'json');
    await expectError(await get('tokens/01ZZZZZZZZZZZZZZZZZZZZZZZZ.xml'), 404, 'xml');
  });

  it('GET requests.json / .xml: newest first, filters, last 90 days by default, extensions=true adds the timeline', async () => {
    const ids: string[] = [];
    for (const [code, extra] of [['moi-truong', {}], ['chieu-sang', {}], ['giao-thong', { 'attribute[loai-su-co]': 'un-tac' }]] as const) {
      const r = await post('requests.json', { ...report(extra), service_code: code, ...(code === 'giao-thong' ? {} : { 'attribute[loai-su-co]': [] }) });
      expect(r.status).toBe(200);
      ids.push(((await r.json()) as { service_request_id: string }[])[0]!.service_request_id);
    }
    // One report from 120 days ago, through the port (HTTP cannot backdate): outside the default window.
    const old = server.reports.submit({
      serviceCode: 'chieu-sang', lat: 9.78, lon: 105.47, addressString: null, addressId: null, description: 'cũ', attributes: {}, mediaUrl: null,
      reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
      apiKeyId: 'test', channel: 'web', receivedAt: new Date(Date.now() - 120 * 86_400_000).toISOString(),
    });
    expect(old.ok).toBe(true);
    const oldId = old.ok ? old.value.id : '';

    const all = (await (await get('requests.json')).json()) as { service_request_id: string; requested_datetime: string }[];
    expect(all.map((r) => r.service_request_id)).not.toContain(oldId);
    expect(all.slice(0, 3).map((r) => r.service_request_id)).toEqual([...ids].reverse());
    const times = all.map((r) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const filtered = (await (await get('requests.json?service_code=moi-truong,chieu-sang&status=open')).json()) as { service_code: string }[];
    expect(filtered.length).toBeGreaterThanOrEqual(2);
    expect(new Set(filtered.map((r) => r.service_code))).toEqual(new Set(['moi-truong', 'chieu-sang']));
    expect(await (await get('requests.json?status=closed&service_code=moi-truong')).json()).toEqual([]);

    const byIds = (await (await get(`requests.json?service_request_id=${ids[0]},${oldId}&service_code=nothing-matches`)).json()) as { service_request_id: string }[];
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([ids[0], oldId].sort());

    const start = encodeURIComponent(new Date(Date.now() - 130 * 86_400_000).toISOString());
    const end = encodeURIComponent(new Date(Date.now() - 100 * 86_400_000).toISOString());
    const window = (await (await get(`requests.json?start_date=${start}&end_date=${end}`)).json()) as { service_request_id: string }[];
    expect(window.map((r) => r.service_request_id)).toEqual([oldId]);

    const xml = parseXml(await (await get('requests.xml?service_code=moi-truong')).text());
    expect(xml.name).toBe('service_requests');
    expect(xml.children.every((c) => c.name === 'request' && value(c, 'service_code') === 'moi-truong')).toBe(true);

    const extended = (await (await get(`requests.json?service_request_id=${ids[0]}&extensions=true`)).json()) as { extended_attributes: { extended_status: string; timeline: { extended_status: string; datetime: string; note: string }[] } }[];
    expect(extended[0]!.extended_attributes.timeline[0]).toMatchObject({ extended_status: 'received', datetime: expect.stringMatching(/\+07:00$/), note: expect.any(String) });
    const plain = (await (await get(`requests.json?service_request_id=${ids[0]}`)).json()) as Record<string, unknown>[];
    expect(plain[0]).not.toHaveProperty('extended_attributes');
    const extendedXml = parseXml(await (await get(`requests/${ids[0]}.xml?extensions=true`)).text());
    expect(child(child(child(extendedXml, 'request')!, 'extended_attributes')!, 'timeline')!.children[0]!.name).toBe('step');
  });

  describe.each(['json', 'xml'] as const)('errors in %s carry the spec status and the same code', (format) => {
    it.each([
      ['missing service_code', { service_code: '' }, 400],
      ['no location', { lat: '', long: '', address_string: '' }, 400],
      ['a description over 4,000 characters', { description: 'ệ'.repeat(4001) }, 400],
      ['a missing required attribute', { 'attribute[loai-su-co]': '' }, 400],
      ['an attribute value not in the list', { 'attribute[loai-su-co]': 'phi-thuyen' }, 400],
      ['an unknown service_code', { service_code: 'phi-thuyen' }, 404],
      ['a wrong api_key', { api_key: 'not-a-key' }, 403],
      ['no api_key', { api_key: '' }, 403],
    ])('POST requests with %s → %i', async (_name, extra, status) => {
      await expectError(await post(`requests.${format}`, report(extra)), status, format);
    });

    it('GET requests with a span over 90 days → 400; a bad date → 400; a bad status → 400', async () => {
      await expectError(await get(`requests.${format}?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-04-02T00:00:00%2B07:00`), 400, format);
      await expectError(await get(`requests.${format}?start_date=hom-qua`), 400, format);
      await expectError(await get(`requests.${format}?status=pending`), 400, format);
    });
  });

  it('a description of exactly 4,000 characters, an address-only and an address_id-only report are accepted', async () => {
    expect((await post('requests.json', report({ description: 'ệ'.repeat(4000) }))).status).toBe(200);
    expect((await post('requests.json', report({ lat: '', long: '' }))).status).toBe(200);
    expect((await post('requests.json', report({ lat: '', long: '', address_string: '', address_id: 'HG-VT-000123' }))).status).toBe(200);
  });

  it('the public map GeoJSON: open and resolved reports, rounded positions, nothing else', async () => {
    const response = await get('public-map.geojson');
    expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const geo = (await response.json()) as { type: string; features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.length).toBeGreaterThan(0);
    for (const f of geo.features) {
      expect(Object.keys(f.properties).sort()).toEqual(['id', 'service_code', 'status']);
      for (const c of f.geometry.coordinates) expect(Math.round(c * 1e4) / 1e4).toBe(c);
    }
    expect(JSON.stringify(geo)).not.toContain('Ổ gà');
  });
});
