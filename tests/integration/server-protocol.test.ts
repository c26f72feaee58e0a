import { afterEach, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH } from '../../src-shared/protocol/sync-protocol.js';
import { ulid } from '../../src-shared/ulid.js';
import {
  connect,
  connectReplica,
  delay,
  draft,
  login,
  sendCommand,
  sendHello,
  startTestServer,
  waitConnected,
  type Replica,
  type TestServer,
} from '../unit/server/support/server-test-kit.js';

describe('sync protocol', () => {
  let server: TestServer | null = null;
  const replicas: Replica[] = [];
  afterEach(async () => {
    for (const r of replicas.splice(0)) r.socket.disconnect();
    await server?.stop();
    server = null;
  });

  it('login → hello → catch-up in large ordered batches → live delivery', async () => {
    server = await startTestServer();
    for (let i = 0; i < 2500; i++) server.raiseAlert(draft(`Sự cố ${i}`));
    const token = await login(server.url, 'op1');
    const socket = connect(server.url, token);
    await waitConnected(socket);
    const hello = await sendHello(socket, 0);
    expect(hello).toMatchObject({ ok: true, value: { user: { id: 'op1', role: 'operator' }, headSeq: 2500, oldestSeq: 1 } });
    socket.disconnect();

    const replica = await connectReplica(server.url, token, 0);
    replicas.push(replica);
    await replica.waitFor(2500);
    expect(replica.seqs).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(replica.batches[0]!.items.length).toBe(MAX_EVENTS_PER_BATCH);
    expect(replica.batches.every((b) => b.items.length <= MAX_EVENTS_PER_BATCH && b.to - b.from + 1 === b.items.length)).toBe(true);
    expect(replica.snapshots).toEqual([]);

    const { seq } = server.raiseAlert(draft('Cây xanh ngã đổ'));
    await replica.waitFor(seq);
    expect(replica.batches.at(-1)!.items.at(-1)).toMatchObject({ seq, type: 'alert.raised', data: { headline: 'Cây xanh ngã đổ' } });
  });

  it('resumes from a cursor: only the missing events come', async () => {
    server = await startTestServer();
    for (let i = 0; i < 20; i++) server.raiseAlert(draft());
    const replica = await connectReplica(server.url, await login(server.url, 'op1'), 15);
    replicas.push(replica);
    await replica.waitFor(20);
    expect(replica.seqs).toEqual([16, 17, 18, 19, 20]);
  });

  it('a command is acked with its seq, applied once, and reaches every replica with its command id', async () => {
    server = await startTestServer();
    const watcher = await connectReplica(server.url, await login(server.url, 'op2'), 0);
    const actor = await connectReplica(server.url, await login(server.url, 'op1'), 0);
    replicas.push(watcher, actor);
    const command = { commandId: ulid(), type: 'alert.raise', payload: { alertId: 'ws-alert-1', draft: draft() } };
    const first = await sendCommand(actor.socket, command);
    const second = await sendCommand(actor.socket, command);
    expect(first).toEqual({ ok: true, seq: 1, duplicate: false });
    expect(second).toEqual({ ok: true, seq: 1, duplicate: true });
    await watcher.waitFor(1);
    await delay(100);
    expect(watcher.seqs).toEqual([1]);
    expect(watcher.batches[0]!.items[0]).toMatchObject({ commandId: command.commandId, actor: 'op1', subject: 'ws-alert-1' });
    expect(server.inspect.eventsForCommand(command.commandId)).toBe(1);
  });

  it('sends resync-required + snapshot when the cursor is older than the kept log, then streams on', async () => {
    server = await startTestServer({ logRetain: 10 });
    for (let i = 0; i < 30; i++) server.raiseAlert(draft());
    expect(server.inspect.oldestSeq()).toBe(21);
    const token = await login(server.url, 'op1');
    // cursor = oldest - 1 is still fine: the next event is kept
    const fine = await connectReplica(server.url, token, 20);
    replicas.push(fine);
    await fine.waitFor(30);
    expect(fine.snapshots).toEqual([]);

    const stale = await connectReplica(server.url, token, 5);
    replicas.push(stale);
    await stale.waitFor(30);
    expect(stale.snapshots).toHaveLength(1);
    expect(stale.snapshots[0]).toMatchObject({ seq: 30, reason: 'cursor-too-old' });
    expect(stale.snapshots[0]!.alerts).toHaveLength(30);
    expect(stale.seqs).toEqual([]);
    const { seq } = server.raiseAlert(draft());
    await stale.waitFor(seq);
    expect(stale.seqs).toEqual([31]);
  });

  it('sends resync-required when the cursor is ahead of the server (server data was reset)', async () => {
    server = await startTestServer();
    server.raiseAlert(draft());
    const replica = await connectReplica(server.url, await login(server.url, 'op1'), 999);
    replicas.push(replica);
    await replica.waitFor(1);
    await delay(50);
    expect(replica.snapshots).toEqual([expect.objectContaining({ seq: 1, reason: 'cursor-ahead' })]);
    expect(replica.cursor).toBe(1);
  });

  it('keeps at most three batches in flight and drops a socket that never acks', async () => {
    server = await startTestServer({ ackTimeoutMs: 300 });
    for (let i = 0; i < 4500; i++) server.raiseAlert(draft()); // five batches' worth
    const socket = connect(server.url, await login(server.url, 'op1'));
    let batches = 0;
    socket.on('events', () => void batches++); // never acks
    await waitConnected(socket);
    await sendHello(socket, 0);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(await disconnected).toBe('io server disconnect');
    expect(batches).toBe(3);
  });
});
