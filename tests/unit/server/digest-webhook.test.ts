import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook, WebhookError } from '../../../server/portal/digest-webhook.js';

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver answering with the scripted statuses in turn (the last one repeats); 0 = never answer. */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      if (status === 0) {
        hanging.push(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? 'lỗi' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/digest`,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('digest webhook delivery', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  const payload = { kind: 'vigil.kpi-digest', agencyId: 'so-tp', subject: 'Báo cáo hồ sơ – Sở Tư pháp', html: '<p>Hồ sơ &lt;quá hạn&gt;</p>' };

  it('POSTs the JSON with the HTML once when the receiver accepts it', async () => {
    const r = await receiver([204]);
    close = r.close;
    const result = await postWebhook({ url: r.url, headers: { authorization: 'Bearer hook-secret' }, retryDelayMs: 10 }, payload);
    expect(result).toEqual({ status: 204, attempts: 1 });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.method).toBe('POST');
    expect(r.received[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.received[0]!.headers.authorization).toBe('Bearer hook-secret');
    expect(JSON.parse(r.received[0]!.body)).toEqual(payload);
  });

  it('retries on 500 and 429 and succeeds', async () => {
    const r = await receiver([500, 429, 200]);
    close = r.close;
    const result = await postWebhook({ url: r.url, retries: 3, retryDelayMs: 10 }, payload);
    expect(result).toEqual({ status: 200, attempts: 3 });
    expect(r.received.map((x) => JSON.parse(x.body))).toEqual([payload, payload, payload]);
  });

  it('gives up after the retries with the last status', async () => {
    const r = await receiver([503]);
    close = r.close;
    const error = await postWebhook({ url: r.url, retries: 2, retryDelayMs: 5 }, payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toMatchObject({ attempts: 3, status: 503 });
    expect((error as Error).message).toMatch(/after 3 attempts: HTTP 503/);
    expect(r.received).toHaveLength(3);
  });

  it('does not retry a refusal (4xx)', async () => {
    const r = await receiver([400]);
    close = r.close;
    await expect(postWebhook({ url: r.url, retries: 3, retryDelayMs: 5 }, payload)).rejects.toMatchObject({ attempts: 1, status: 400 });
    expect(r.received).toHaveLength(1);
  });

  it('times out a receiver that never answers, retrying', async () => {
    const r = await receiver([0]);
    close = r.close;
    const started = Date.now();
    await expect(postWebhook({ url: r.url, retries: 1, retryDelayMs: 5, timeoutMs: 150 }, payload)).rejects.toThrow(/timed out after 150 ms/);
    expect(r.received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a refused connection and rejects non-http URLs', async () => {
    const r = await receiver([200]);
    const url = r.url;
    await r.close();
    await expect(postWebhook({ url, retries: 1, retryDelayMs: 5 }, payload)).rejects.toMatchObject({ attempts: 2, status: null });
    await expect(postWebhook({ url: 'file:///etc/passwd' }, payload)).rejects.toThrow(/http\(s\)/);
  });
});
