import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, SYNC_SCHEMA_VERSION, type CommandAck } from '../../src-shared/protocol/sync-protocol.js';
import { interpretEvent } from '../../src-shared/protocol/sync-events.js';
import { ulid } from '../../src-shared/ulid.js';
import { cameraInput, layoutInput, tourOfLayouts } from '../unit/server/support/camera-fixtures.js';
import {
  connect,
  connectReplica,
  login,
  sendCommand,
  startTestServer,
  waitConnected,
  Replica,
  type TestServer,
  type TestSocket,
} from '../unit/server/support/server-test-kit.js';

async function waitFor(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A socket that said hello as `workstationId` (the kit's helper always says 'ws-test'). */
async function workstationSocket(url: string, token: string, workstationId: string, cursor: number): Promise<Replica> {
  const socket = connect(url, token);
  const replica = new Replica(socket, cursor);
  await waitConnected(socket);
  const reply = await new Promise<{ ok: boolean }>((resolve) => socket.emit('hello', { workstationId, cursor, schemaVersion: SYNC_SCHEMA_VERSION }, resolve));
  if (!reply.ok) throw new Error('hello failed');
  return replica;
}

describe('wall commands over the socket', () => {
  let server: TestServer;
  const replicas: Replica[] = [];
  let op1: Replica;
  let op2: Replica;
  let sup: Replica;

  beforeAll(async () => {
    server = await startTestServer({ cameraHealth: false });
    const head = server.inspect.headSeq();
    op1 = await workstationSocket(server.url, await login(server.url, 'op1'), 'ws-op1', head);
    op2 = await workstationSocket(server.url, await login(server.url, 'op2'), 'ws-op2', head);
    sup = await workstationSocket(server.url, await login(server.url, 'sup'), 'ws-sup', head);
    replicas.push(op1, op2, sup);
  });
  afterAll(async () => {
    for (const r of replicas) r.socket.disconnect();
    await server.stop();
  });

  const send = (who: Replica, type: string, payload: unknown): Promise<CommandAck> => sendCommand(who.socket, { commandId: ulid(), type, payload });

  it('layouts: anyone saves; only the saver or a supervisor deletes; unknown ids are not-found', async () => {
    expect(await send(op1, 'layout.save', { layout: layoutInput('ca-sang') })).toMatchObject({ ok: true });
    expect(await send(op1, 'layout.save', { layout: { ...layoutInput('ca-sang'), grid: '3x3' } })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(op2, 'layout.delete', { layoutId: 'ca-sang' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await send(op2, 'layout.delete', { layoutId: 'khong-co' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await send(op2, 'layout.save', { layout: layoutInput('ca-toi') })).toMatchObject({ ok: true });
    expect(await send(sup, 'layout.delete', { layoutId: 'ca-toi' })).toMatchObject({ ok: true });
    expect(server.inspect.listLayouts().map((l) => [l.id, l.updatedBy])).toEqual([['ca-sang', 'op1']]);
  });

  it('tours: a tour of layouts must name existing layouts; deleting follows the layout rule', async () => {
    expect(await send(op2, 'tour.save', { tour: tourOfLayouts('tua-1', ['ca-sang', 'khong-co']) })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await send(op2, 'tour.save', { tour: tourOfLayouts('tua-1', ['ca-sang']) })).toMatchObject({ ok: true });
    expect(await send(op1, 'tour.delete', { tourId: 'tua-1' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await send(op1, 'tour.delete', { tourId: 'khong-co' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await send(op1, 'layout.delete', { layoutId: 'ca-sang' })).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('wall.push: operators only to their own workstation, supervisors anywhere; unknown layout/tour is bad-request; the push reaches every workstation', async () => {
    const content = { kind: 'layout', layoutId: 'ca-sang' };
    expect(await send(op1, 'wall.push', { workstationId: 'ws-op1', displayId: 'wall-1', content })).toMatchObject({ ok: true });
    expect(await send(op1, 'wall.push', { workstationId: 'ws-op2', displayId: 'wall-1', content })).toMatchObject({ ok: false, code: 'forbidden' });
    const pushed = await send(sup, 'wall.push', { workstationId: 'ws-op2', displayId: 'wall-2', content: { kind: 'tour', tourId: 'tua-1' } });
    expect(pushed).toMatchObject({ ok: true });
    expect(await send(sup, 'wall.push', { workstationId: 'ws-op2', displayId: 'wall-2', content: { kind: 'layout', layoutId: 'khong-co' } })).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
    expect(await send(sup, 'wall.push', { workstationId: 'ws-op2', displayId: 'wall-2', content: { kind: 'tour', tourId: 'khong-co' } })).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
    expect(await send(sup, 'wall.push', { workstationId: 'ws op2', displayId: 'wall-2', content })).toMatchObject({ ok: false, code: 'bad-request' });
    if (!pushed.ok) return;
    await op2.waitFor(pushed.seq);
    const event = op2.batches.flatMap((b) => b.items).find((e) => e.seq === pushed.seq)!;
    expect(event).toMatchObject({ type: 'wall.pushed', actor: 'sup', subject: 'ws-op2' });
    expect(interpretEvent(event)).toMatchObject({ kind: 'wall.pushed', push: { workstationId: 'ws-op2', displayId: 'wall-2', content: { kind: 'tour', tourId: 'tua-1' } } });
  });

  it('a socket that has not said hello has no workstation, so an operator cannot push even to "their own"', async () => {
    const socket: TestSocket = connect(server.url, await login(server.url, 'op1'));
    try {
      await waitConnected(socket);
      const ack = await sendCommand(socket, { commandId: ulid(), type: 'wall.push', payload: { workstationId: 'ws-op1', displayId: 'wall-1', content: { kind: 'adhoc', grid: '1', tiles: [null] } } });
      expect(ack).toMatchObject({ ok: false, code: 'forbidden' });
    } finally {
      socket.disconnect();
    }
  });

  it('workstation.announce: upserts the registry; an operator cannot announce another workstation', async () => {
    const displays = [
      { displayId: 'wall-1', label: 'Màn hình tường trái' },
      { displayId: 'wall-2', label: 'Màn hình tường phải' },
    ];
    expect(await send(op1, 'workstation.announce', { workstationId: 'ws-op1', name: 'Bàn vận hành 1', displays })).toMatchObject({ ok: true });
    expect(await send(op1, 'workstation.announce', { workstationId: 'ws-op2', name: 'Giả mạo', displays: [] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await send(op2, 'workstation.announce', { workstationId: 'ws-op2', name: 'Bàn vận hành 2', displays: displays.slice(0, 1) })).toMatchObject({ ok: true });
    expect(await send(op2, 'workstation.announce', { workstationId: 'ws-op2', name: 'Bàn vận hành 2', displays: [{ displayId: 'bad id', label: '' }] })).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
    expect(server.inspect.listWorkstations()).toEqual([
      { workstationId: 'ws-op1', name: 'Bàn vận hành 1', displays, announcedAt: expect.any(String) },
      { workstationId: 'ws-op2', name: 'Bàn vận hành 2', displays: displays.slice(0, 1), announcedAt: expect.any(String) },
    ]);
  });

  it('a resync snapshot carries cameras, health, layouts, tours and workstations', async () => {
    // The health checker cannot fetch cam-1 (port 9 is one fetch refuses to use), so there is health to carry.
    const small = await startTestServer({ logRetain: 3, cameraHealth: { intervalMs: 50, timeoutMs: 1000 } });
    try {
      const unreachable = { subUrl: 'http://127.0.0.1:9/cam-1/sub.m3u8' };
      expect(small.saveCameras([cameraInput('cam-1', unreachable), cameraInput('cam-2', { enabled: false })])).toMatchObject({ ok: true, value: { applied: true } });
      await waitFor(() => small.inspect.cameraHealth().length === 1);
      expect(small.inspect.cameraHealth()).toEqual([expect.objectContaining({ cameraId: 'cam-1', status: 'offline' })]);
      const token = await login(small.url, 'op1');
      for (const [type, payload] of [
        ['layout.save', { layout: layoutInput('l-1', ['cam-1', 'cam-2', null, null]) }],
        ['tour.save', { tour: tourOfLayouts('t-1', ['l-1']) }],
        ['workstation.announce', { workstationId: 'ws-a', name: 'Bàn A', displays: [{ displayId: 'wall-1', label: 'Tường' }] }],
        ['layout.save', { layout: layoutInput('l-2') }],
      ] as const) {
        const again = await workstationSocket(small.url, token, 'ws-a', small.inspect.headSeq());
        expect(await send(again, type, payload)).toMatchObject({ ok: true });
        again.socket.disconnect();
      }
      expect(small.inspect.oldestSeq()).toBeGreaterThan(1);

      const stale = await workstationSocket(small.url, token, 'ws-a', 0);
      replicas.push(stale);
      await stale.waitFor(small.inspect.headSeq());
      expect(stale.snapshots).toHaveLength(1);
      const snapshot = SnapshotSchema.parse(stale.snapshots[0]);
      expect(snapshot).toMatchObject({ seq: small.inspect.headSeq(), reason: 'cursor-too-old' });
      expect(snapshot.cameras.map((c) => [c.id, c.enabled])).toEqual([
        ['cam-1', true],
        ['cam-2', false],
      ]);
      expect(snapshot.cameraHealth).toEqual(small.inspect.cameraHealth());
      expect(snapshot.cameraHealth).toHaveLength(1);
      expect(snapshot.layouts.map((l) => l.id)).toEqual(['l-1', 'l-2']);
      expect(snapshot.tours).toEqual([expect.objectContaining({ id: 't-1', steps: { kind: 'layouts', layoutIds: ['l-1'] }, updatedBy: 'op1' })]);
      expect(snapshot.workstations).toEqual([{ workstationId: 'ws-a', name: 'Bàn A', displays: [{ displayId: 'wall-1', label: 'Tường' }], announcedAt: expect.any(String) }]);
    } finally {
      await small.stop();
    }
  });

  it('the replica of another workstation sees every wall event in order', async () => {
    const watcher = await connectReplica(server.url, await login(server.url, 'op2'), 0);
    replicas.push(watcher);
    await watcher.waitFor(server.inspect.headSeq());
    const kinds = watcher.batches.flatMap((b) => b.items).map((e) => interpretEvent(e).kind);
    expect(kinds).not.toContain('unknown');
    expect(new Set(kinds)).toEqual(new Set(['layout.saved', 'layout.deleted', 'tour.saved', 'wall.pushed', 'workstation.announced']));
  });
});
