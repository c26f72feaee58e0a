import { afterEach, describe, expect, it } from 'vitest';
import { TestRig, byId, sampleDraft, stripPending, waitFor } from '../support/host-harness.js';

describe('offline actions (acceptance a)', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  it('applies every action taken while the server was down exactly once and in order', async () => {
    rig = await TestRig.start();
    const ws = await rig.addHost();
    await ws.login('op1');
    const ids = Array.from({ length: 6 }, (_, i) => rig.running.raiseAlert(sampleDraft(i)).alertId);
    await rig.waitInSync(ws);

    await rig.stopServer();
    await waitFor(() => ws.host.inspect.status().connection === 'offline', { message: 'offline after server stop' });

    const { alerts } = ws.host.handlers;
    const queued: string[] = [];
    const act = async (alertId: string, action: 'acknowledge' | 'own' | 'resolve' | 'hold') => {
      const r = await alerts.act({ alertId, action });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) queued.push(r.value.commandId);
    };
    await act(ids[0]!, 'acknowledge');
    await act(ids[0]!, 'resolve');
    await act(ids[1]!, 'own');
    await act(ids[1]!, 'hold');
    await act(ids[2]!, 'acknowledge');
    await act(ids[3]!, 'resolve');
    const raised = await alerts.raise(sampleDraft(99, { source: 'manual', headline: 'Raised offline' }));
    expect(raised.ok).toBe(true);
    if (raised.ok) queued.push(raised.value.commandId);

    // The optimistic view shows every effect at once, marked pending; the status counts them.
    const a0 = await alerts.get(ids[0]!);
    expect(a0.ok && a0.value.state).toBe('resolved');
    expect(a0.ok && a0.value.pending.map((p) => p.action)).toEqual(['acknowledge', 'resolve']);
    const a1 = await alerts.get(ids[1]!);
    expect(a1.ok && [a1.value.state, a1.value.ownerId]).toEqual(['on-hold', expect.any(String)]);
    expect(ws.host.inspect.status()).toMatchObject({ connection: 'offline', queued: queued.length });
    expect(ws.host.inspect.status().offlineSince).not.toBeNull();
    // A second acknowledge is judged against the optimistic view: refused at once, nothing queued.
    const again = await alerts.act({ alertId: ids[2]!, action: 'acknowledge' });
    expect(again).toMatchObject({ ok: false, code: 'invalid-transition' });
    // Logging out would strand the queued actions.
    expect(await ws.host.handlers.session.logout()).toMatchObject({ ok: false, code: 'conflict' });

    const server = await rig.startServer();
    await rig.waitInSync(ws);

    const seqs = queued.map((commandId) => {
      expect(server.inspect.commandResult(commandId), commandId).toMatchObject({ ok: true });
      expect(server.inspect.eventsForCommand(commandId)).toBe(1);
      return server.inspect.commandResult(commandId)!.seq!;
    });
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // applied in the order they were taken
    expect(byId(ws.host.inspect.replicaAlerts())).toEqual(byId(server.inspect.listAlerts()));
    const list = await alerts.list({});
    expect(list.ok && byId(list.value.map(stripPending))).toEqual(byId(server.inspect.listAlerts()));
    expect(list.ok && list.value.every((a) => a.pending.length === 0)).toBe(true);
    expect(ws.host.inspect.status()).toMatchObject({ queued: 0, offlineSince: null, authRequired: false });
    expect(await ws.host.handlers.session.logout()).toEqual({ ok: true, value: null });
  });
});
