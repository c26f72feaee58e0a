import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultWorkstationProfile } from '../../src-main/host/profile-loader.js';
import { startKiosk, type RunningKiosk } from '../../src-main/kiosk/start-kiosk.js';

/**
 * startKiosk with the real workstation host behind it, headless. The sync server is not
 * running (port 9 is discard): the host must still answer from its cache.
 */
let dir: string;
let kiosk: RunningKiosk;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-kiosk-shell-'));
  kiosk = await startKiosk({
    profile: defaultWorkstationProfile({ workstationId: 'kiosk-it', name: 'Kiosk IT', serverUrl: 'http://127.0.0.1:9' }),
    dataDir: path.join(dir, 'host'),
    rendererDir: path.join(dir, 'no-renderer'),
    headless: true,
    log: () => {},
  });
});

afterAll(async () => {
  await kiosk?.close();
  await rm(dir, { recursive: true, force: true });
});

function invoke(channel: string, args: unknown[] = []): Promise<{ ok: boolean; value?: unknown; code?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${kiosk.port}/bridge?token=${kiosk.token}`, { origin: kiosk.origin });
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, args })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: number; result?: { ok: boolean } };
      if (message.type === 'result' && message.id === 1) {
        ws.close();
        resolve(message.result as { ok: boolean });
      }
    });
  });
}

describe('startKiosk (headless, real host)', () => {
  it('plans one console window on the default 1600x900 screen', () => {
    expect(kiosk.windows).toEqual([
      { key: 'console@screen-1', displayId: 'screen-1', surface: 'console', bounds: { x: 0, y: 0, width: 1600, height: 900 }, fullscreen: false, wallId: null },
    ]);
    const url = new URL(kiosk.url('console', 'console@screen-1'));
    expect(url.origin).toBe(kiosk.origin);
    expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe(kiosk.token);
    expect(kiosk.url('map')).toContain('window=map%40kiosk');
  });

  it('answers the desktop API from the host over the bridge', async () => {
    expect(await invoke('vigil:workstation:info')).toMatchObject({ ok: true, value: { workstationId: 'kiosk-it', shell: 'kiosk' } });
    expect(await invoke('vigil:session:current')).toEqual({ ok: true, value: null });
    const status = await invoke('vigil:sync:status');
    expect(status.ok).toBe(true);
    expect(await invoke('vigil:alerts:get', [42])).toMatchObject({ ok: false, code: 'bad-request' });
  });
});
