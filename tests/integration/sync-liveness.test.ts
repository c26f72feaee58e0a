import { afterEach, describe, expect, it } from 'vitest';
import { eventChannel, type SyncStatus } from '../../src-shared/desktop-api.js';
import { TestRig, sampleDraft, waitFor } from '../support/host-harness.js';

describe('link liveness (acceptance b)', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  it('reports a black-holed link offline within 10 s and recovers when it clears', async () => {
    // The server's production heartbeat, not the fast one other tests use: the promise is about the real setting.
    rig = await TestRig.start({ pingIntervalMs: undefined, pingTimeoutMs: undefined });
    const ws = await rig.addHost();
    const pushed: SyncStatus[] = [];
    ws.host.onPush((channel, payload) => {
      if (channel === eventChannel('sync', 'onDidChangeStatus')) pushed.push(payload as SyncStatus);
    });
    await ws.login('op1');
    rig.running.raiseAlert(sampleDraft(1));
    await rig.waitInSync(ws);

    rig.proxy.blackhole(true);
    const cutAt = Date.now();
    await waitFor(() => ws.host.inspect.status().connection === 'offline', { timeoutMs: 10_000, intervalMs: 50, message: 'offline within 10 s' });
    const noticedMs = Date.now() - cutAt;
    expect(noticedMs).toBeLessThan(10_000);
    const offline = pushed.find((s) => s.connection === 'offline');
    expect(offline?.offlineSince).toBeTruthy();
    // The windows are told it keeps trying, and when the next attempt starts.
    const retry = await waitFor(() => pushed.find((s) => s.connection === 'offline' && s.nextRetryAt !== null), { timeoutMs: 10_000, message: 'a scheduled retry' });
    expect(Date.parse(retry.nextRetryAt!)).toBeGreaterThan(Date.parse(retry.offlineSince!));

    // Actions keep working while cut off; they go out once the link returns.
    const raised = rig.running.raiseAlert(sampleDraft(2));
    const acked = await ws.host.handlers.alerts.act({ alertId: raised.alertId, action: 'acknowledge' });
    expect(acked).toMatchObject({ ok: false, code: 'not-found' }); // the host has not seen it yet
    const list = await ws.host.handlers.alerts.list({});
    const first = list.ok ? list.value[0]! : null;
    expect((await ws.host.handlers.alerts.act({ alertId: first!.id, action: 'own' })).ok).toBe(true);

    rig.proxy.blackhole(false);
    await rig.waitInSync(ws);
    expect(pushed.at(-1)).toMatchObject({ connection: 'online', queued: 0, offlineSince: null });
    expect(rig.running.inspect.listAlerts().find((a) => a.id === first!.id)?.state).toBe('in-progress');
    console.info(`black hole noticed after ${noticedMs} ms`);
  });

  it('keeps working through added latency and connection resets', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    await ws.login('op1');
    const ids = Array.from({ length: 3 }, (_, i) => rig.running.raiseAlert(sampleDraft(i)).alertId);
    await rig.waitInSync(ws);
    rig.proxy.setLatency(150);
    for (const id of ids) expect((await ws.host.handlers.alerts.act({ alertId: id, action: 'acknowledge' })).ok).toBe(true);
    rig.proxy.resetAll();
    rig.proxy.setLatency(0);
    await rig.waitInSync(ws);
    expect(rig.running.inspect.listAlerts().every((a) => a.state === 'acknowledged')).toBe(true);
  });
});
