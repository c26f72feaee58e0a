import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DesktopApiHandlers } from '../../src-shared/desktop-api.js';
import { fail, ok } from '../../src-shared/result.js';
import { startKioskServer, type KioskServer } from '../../src-main/kiosk/kiosk-server.js';

/**
 * The kiosk transport against a real loopback server and real WebSocket clients. The host
 * behind it is a small stand-in: this file tests the door and the wire, not the host.
 */

type Push = (channel: string, payload: unknown) => void;
const calls: { method: string; args: unknown[] }[] = [];
const listeners = new Set<Push>();
const notImplemented = async () => fail('unavailable', 'not in this test');
const BIG_PHOTO = Buffer.alloc(5 * 1024 * 1024, 0xa5);

const handlers: DesktopApiHandlers = {
  session: {
    login: async (credentials) => {
      calls.push({ method: 'session.login', args: [credentials] });
      return fail('unauthorized', 'wrong password');
    },
    logout: notImplemented,
    current: async () => {
      calls.push({ method: 'session.current', args: [] });
      return ok(null);
    },
  },
  alerts: {
    list: async (query) => {
      calls.push({ method: 'alerts.list', args: [query] });
      return ok([]);
    },
    get: notImplemented,
    act: notImplemented,
    raise: notImplemented,
    rejected: notImplemented,
    dismissRejected: notImplemented,
  },
  sync: { status: notImplemented },
  workstation: {
    info: async () => ok({ workstationId: 'ws-test', name: 'Test', serverUrl: 'http://127.0.0.1:1', shell: 'kiosk' as const }),
  },
  directory: { users: notImplemented },
  cameras: { list: notImplemented, get: notImplemented, groups: notImplemented, save: notImplemented, setEnabled: notImplemented, import: notImplemented },
  wall: {
    layouts: notImplemented,
    saveLayout: notImplemented,
    deleteLayout: notImplemented,
    tours: notImplemented,
    saveTour: notImplemented,
    deleteTour: notImplemented,
    displays: notImplemented,
    setDisplay: notImplemented,
    pushCamera: notImplemented,
    pushToWorkstation: notImplemented,
    workstations: notImplemented,
  },
  map: { region: notImplemented, basemap: notImplemented, setBasemap: notImplemented, tile: notImplemented },
  reports: {
    list: notImplemented,
    get: notImplemented,
    act: notImplemented,
    actMany: notImplemented,
    departments: notImplemented,
    routingRules: notImplemented,
    services: notImplemented,
    // A photo as big as the server accepts (5 MB), to show it crosses the JSON frames whole.
    photo: async (url) => {
      calls.push({ method: 'reports.photo', args: [url] });
      return ok({ kind: 'image', contentType: 'image/png', base64: BIG_PHOTO.toString('base64'), size: BIG_PHOTO.length, fetchedAt: '2026-11-28T01:00:00.000Z' });
    },
  },
  kpi: {
    board: notImplemented,
    drill: async (ref) => {
      calls.push({ method: 'kpi.drill', args: [ref] });
      return ok({ figure: ref, total: 0, dossiers: [], generatedAt: '2026-11-28T01:00:00.000Z', fetchedAt: '2026-11-28T01:00:00.000Z', fromCache: false });
    },
    exportCsv: notImplemented,
    exportPdf: notImplemented,
  },
};
const host = {
  handlers,
  onPush(listener: Push) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

let dir: string;
let kiosk: KioskServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-kiosk-'));
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Vigil</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log("vigil")');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the page');
  kiosk = await startKioskServer({ host, rendererDir: path.join(dir, 'renderer') });
});

afterAll(async () => {
  await kiosk?.close();
  await rm(dir, { recursive: true, force: true });
});

function get(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(options: { token?: string; origin?: string | null; path?: string } = {}): WebSocket {
  const token = options.token ?? kiosk.token;
  const url = `ws://127.0.0.1:${kiosk.port}${options.path ?? '/bridge'}?token=${token}`;
  const origin = options.origin === undefined ? kiosk.origin : options.origin;
  return new WebSocket(url, origin === null ? {} : { origin });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

function refusedStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => reject(new Error('the connection was accepted')));
    ws.once('error', () => {});
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** Collects every frame from the start, so none is missed between two awaits. */
function inbox(ws: WebSocket) {
  const frames: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  return {
    frames,
    async next(predicate: (f: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = frames.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no matching frame');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

describe('kiosk server: static renderer', () => {
  it('serves index.html with the security headers and no caching', async () => {
    const res = await get(kiosk.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Vigil</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain(`ws://127.0.0.1:${kiosk.port}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves assets with their MIME type', async () => {
    const res = await get(kiosk.port, '/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/.hidden']) {
      const res = await get(kiosk.port, p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('not for the page');
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect((await get(kiosk.port, '/', { Host: `evil.example:${kiosk.port}` })).status).toBe(421);
    expect((await get(kiosk.port, '/', { Host: `localhost:${kiosk.port}` })).status).toBe(421);
  });

  it('explains itself with a 503 when the renderer is not built', async () => {
    const empty = await startKioskServer({ host, rendererDir: path.join(dir, 'missing') });
    try {
      const res = await get(empty.port, '/');
      expect(res.status).toBe(503);
      expect(res.body).toContain('npm run build:renderer');
    } finally {
      await empty.close();
    }
  });

  it('hands out page URLs with the token in the fragment only', () => {
    const url = new URL(kiosk.pageUrl('wall', 'wall@screen-2'));
    expect(url.origin).toBe(kiosk.origin);
    expect(url.search).toBe('');
    const fragment = new URLSearchParams(url.hash.slice(1));
    expect(fragment.get('token')).toBe(kiosk.token);
    expect(fragment.get('surface')).toBe('wall');
    expect(fragment.get('window')).toBe('wall@screen-2');
    expect(kiosk.token).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('kiosk bridge: the door', () => {
  it('refuses another origin before any WebSocket exists', async () => {
    expect(await refusedStatus(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await refusedStatus(connect({ origin: `http://localhost:${kiosk.port}` }))).toBe(403);
    expect(await refusedStatus(connect({ origin: null }))).toBe(403);
  });

  it('closes with 4401 for a wrong token, without answering anything', async () => {
    const ws = connect({ token: 'a'.repeat(64) });
    const box = inbox(ws);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vigil:session:current', args: [] })));
    expect(await closed(ws)).toBe(4401);
    expect(box.frames).toEqual([]);
    expect(calls.some((c) => c.method === 'session.current')).toBe(false);
  });

  it('refuses a missing token and other paths', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${kiosk.port}/bridge`, { origin: kiosk.origin });
    expect(await closed(ws)).toBe(4401);
    expect(await refusedStatus(connect({ path: '/socket' }))).toBe(404);
  });
});

describe('kiosk bridge: the wire', () => {
  it('answers a valid invoke from the host', async () => {
    const ws = connect();
    const box = inbox(ws);
    await opened(ws);
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'vigil:workstation:info', args: [] }));
    ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'vigil:alerts:list', args: [{ states: ['new'], limit: 5 }] }));
    expect(await box.next((f) => f.id === 7)).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: { workstationId: 'ws-test', name: 'Test', serverUrl: 'http://127.0.0.1:1', shell: 'kiosk' } },
    });
    expect(await box.next((f) => f.id === 8)).toEqual({ type: 'result', id: 8, result: { ok: true, value: [] } });
    expect(calls).toContainEqual({ method: 'alerts.list', args: [{ states: ['new'], limit: 5 }] });
    ws.close();
  });

  it('validates arguments with the manifest before the host sees them', async () => {
    const ws = connect();
    const box = inbox(ws);
    await opened(ws);
    const before = calls.length;
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vigil:session:login', args: [{ username: '', password: 'x' }] }));
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'vigil:alerts:list', args: [{ limit: 'all' }] }));
    ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'vigil:session:shutdown', args: [] }));
    for (const id of [1, 2, 3]) {
      const frame = await box.next((f) => f.id === id);
      expect(frame).toMatchObject({ type: 'result', id, result: { ok: false, code: 'bad-request' } });
    }
    expect(calls.length).toBe(before);
    ws.close();
  });

  it('answers malformed frames with an error and stays usable', async () => {
    const ws = connect();
    const box = inbox(ws);
    await opened(ws);
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'vigil:alerts:onDidChange' }));
    ws.send(JSON.stringify({ type: 'invoke', id: 5, channel: 'rm -rf /', args: [] }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await box.next(() => box.frames.length >= 4);
    expect(box.frames.slice(0, 4).every((f) => f.type === 'error' && f.code === 'bad-request')).toBe(true);
    // A frame with a readable id names it, so the window's pending call settles.
    expect(box.frames.find((f) => f.id === 5)).toMatchObject({ type: 'error', code: 'bad-request' });
    ws.send(JSON.stringify({ type: 'invoke', id: 6, channel: 'vigil:session:current', args: [] }));
    expect(await box.next((f) => f.id === 6 && f.type === 'result')).toMatchObject({ result: { ok: true, value: null } });
    ws.close();
  });

  it('refuses frames over 1 MiB by closing the socket', async () => {
    const ws = connect();
    await opened(ws);
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vigil:alerts:list', args: [{ search: 'x'.repeat(1024 * 1024 + 10) }] }));
    expect(await closed(ws)).toBe(1009);
  });

  it('carries a report photo of the upload limit as base64 and refuses an overlong URL first', async () => {
    const ws = connect();
    const box = inbox(ws);
    await opened(ws);
    const before = calls.length;
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vigil:reports:photo', args: [`http://127.0.0.1:1/media/${'a'.repeat(2048)}`] }));
    expect(await box.next((f) => f.id === 1)).toMatchObject({ type: 'result', id: 1, result: { ok: false, code: 'bad-request' } });
    expect(calls.length).toBe(before);
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'vigil:reports:photo', args: ['http://127.0.0.1:1/media/a.png'] }));
    const frame = (await box.next((f) => f.id === 2, 15_000)) as { result: { ok: true; value: { kind: string; base64: string; size: number } } };
    expect(frame.result.value).toMatchObject({ kind: 'image', contentType: 'image/png', size: BIG_PHOTO.length });
    expect(Buffer.from(frame.result.value.base64, 'base64').equals(BIG_PHOTO)).toBe(true);
    ws.close();
  });

  it('validates a KPI figure at the boundary before the host sees it', async () => {
    const ws = connect();
    const box = inbox(ws);
    await opened(ws);
    const before = calls.length;
    const bad = [{ scope: 'week', metric: 'overdue' }, { scope: 'year', metric: 'overdue', agencyId: 'STP"; DROP' }, { scope: 'year', metric: 'overdue', field: '' }];
    for (const [i, ref] of bad.entries()) {
      ws.send(JSON.stringify({ type: 'invoke', id: 10 + i, channel: 'vigil:kpi:drill', args: [ref] }));
      expect(await box.next((f) => f.id === 10 + i)).toMatchObject({ type: 'result', result: { ok: false, code: 'bad-request' } });
    }
    ws.send(JSON.stringify({ type: 'invoke', id: 20, channel: 'vigil:kpi:exportPdf', args: ['everything'] }));
    expect(await box.next((f) => f.id === 20)).toMatchObject({ type: 'result', result: { ok: false, code: 'bad-request' } });
    expect(calls.length).toBe(before);
    ws.send(JSON.stringify({ type: 'invoke', id: 21, channel: 'vigil:kpi:drill', args: [{ scope: 'year', metric: 'overdue', agencyId: 'STP', field: 'Hộ tịch' }] }));
    expect(await box.next((f) => f.id === 21)).toMatchObject({ type: 'result', result: { ok: true, value: { total: 0 } } });
    expect(calls.at(-1)).toEqual({ method: 'kpi.drill', args: [{ scope: 'year', metric: 'overdue', agencyId: 'STP', field: 'Hộ tịch' }] });
    ws.close();
  });

  it('fans host push events out to every window', async () => {
    const a = connect();
    const b = connect();
    const boxA = inbox(a);
    const boxB = inbox(b);
    await Promise.all([opened(a), opened(b)]);
    await new Promise((r) => setTimeout(r, 50));
    expect(kiosk.clients()).toBeGreaterThanOrEqual(2);
    for (const listener of listeners) listener('vigil:alerts:onDidChange', { alertIds: ['01J0000000000000000000000A'] });
    const expected = { type: 'event', channel: 'vigil:alerts:onDidChange', payload: { alertIds: ['01J0000000000000000000000A'] } };
    expect(await boxA.next((f) => f.type === 'event')).toEqual(expected);
    expect(await boxB.next((f) => f.type === 'event')).toEqual(expected);
    a.close();
    b.close();
  });

  it('tells windows the host is shutting down', async () => {
    const other = await startKioskServer({ host, rendererDir: path.join(dir, 'renderer') });
    const ws = new WebSocket(`ws://127.0.0.1:${other.port}/bridge?token=${other.token}`, { origin: other.origin });
    await opened(ws);
    const code = closed(ws);
    await other.close();
    expect(await code).toBe(4000);
  });
});
