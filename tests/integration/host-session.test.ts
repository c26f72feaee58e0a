import { afterEach, describe, expect, it } from 'vitest';
import { eventChannel } from '../../src-shared/desktop-api.js';
import { TEST_USERS, TestRig, sampleDraft, waitFor } from '../support/host-harness.js';

describe('host session', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  it('logs in online, then offline for a user seen before, and refuses strangers offline', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    const sessions: unknown[] = [];
    ws.host.onPush((channel, payload) => channel === eventChannel('session', 'onDidChange') && sessions.push(payload));
    const { session } = ws.host.handlers;

    expect(await session.current()).toEqual({ ok: true, value: null });
    expect(await ws.host.handlers.alerts.list({})).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await session.login({ username: 'op1', password: 'wrong' })).toMatchObject({ ok: false, code: 'unauthorized' });
    const online = await ws.login('op1');
    expect(online).toMatchObject({ offline: false, user: { username: 'op1', role: 'operator' } });
    await waitFor(() => ws.host.inspect.status().connection === 'online');
    expect(await session.logout()).toEqual({ ok: true, value: null });
    expect(sessions.at(-1)).toBeNull();

    await rig.stopServer();
    expect(await session.login({ username: 'op1', password: 'wrong' })).toMatchObject({ ok: false, code: 'unauthorized' });
    const offline = await session.login({ username: 'OP1', password: TEST_USERS.op1.password });
    expect(offline).toMatchObject({ ok: true, value: { offline: true, user: { username: 'op1' } } });
    expect(await session.login({ username: 'op2', password: TEST_USERS.op2.password })).toMatchObject({
      ok: false,
      code: 'offline',
    });

  }, 30_000);

  it('resumes sync after an offline login once the server is back', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    await ws.login('op1');
    const { alertId } = rig.running.raiseAlert(sampleDraft(1));
    await rig.waitInSync(ws);
    await ws.host.handlers.session.logout();
    await rig.stopServer();
    const offline = await ws.host.handlers.session.login({ username: 'op1', password: TEST_USERS.op1.password });
    expect(offline.ok && offline.value.offline).toBe(true);
    expect((await ws.host.handlers.alerts.act({ alertId, action: 'acknowledge' })).ok).toBe(true);
    await rig.startServer();
    await rig.waitInSync(ws);
    expect(rig.running.inspect.listAlerts()[0]?.state).toBe('acknowledged');
  });

  it('asks for a new login when the server refuses the token', async () => {
    // Token expiry has one-second granularity, so a 3 s token lives at least 2 s:
    // long enough to get online first even on a loaded CI machine.
    rig = await TestRig.start({ tokenTtlSeconds: 3 });
    const ws = await rig.addHost();
    await ws.login('op1');
    await waitFor(() => ws.host.inspect.status().connection === 'online');
    await new Promise((r) => setTimeout(r, 3200));
    rig.proxy.resetAll();
    await waitFor(() => ws.host.inspect.status().authRequired, { message: 'authRequired' });
    expect(ws.host.inspect.status().connection).toBe('offline');
    await ws.login('op1');
    await waitFor(() => ws.host.inspect.status().connection === 'online' && !ws.host.inspect.status().authRequired);
  });
});
