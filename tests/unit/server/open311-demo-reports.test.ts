import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAttributes, demoReportPhoto, startDemoReportGenerator, toFontText } from '../../../server/demo/demo-report-generator.js';
import { inspectImage } from '../../../server/open311/media-store.js';
import { startTestServer, type TestServer } from './support/server-test-kit.js';

describe('demo report generator', () => {
  let server: TestServer;
  const key = 'demo-generator-test-key';

  beforeAll(async () => {
    server = await startTestServer({ open311ApiKeys: [key], reportSla: false, cameraHealth: false });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('draws a real PNG with the category name that the media endpoint accepts', () => {
    expect(toFontText('Cấp thoát nước, ngập úng')).toBe('CAP THOAT NUOC, NGAP UNG');
    const photo = demoReportPhoto('Chiếu sáng công cộng', [230, 190, 40], () => 0.5);
    expect(inspectImage(photo)).toMatchObject({ ok: true, image: { ext: 'png', width: 320, height: 200 } });
  });

  it('fills required attributes from the definition when the template has no valid value', () => {
    const attrs = [
      { code: 'a', variable: true, required: true, datatype: 'singlevaluelist', values: [{ key: 'x' }] },
      { code: 'b', variable: true, required: false, datatype: 'string' },
      { code: 'c', variable: true, required: true, datatype: 'number' },
    ];
    const filled = demoAttributes({ service: 's', descriptions: ['d'], colour: [0, 0, 0], places: ['p'], attributes: { a: 'nope' } }, attrs, () => 0);
    expect(filled).toEqual([['attribute[a]', 'x'], ['attribute[c]', '5']]);
  });

  it('submits reports through the Open311 HTTP API, with photos uploaded through the media endpoint', async () => {
    const errors: unknown[] = [];
    const generator = startDemoReportGenerator({ baseUrl: server.url, apiKey: key, intervalMs: 3_600_000, seed: 11, photoRatio: 1, onError: (e) => errors.push(e) });
    const ids: (string | null)[] = [];
    for (let i = 0; i < 6; i++) ids.push(await generator.tick());
    generator.stop();
    expect(errors).toEqual([]);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    for (const id of ids) {
      const report = server.reports.internal(id!)!;
      expect(report.channel).toBe('open311');
      expect(report.description.length).toBeGreaterThan(10);
      expect(report.location.lat).toBeGreaterThan(9.5);
      expect(report.mediaUrls[0]).toMatch(new RegExp(`^${server.url}/media/[0-9a-f]{32}\\.png$`));
      const photo = await fetch(report.mediaUrls[0]!);
      expect(photo.headers.get('content-type')).toBe('image/png');
    }
  });

  it('reports a failure (wrong key) through onError and returns null', async () => {
    const errors: unknown[] = [];
    const generator = startDemoReportGenerator({ baseUrl: server.url, apiKey: 'wrong', intervalMs: 3_600_000, photoRatio: 0, onError: (e) => errors.push(e) });
    expect(await generator.tick()).toBeNull();
    generator.stop();
    expect(String(errors[0])).toContain('403');
  });
});
