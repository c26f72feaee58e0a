import { describe, expect, it } from 'vitest';
import { Open311ApiKeys, apiKeyId, resolveOpen311ApiKeys } from '../../../server/open311/api-keys.js';
import { parseMediaUrl, parseRequestQuery, parseW3cDatetime, toW3c, fieldsFromSearchParams } from '../../../server/open311/open311-params.js';
import { escapeXml, xmlDocument } from '../../../server/open311/open311-xml.js';
import { escapeHtml } from '../../../server/open311/public-html.js';

describe('W3C datetimes', () => {
  it('parses the profiles clients send, with +07:00 for a date or time without offset', () => {
    expect(parseW3cDatetime('2026-05-04T08:30:00+07:00')).toBe(Date.UTC(2026, 4, 4, 1, 30));
    expect(parseW3cDatetime('2026-05-04T01:30:00Z')).toBe(Date.UTC(2026, 4, 4, 1, 30));
    expect(parseW3cDatetime('2026-05-04T01:30:00.250Z')).toBe(Date.UTC(2026, 4, 4, 1, 30, 0, 250));
    expect(parseW3cDatetime('2026-05-04T08:30:00 07:00')).toBe(Date.UTC(2026, 4, 4, 1, 30)); // unencoded "+" in a query
    expect(parseW3cDatetime('2026-05-04')).toBe(Date.UTC(2026, 4, 3, 17));
    expect(parseW3cDatetime('2026-05-04T08:30-05:00')).toBe(Date.UTC(2026, 4, 4, 13, 30));
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '2026-05-04T25:00:00Z', '', '1e12', "'; DROP TABLE reports; --"]) expect(parseW3cDatetime(bad)).toBeNull();
  });

  it('formats in +07:00 to the second', () => {
    expect(toW3c(Date.UTC(2026, 4, 4, 1, 30))).toBe('2026-05-04T08:30:00+07:00');
    expect(toW3c('2026-05-04T01:30:00.123Z')).toBe('2026-05-04T08:30:00+07:00');
  });
});

describe('GET requests parameters', () => {
  const now = Date.UTC(2026, 4, 10);
  const parse = (q: string) => parseRequestQuery(fieldsFromSearchParams(new URLSearchParams(q)), now);

  it('one date makes the other 90 days away (never past now); over 90 days or reversed is 400', () => {
    expect(parse('start_date=2026-05-01T00:00:00Z')).toMatchObject({ ok: true, query: { startMs: Date.UTC(2026, 4, 1), endMs: now } });
    expect(parse('end_date=2026-05-01T00:00:00Z')).toMatchObject({ ok: true, query: { startMs: Date.UTC(2026, 4, 1) - 90 * 86_400_000, endMs: Date.UTC(2026, 4, 1) } });
    expect(parse('start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z')).toMatchObject({ ok: true }); // exactly 90 days
    expect(parse('start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:01Z')).toMatchObject({ ok: false, failure: { status: 400 } });
    expect(parse('start_date=2026-05-02&end_date=2026-05-01')).toMatchObject({ ok: false, failure: { status: 400 } });
  });

  it('service_request_id wins; lists are comma-separated; extensions=true is read', () => {
    expect(parse('service_request_id=PA-1, PA-2,PA-1&service_code=x&start_date=bad')).toEqual({ ok: true, query: { ids: ['PA-1', 'PA-2'], limit: 1000 }, extensions: false });
    expect(parse('status=open,closed&extensions=true')).toMatchObject({ ok: true, query: { statuses: ['open', 'closed'] }, extensions: true });
    expect(parse("service_code=' OR 1=1 --")).toMatchObject({ ok: false, failure: { status: 400 } });
  });
});

describe('media_url, API keys and escaping', () => {
  it('media_url is http(s) only, no credentials', () => {
    expect(parseMediaUrl('https://example.vn/a.jpg')).toBe('https://example.vn/a.jpg');
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'ftp://x/y', 'https://user:pw@x.vn/', 'not a url']) expect(parseMediaUrl(bad)).toBeNull();
  });

  it('keys: option over env, blanks dropped; verify gives a short id, never the key', () => {
    expect(resolveOpen311ApiKeys(undefined, { VIGIL_OPEN311_API_KEYS: ' a-key , ,b-key,a-key' })).toEqual(['a-key', 'b-key']);
    expect(resolveOpen311ApiKeys(['c'], { VIGIL_OPEN311_API_KEYS: 'a' })).toEqual(['c']);
    const keys = new Open311ApiKeys(['secret-key-1', 'secret-key-2']);
    expect(keys.verify('secret-key-2')).toEqual({ id: apiKeyId('secret-key-2') });
    expect(apiKeyId('secret-key-2')).toMatch(/^k-[0-9a-f]{12}$/);
    expect(apiKeyId('secret-key-2')).not.toContain('secret');
    for (const bad of ['', 'secret-key-3', 'secret-key-', undefined, null, 42, ['secret-key-1']]) expect(keys.verify(bad)).toBeNull();
    expect(new Open311ApiKeys([]).verify('anything')).toBeNull();
  });

  it('XML escapes markup and drops characters XML cannot carry; HTML escapes quotes too', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u0007c\uFFFEd\uD800e\tf\ng')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng');
    expect(xmlDocument('errors', [{ code: 400, description: '<x>' }])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>&lt;x&gt;</description></error></errors>\n');
    expect(escapeHtml(`<img src=x onerror="a">'`)).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;&#39;');
  });
});
