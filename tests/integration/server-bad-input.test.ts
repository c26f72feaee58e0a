import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES, MAX_SOCKET_FRAME_BYTES } from '../../src-shared/protocol/sync-protocol.js';
import type { Failure } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import {
  TEST_SECRET,
  connect,
  connectReplica,
  draft,
  login,
  sendCommand,
  sendHello,
  startTestServer,
  waitConnectError,
  waitConnected,
  type Replica,
  type TestServer,
  type TestSocket,
} from '../unit/server/support/server-test-kit.js';

type LooseEmit = { emit(event: string, ...args: unknown[]): void };

/**
 * Every kind of bad input gets a clear error on its own socket, changes nothing,
 * and a bystander workstation keeps receiving live events.
 */
describe('bad input on the sync server', () => {
  let server: TestServer;
  let bystander: Replica;
  let token: string;
  let socket: TestSocket;

  beforeAll(async () => {
    server = await startTestServer();
    token = await login(server.url, 'op1');
    bystander = await connectReplica(server.url, await login(server.url, 'op2'), 0);
    socket = connect(server.url, token);
    await waitConnected(socket);
  });
  afterAll(async () => {
    socket.disconnect();
    bystander.socket.disconnect();
    await server.stop();
  });

  /** Nothing was applied, and live delivery to the bystander still works. */
  async function expectUndisturbed(headBefore: number): Promise<void> {
    expect(server.inspect.headSeq()).toBe(headBefore);
    const { seq } = server.raiseAlert(draft('Kiểm tra sau dữ liệu xấu'));
    await bystander.waitFor(seq);
    expect(bystander.socket.connected).toBe(true);
  }

  function emitRaw(target: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
    return new Promise((resolve) => (target as unknown as LooseEmit).emit(event, ...args, resolve));
  }

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['an array', [1, 2]],
    ['missing cursor', { workstationId: 'ws-1', schemaVersion: 1 }],
    ['a string cursor', { workstationId: 'ws-1', cursor: '7', schemaVersion: 1 }],
    ['a negative cursor', { workstationId: 'ws-1', cursor: -1, schemaVersion: 1 }],
    ['a huge workstation id', { workstationId: 'w'.repeat(100_000), cursor: 0, schemaVersion: 1 }],
  ])('malformed hello (%s) → bad-request', async (_name, payload) => {
    const head = server.inspect.headSeq();
    const reply = (await emitRaw(socket, 'hello', payload)) as Failure;
    expect(reply).toMatchObject({ ok: false, code: 'bad-request', message: expect.any(String) });
    await expectUndisturbed(head);
  });

  it('hello with the wrong schemaVersion → schema-mismatch', async () => {
    const head = server.inspect.headSeq();
    expect(await sendHello(socket, 0, 99)).toMatchObject({ ok: false, code: 'schema-mismatch' });
    await expectUndisturbed(head);
  });

  it.each([
    ['not an object', 42],
    ['null', null],
    ['missing commandId', { type: 'alert.raise', payload: { alertId: 'x-1', draft: draft() } }],
    ['a non-ULID commandId', { commandId: 'abc', type: 'alert.raise', payload: { alertId: 'x-1', draft: draft() } }],
    ['a wrong-typed payload', { commandId: ulid(), type: 'alert.raise', payload: 'raise it' }],
    ['a missing draft', { commandId: ulid(), type: 'alert.raise', payload: { alertId: 'x-1' } }],
    ['a bad severity', { commandId: ulid(), type: 'alert.raise', payload: { alertId: 'x-1', draft: { ...draft(), severity: 9 } } }],
    ['a huge headline', { commandId: ulid(), type: 'alert.raise', payload: { alertId: 'x-1', draft: { ...draft(), headline: 'h'.repeat(20_000) } } }],
    ['an unknown action', { commandId: ulid(), type: 'alert.act', payload: { alertId: 'x-1', action: 'explode' } }],
  ])('malformed command (%s) → bad-request', async (_name, command) => {
    const head = server.inspect.headSeq();
    expect(await sendCommand(socket, command)).toMatchObject({ ok: false, code: 'bad-request', message: expect.any(String) });
    await expectUndisturbed(head);
  });

  it('unknown command type → unknown-command', async () => {
    const head = server.inspect.headSeq();
    const ack = await sendCommand(socket, { commandId: ulid(), type: 'camera.selfDestruct', payload: {} });
    expect(ack).toMatchObject({ ok: false, code: 'unknown-command', message: expect.stringContaining('camera.selfDestruct') });
    await expectUndisturbed(head);
  });

  it('command above MAX_COMMAND_BYTES → payload-too-large', async () => {
    const head = server.inspect.headSeq();
    const command = { commandId: ulid(), type: 'alert.raise', payload: { alertId: 'x-2', draft: draft(), padding: 'p'.repeat(MAX_COMMAND_BYTES) } };
    expect(await sendCommand(socket, command)).toMatchObject({ ok: false, code: 'payload-too-large' });
    await expectUndisturbed(head);
  });

  it('events without an ack callback, and unknown events → protocol-error', async () => {
    const head = server.inspect.headSeq();
    const errors: unknown[] = [];
    socket.on('protocol-error', (error) => errors.push(error));
    (socket as unknown as LooseEmit).emit('command', { commandId: ulid(), type: 'alert.raise', payload: { alertId: 'x-3', draft: draft() } });
    (socket as unknown as LooseEmit).emit('hello', { workstationId: 'ws-1', cursor: 0, schemaVersion: 1 });
    (socket as unknown as LooseEmit).emit('delete-everything', {});
    await expect.poll(() => errors.length).toBe(3);
    expect(errors).toEqual(
      expect.arrayContaining([
        { code: 'bad-request', message: 'command needs an ack callback' },
        { code: 'bad-request', message: 'hello needs an ack callback' },
        { code: 'bad-request', message: 'Unknown event "delete-everything"' },
      ]),
    );
    socket.off('protocol-error');
    await expectUndisturbed(head);
  });

  it('a frame above MAX_SOCKET_FRAME_BYTES drops only that socket', async () => {
    const head = server.inspect.headSeq();
    const victim = connect(server.url, token);
    await waitConnected(victim);
    const gone = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    (victim as unknown as LooseEmit).emit('command', { commandId: ulid(), type: 'alert.raise', payload: 'x'.repeat(MAX_SOCKET_FRAME_BYTES + 10) }, () => undefined);
    expect(await gone).toMatch(/transport close|transport error/);
    expect(socket.connected).toBe(true);
    await expectUndisturbed(head);
  });

  function forge(claims: object, secret = TEST_SECRET): string {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${header}.${body}.${createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url')}`;
  }

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['no token', undefined],
    ['a garbage token', 'not-a-token'],
    ['a non-string token', { sub: 'sup' }],
    ['an expired token', forge({ sub: 'op1', iat: now() - 7200, exp: now() - 3600 })],
    ['a token signed with another secret', forge({ sub: 'sup', iat: now(), exp: now() + 3600 }, 'attacker-secret-0123456789')],
    ['a token for an unknown user', forge({ sub: 'ghost', iat: now(), exp: now() + 3600 })],
  ])('handshake with %s → connect_error unauthorized', async (_name, badToken) => {
    const head = server.inspect.headSeq();
    const intruder = connect(server.url, badToken);
    const error = await waitConnectError(intruder);
    intruder.close();
    expect(error.message).toBe('unauthorized');
    expect(error.data).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
    await expectUndisturbed(head);
  });

  it('a tampered token (payload swapped, signature kept) is refused', async () => {
    const [header, , signature] = token.split('.');
    const body = Buffer.from(JSON.stringify({ sub: 'sup', iat: now(), exp: now() + 3600 })).toString('base64url');
    const intruder = connect(server.url, `${header}.${body}.${signature}`);
    expect((await waitConnectError(intruder)).message).toBe('unauthorized');
    intruder.close();
  });
});
