import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '../../../src-shared/ulid.js';
import { connect, draft, login, sendCommand, startTestServer, waitConnected, type TestServer, type TestSocket } from './support/server-test-kit.js';

/** The alert rules as enforced through the real path: login → socket → command bus → store. */
describe('alert command authorization (through the server)', () => {
  let server: TestServer;
  const sockets: Record<string, TestSocket> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['op1', 'op2', 'sup']) {
      sockets[name] = connect(server.url, await login(server.url, name));
      await waitConnected(sockets[name]!);
    }
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket.disconnect();
    await server.stop();
  });

  const act = (who: string, alertId: string, action: string, extra: object = {}) =>
    sendCommand(sockets[who]!, { commandId: ulid(), type: 'alert.act', payload: { alertId, action, ...extra } });

  it('an operator may acknowledge, own and resolve; another operator may not close it; a supervisor may', async () => {
    const { alertId } = server.raiseAlert(draft());
    expect(await act('op1', alertId, 'acknowledge')).toMatchObject({ ok: true });
    expect(await act('op1', alertId, 'own')).toMatchObject({ ok: true });
    const head = server.inspect.headSeq();
    expect(await act('op2', alertId, 'close')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act('op2', alertId, 'own')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act('op2', alertId, 'resolve')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(server.inspect.headSeq()).toBe(head);
    expect(await act('sup', alertId, 'close')).toMatchObject({ ok: true });
    const alert = server.inspect.listAlerts().find((a) => a.id === alertId)!;
    expect(alert).toMatchObject({ state: 'closed', ownerId: 'op1' });
    expect(alert.history.map((h) => `${h.actor}:${h.action}`)).toEqual(['system:raise', 'op1:acknowledge', 'op1:own', 'sup:close']);
  });

  it('only a supervisor may reassign, and only to an existing user', async () => {
    const { alertId } = server.raiseAlert(draft());
    expect(await act('op1', alertId, 'own')).toMatchObject({ ok: true });
    expect(await act('op1', alertId, 'reassign', { ownerId: 'op2' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act('sup', alertId, 'reassign', { ownerId: 'nobody' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await act('sup', alertId, 'reassign', { ownerId: 'op2' })).toMatchObject({ ok: true });
    expect(await act('op2', alertId, 'resolve')).toMatchObject({ ok: true });
    expect(await act('op2', alertId, 'close')).toMatchObject({ ok: true });
  });

  it('an operator cannot close an unresolved alert of their own; the command is recorded as refused', async () => {
    const { alertId } = server.raiseAlert(draft());
    await act('op1', alertId, 'own');
    const commandId = ulid();
    const ack = await sendCommand(sockets.op1!, { commandId, type: 'alert.act', payload: { alertId, action: 'close' } });
    expect(ack).toMatchObject({ ok: false, code: 'forbidden' });
    expect(server.inspect.commandResult(commandId)).toEqual({ ok: false, seq: null, code: 'forbidden' });
    expect(server.inspect.eventsForCommand(commandId)).toBe(0);
  });
});
