import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraHealth } from '../../src-shared/model/camera.js';
import { interpretEvent } from '../../src-shared/protocol/sync-events.js';
import { cameraInput } from '../unit/server/support/camera-fixtures.js';
import { connectReplica, login, startTestServer, type Replica, type TestServer } from '../unit/server/support/server-test-kit.js';

type Mode = 'live' | 'frozen' | 'not-found' | 'close' | 'html';

/**
 * A camera gateway in miniature: /cam/index.m3u8 is a master playlist whose first
 * variant, /cam/sub.m3u8, is a live media playlist gaining a segment every 250 ms.
 * `mode` makes it freeze, answer 404, hang up, or answer with an HTML page.
 */
class FakeGateway {
  mode: Mode = 'live';
  private sequence = 0;
  private readonly timer = setInterval(() => {
    if (this.mode !== 'frozen') this.sequence++;
  }, 250);
  private constructor(readonly server: http.Server) {}

  static async start(): Promise<FakeGateway> {
    let gateway: FakeGateway | null = null;
    const server = http.createServer((req, res) => gateway!.handle(req, res));
    gateway = new FakeGateway(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.mode === 'close') {
      req.socket.destroy();
      return;
    }
    if (this.mode === 'not-found') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (this.mode === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Đăng nhập</body></html>');
      return;
    }
    if (req.url === '/cam/index.m3u8') {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=640x360\nsub.m3u8\n');
      return;
    }
    if (req.url === '/cam/sub.m3u8') {
      const s = this.sequence;
      const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${s}`];
      for (let i = s; i < s + 3; i++) lines.push('#EXTINF:0.250,', `seg-${i}.ts`);
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(`${lines.join('\n')}\n`);
      return;
    }
    res.writeHead(404).end();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const OFFLINE_ALERT_AFTER_MS = 1500;

describe('camera health checker against a live playlist', () => {
  let gateway: FakeGateway;
  let server: TestServer;
  let replica: Replica;

  beforeAll(async () => {
    gateway = await FakeGateway.start();
    server = await startTestServer({ cameraHealth: { intervalMs: 150, timeoutMs: 1000, concurrency: 2, offlineAlertAfterMs: OFFLINE_ALERT_AFTER_MS } });
    replica = await connectReplica(server.url, await login(server.url, 'op1'), 0);
    const saved = server.saveCameras([
      cameraInput('cam-live', {
        name: 'Ngã ba Vị Thanh',
        subUrl: `${gateway.url}/cam/index.m3u8`,
        location: { lat: 9.784, lon: 105.47, district: 'Vị Thanh', address: 'Đường Trần Hưng Đạo' },
      }),
      cameraInput('cam-off', { subUrl: `${gateway.url}/cam/sub.m3u8`, enabled: false }),
    ]);
    expect(saved).toMatchObject({ ok: true, value: { applied: true } });
  });
  afterAll(async () => {
    replica.socket.disconnect();
    await server.stop();
    await gateway.stop();
  });

  /** The camera.status events a workstation received, in order. */
  const statuses = (): CameraHealth[] =>
    replica.batches.flatMap((b) => b.items).flatMap((e) => {
      const d = interpretEvent(e);
      return d.kind === 'camera.status' ? [d.health] : [];
    });
  const outageAlerts = () => server.inspect.listAlerts().filter((a) => a.source === 'system' && a.cameraIds.includes('cam-live'));

  async function waitForStatus(status: CameraHealth['status'], timeoutMs: number): Promise<{ health: CameraHealth; afterMs: number }> {
    const started = Date.now();
    const seen = statuses().length;
    for (;;) {
      const fresh = statuses().slice(seen).find((h) => h.cameraId === 'cam-live' && h.status === status);
      if (fresh) return { health: fresh, afterMs: Date.now() - started };
      if (Date.now() - started > timeoutMs) throw new Error(`no ${status} within ${timeoutMs} ms; saw ${JSON.stringify(statuses().map((h) => h.status))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('goes online, stays online without further events while the playlist advances', async () => {
    await waitForStatus('online', 3000);
    await new Promise((r) => setTimeout(r, 1200));
    expect(statuses().map((h) => `${h.cameraId}:${h.status}`)).toEqual(['cam-live:online']); // the disabled camera is never polled
  });

  it('404 → offline at once; past the threshold exactly one alert; back online when the playlist returns', async () => {
    gateway.mode = 'not-found';
    const offline = await waitForStatus('offline', 2000);
    expect(offline.health.lastError).toBe('HTTP 404');
    expect(outageAlerts()).toEqual([]);
    await new Promise((r) => setTimeout(r, OFFLINE_ALERT_AFTER_MS + 1000));
    const alerts = outageAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: 'system',
      category: 'Infra',
      severity: 'Moderate',
      urgency: 'Expected',
      certainty: 'Observed',
      headline: 'Camera Ngã ba Vị Thanh mất tín hiệu',
      cameraIds: ['cam-live'],
      location: { lat: 9.784, lon: 105.47, areaDesc: 'Đường Trần Hưng Đạo, Vị Thanh' },
      raisedBy: 'system',
    });
    expect(statuses().filter((h) => h.status === 'offline')).toHaveLength(1); // still one event: no change, no event
    gateway.mode = 'live';
    await waitForStatus('online', 2000);
  });

  it('a playlist that stops advancing: degraded, then offline after max(2 × target duration, 6 s)', async () => {
    gateway.mode = 'frozen';
    const frozenAt = Date.now();
    await waitForStatus('degraded', 3000);
    const offline = await waitForStatus('offline', 9000);
    const afterMs = Date.now() - frozenAt;
    expect(afterMs).toBeGreaterThan(5500);
    expect(afterMs).toBeLessThan(8500);
    expect(offline.health.lastError).toContain('stalled');
    gateway.mode = 'live';
    await waitForStatus('online', 2000);
  });

  it('a gateway that hangs up or answers with a web page is offline; the open alert is not repeated', async () => {
    gateway.mode = 'close';
    expect((await waitForStatus('offline', 2000)).health.lastError).toBe('connection closed by the server');
    gateway.mode = 'live';
    await waitForStatus('online', 2000);
    gateway.mode = 'html';
    expect((await waitForStatus('offline', 2000)).health.lastError).toContain('not an HLS playlist');
    await new Promise((r) => setTimeout(r, OFFLINE_ALERT_AFTER_MS + 500));
    expect(outageAlerts()).toHaveLength(1); // the first outage's alert is still open
    gateway.mode = 'live';
    await waitForStatus('online', 2000);
    expect(server.inspect.cameraHealth()).toEqual([expect.objectContaining({ cameraId: 'cam-live', status: 'online', lastError: null })]);
  });
});
