import { afterEach, describe, expect, it } from 'vitest';
import { createInvokeDispatcher } from '../../src-shared/desktop-api-dispatch.js';
import { eventChannel, invokeChannel, type AlertsChanged } from '../../src-shared/desktop-api.js';
import { TEST_USERS, TestRig, byId, sampleDraft, stripPending, waitFor } from '../support/host-harness.js';
import { ServerActor } from '../support/host-server-actor.js';

describe('host desktop API over the cache', () => {
  let rig: TestRig;
  let actor: ServerActor | null = null;
  afterEach(async () => {
    actor?.close();
    await rig?.close();
  });

  it('filters, searches and sorts the queue; pushes alert changes', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost({ workstationName: 'Bàn 1' });
    const changed: string[] = [];
    ws.host.onPush((channel, payload) => {
      if (channel === eventChannel('alerts', 'onDidChange')) changed.push(...(payload as AlertsChanged).alertIds);
    });
    await ws.login('op1');
    const fire = rig.running.raiseAlert(sampleDraft(0, { category: 'Fire', severity: 'Minor', headline: 'Cháy nhà dân đường Lê Lợi' }));
    const flood = rig.running.raiseAlert(sampleDraft(1, { category: 'Met', severity: 'Extreme', headline: 'Ngập sâu Nguyễn Hữu Cảnh' }));
    await rig.waitInSync(ws);
    expect(changed).toEqual(expect.arrayContaining([fire.alertId, flood.alertId]));

    const dispatch = createInvokeDispatcher(ws.host.handlers);
    const all = await dispatch(invokeChannel('alerts', 'list'), [{}]);
    expect(all.ok && (all.value as { id: string }[]).map((a) => a.id)).toEqual([flood.alertId, fire.alertId]);
    const search = await ws.host.handlers.alerts.list({ search: 'chay le loi' });
    expect(search.ok && search.value.map((a) => a.id)).toEqual([fire.alertId]);
    const met = await ws.host.handlers.alerts.list({ categories: ['Met'], states: ['new'], limit: 5 });
    expect(met.ok && met.value.map((a) => a.id)).toEqual([flood.alertId]);
    expect(await ws.host.handlers.alerts.get('nope')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await dispatch(invokeChannel('alerts', 'act'), [{ alertId: fire.alertId, action: 'fly' }])).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await ws.host.handlers.workstation.info()).toEqual({
      ok: true,
      value: { workstationId: ws.workstationId, name: 'Bàn 1', serverUrl: rig.url, shell: 'kiosk' },
    });
    const status = await ws.host.handlers.sync.status();
    expect(status).toMatchObject({ ok: true, value: { connection: 'online', queued: 0, cursor: 2, headSeq: 2, authRequired: false } });
    expect(status.ok && status.value.lastEventAt).toBeTruthy();

    const raised = await ws.host.handlers.alerts.raise(sampleDraft(5, { source: 'manual', headline: 'Tai nạn giao thông' }));
    expect(raised.ok).toBe(true);
    await rig.waitInSync(ws);
    const list = await ws.host.handlers.alerts.list({});
    expect(list.ok && byId(list.value.map(stripPending))).toEqual(byId(rig.running.inspect.listAlerts()));
  });

  it('refuses a clear failure at once and reports a command the server refuses later', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    await ws.login('op1');
    const { alertId } = rig.running.raiseAlert(sampleDraft(0));
    const other = rig.running.raiseAlert(sampleDraft(1));
    await rig.waitInSync(ws);

    // A supervisor owns `other`: an operator may not resolve it, judged locally, nothing queued.
    actor = new ServerActor(TEST_USERS.sup1.username, TEST_USERS.sup1.password);
    expect(await actor.act(rig.running.url, other.alertId, 'own')).toMatchObject({ ok: true });
    await rig.waitInSync(ws);
    expect(await ws.host.handlers.alerts.act({ alertId: other.alertId, action: 'resolve' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(ws.host.inspect.outbox()).toHaveLength(0);

    // Offline, the operator acknowledges; meanwhile the supervisor closes the alert on the server.
    rig.proxy.blackhole(true);
    await waitFor(() => ws.host.inspect.status().connection === 'offline', { timeoutMs: 10_000 });
    const queued = await ws.host.handlers.alerts.act({ alertId, action: 'acknowledge' });
    expect(queued.ok).toBe(true);
    expect(await actor.act(rig.running.url, alertId, 'close')).toMatchObject({ ok: true });
    rig.proxy.blackhole(false);
    await rig.waitInSync(ws);

    const rejected = await ws.host.handlers.alerts.rejected();
    expect(rejected).toMatchObject({ ok: true, value: [{ commandId: queued.ok ? queued.value.commandId : '', alertId, action: 'acknowledge', code: 'invalid-transition' }] });
    const view = await ws.host.handlers.alerts.get(alertId);
    expect(view).toMatchObject({ ok: true, value: { state: 'closed', pending: [] } });
    expect(await ws.host.handlers.alerts.dismissRejected(queued.ok ? queued.value.commandId : '')).toEqual({ ok: true, value: null });
    expect(await ws.host.handlers.alerts.rejected()).toEqual({ ok: true, value: [] });
    expect(await ws.host.handlers.alerts.dismissRejected('nope')).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('keeps the cache and outbox across a host restart', async () => {
    rig = await TestRig.start();
    const first = await rig.addHost();
    await first.login('op1');
    const { alertId } = rig.running.raiseAlert(sampleDraft(0));
    await rig.waitInSync(first);
    await rig.stopServer();
    await waitFor(() => first.host.inspect.status().connection === 'offline');
    expect((await first.host.handlers.alerts.act({ alertId, action: 'own' })).ok).toBe(true);
    await first.close();

    const again = await rig.addHost({ dataDir: first.dataDir, workstationId: first.workstationId, restoreSession: true });
    expect(again.host.inspect.outbox()).toHaveLength(1);
    expect(again.host.inspect.session()?.user.username).toBe('op1'); // restored from the stored token
    await rig.startServer();
    await rig.waitInSync(again);
    expect(rig.running.inspect.listAlerts()[0]).toMatchObject({ state: 'in-progress' });
  });
});
