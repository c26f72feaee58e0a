import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../../src-shared/model/alert.js';
import { CameraSchema, type Camera, type CameraHealth } from '../../../src-shared/model/camera.js';
import { CameraHealthChecker, describeFetchError, outageAlertDraft } from '../../../server/cameras/camera-health-checker.js';
import { AlertDraftSchema } from '../../../src-shared/model/alert.js';
import { cameraInput } from './support/camera-fixtures.js';

function camera(id: string, overrides: Partial<Camera> = {}): Camera {
  return { ...CameraSchema.parse({ ...cameraInput(id), updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'admin' }), ...overrides };
}

function playlist(sequence: number): string {
  return ['#EXTM3U', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${sequence}`, '#EXTINF:2,', `s${sequence}.ts`, '#EXTINF:2,', `s${sequence + 1}.ts`].join('\n');
}

/** A checker over in-memory state with a hand-driven clock and scripted playlist answers. */
function rig(cameras: Camera[], answer: (url: string) => string | Error, options: { offlineAlertAfterMs?: number; concurrency?: number } = {}) {
  let nowMs = Date.parse('2025-03-01T08:00:00.000Z');
  const health = new Map<string, CameraHealth>();
  const events: CameraHealth[] = [];
  const alerts: AlertDraft[] = [];
  let openAlert = false;
  let inFlight = 0;
  let maxInFlight = 0;
  const checker = new CameraHealthChecker(
    {
      listCameras: () => cameras,
      healthOf: (id) => health.get(id) ?? null,
      recordStatus: (h) => {
        events.push(h);
        health.set(h.cameraId, h);
      },
      hasOpenOutageAlert: () => openAlert,
      raiseOutageAlert: (draft) => void alerts.push(draft),
      now: () => nowMs,
      fetchPlaylist: async (url) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        const result = answer(url);
        if (result instanceof Error) throw result;
        return result;
      },
    },
    { offlineAlertAfterMs: 30_000, ...options },
  );
  return {
    checker,
    health,
    events,
    alerts,
    advance: (ms: number) => void (nowMs += ms),
    setOpenAlert: (open: boolean) => void (openAlert = open),
    maxInFlight: () => maxInFlight,
    round: async (ms = 5000) => {
      nowMs += ms;
      await checker.checkNow();
    },
  };
}

describe('camera health checker', () => {
  it('records only changes of status, keeps `since`, raises one alert per outage and clears it when back online', async () => {
    let sequence = 10;
    let mode: 'live' | 'frozen' | 'down' = 'live';
    const r = rig([camera('cam-1')], () => {
      if (mode === 'down') return Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      if (mode === 'live') sequence++;
      return playlist(sequence);
    });
    await r.round();
    await r.round();
    await r.round();
    expect(r.events.map((e) => e.status)).toEqual(['online']);
    const onlineSince = r.events[0]!.since;

    mode = 'frozen';
    await r.round(); // 5 s without a new segment: degraded
    await r.round(); // 10 s > max(2 × 2 s, 6 s): offline
    expect(r.events.map((e) => e.status)).toEqual(['online', 'degraded', 'offline']);
    expect(r.events[2]!.lastError).toContain('stalled');

    mode = 'down';
    for (let i = 0; i < 5; i++) await r.round(); // 25 s more, still under 30 s of outage
    expect(r.events.map((e) => e.status)).toEqual(['online', 'degraded', 'offline']); // a new error text is not a new status
    expect(r.health.get('cam-1')!.since).toBe(r.events[2]!.since);
    expect(r.alerts).toEqual([]);
    await r.round();
    await r.round();
    await r.round();
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ source: 'system', category: 'Infra', severity: 'Moderate', urgency: 'Expected', certainty: 'Observed', cameraIds: ['cam-1'] });
    expect(r.alerts[0]!.headline).toBe('Camera Camera cam-1 mất tín hiệu');

    mode = 'live';
    await r.round();
    expect(r.events.map((e) => e.status)).toEqual(['online', 'degraded', 'offline', 'online']);
    expect(r.events[3]!.since).not.toBe(onlineSince);

    mode = 'down';
    for (let i = 0; i < 8; i++) await r.round();
    expect(r.alerts).toHaveLength(2); // a new outage, a new alert
  });

  it('does not raise a second alert when one for the camera is still open (after a restart)', async () => {
    const r = rig([camera('cam-1')], () => new Error('HTTP 404'), { offlineAlertAfterMs: 0 });
    r.setOpenAlert(true);
    await r.round();
    await r.round();
    expect(r.events.map((e) => [e.status, e.lastError])).toEqual([['offline', 'HTTP 404']]);
    expect(r.alerts).toEqual([]);
  });

  it('follows a master playlist’s first variant, relative to the master URL', async () => {
    const asked: string[] = [];
    let seq = 0;
    const r = rig([camera('cam-1', { subUrl: 'http://gw.local/cam-1/index.m3u8' })], (url) => {
      asked.push(url);
      if (url.endsWith('index.m3u8')) return '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow/sub.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\nhigh/sub.m3u8\n';
      return playlist(++seq);
    });
    await r.round();
    expect(asked).toEqual(['http://gw.local/cam-1/index.m3u8', 'http://gw.local/cam-1/low/sub.m3u8']);
    expect(r.events.map((e) => e.status)).toEqual(['online']);
  });

  it('skips disabled cameras (their verdict becomes unknown) and fetches at most `concurrency` at once', async () => {
    const cameras = Array.from({ length: 10 }, (_, i) => camera(`c${i}`));
    let seq = 0;
    const r = rig(cameras, () => playlist(++seq), { concurrency: 3 });
    await r.round();
    expect(r.maxInFlight()).toBe(3);
    expect(r.health.size).toBe(10);
    cameras[0] = { ...cameras[0]!, enabled: false };
    await r.round();
    expect(r.health.get('c0')).toMatchObject({ status: 'unknown', lastError: 'camera disabled' });
    await r.round();
    expect(r.events.filter((e) => e.cameraId === 'c0').map((e) => e.status)).toEqual(['online', 'unknown']);
  });

  it('an outage alert is a valid Vietnamese alert draft with the camera’s place', () => {
    const cam = camera('cam-7', { name: 'Cầu Cái Tắc', location: { lat: 9.9, lon: 105.8, district: 'Châu Thành A', address: 'QL1A, Km 2078' } });
    const draft = outageAlertDraft(cam, { cameraId: 'cam-7', status: 'offline', since: '2025-03-01T01:05:00.000Z', checkedAt: '2025-03-01T01:05:00.000Z', lastError: 'HTTP 503' });
    expect(AlertDraftSchema.safeParse(draft).success).toBe(true);
    expect(draft.headline).toBe('Camera Cầu Cái Tắc mất tín hiệu');
    expect(draft.description).toContain('08:05'); // Asia/Ho_Chi_Minh
    expect(draft.description).toContain('HTTP 503');
    expect(draft.location).toEqual({ lat: 9.9, lon: 105.8, areaDesc: 'QL1A, Km 2078, Châu Thành A' });
  });

  it('describes fetch failures briefly', () => {
    expect(describeFetchError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 4000)).toBe('timed out after 4000 ms');
    expect(describeFetchError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 1)).toBe('connection refused');
    expect(describeFetchError(new Error('HTTP 404'), 1)).toBe('HTTP 404');
  });

  it('stop() ends the schedule and nothing is recorded after it', async () => {
    let calls = 0;
    const r = rig([camera('cam-1')], () => {
      calls++;
      return playlist(calls);
    });
    const slow = new CameraHealthChecker(
      {
        listCameras: () => [camera('cam-1')],
        healthOf: () => null,
        recordStatus: () => {
          throw new Error('recorded after stop');
        },
        hasOpenOutageAlert: () => false,
        raiseOutageAlert: () => undefined,
        fetchPlaylist: (_url, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
      },
      { intervalMs: 10 },
    );
    slow.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await slow.stop();
    r.checker.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await r.checker.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(after);
  });
});
