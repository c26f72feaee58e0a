import { describe, expect, it } from 'vitest';
import { interpretEvent, WALL_EVENT_SCHEMAS, type SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import { ulid } from '../../../src-shared/ulid.js';
import { CameraHealthChecker } from '../../../server/cameras/camera-health-checker.js';
import { CommandBus, type CommandActor } from '../../../server/domain/command-bus.js';
import { openDatabase } from '../../../server/store/sqlite-database.js';
import { VigilStore } from '../../../server/store/vigil-store.js';
import { cameraInput, layoutInput, tourOfLayouts } from './support/camera-fixtures.js';

const admin: CommandActor = { id: 'admin1', role: 'admin' };
const sup: CommandActor = { id: 'sup', role: 'supervisor' };
const op1: CommandActor = { id: 'op1', role: 'operator', workstationId: 'ws-1' };
const op2: CommandActor = { id: 'op2', role: 'operator', workstationId: 'ws-2' };

function setup(): { store: VigilStore; bus: CommandBus; run(type: string, payload: unknown, actor: CommandActor): ReturnType<CommandBus['execute']> } {
  const store = new VigilStore(openDatabase(':memory:'));
  const bus = new CommandBus(store, () => new Date('2025-03-01T08:00:00.000Z'));
  return { store, bus, run: (type, payload, actor) => bus.execute({ commandId: ulid(), type, payload }, actor) };
}

const layout = layoutInput;

describe('camera and wall command rules', () => {
  it('camera.save: admins only; the event and projection carry the whole camera with updatedAt/updatedBy', () => {
    const { store, run } = setup();
    expect(run('camera.save', { camera: cameraInput('cam-1') }, sup)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('camera.save', { camera: cameraInput('cam-1') }, op1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('camera.save', { camera: { ...cameraInput('cam-1'), subUrl: 'javascript:alert(1)' } }, admin)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(store.headSeq()).toBe(0);
    expect(run('camera.save', { camera: cameraInput('cam-1') }, admin)).toMatchObject({ ok: true, seq: 1 });
    expect(store.cameras.get('cam-1')).toMatchObject({ id: 'cam-1', enabled: true, snapshotUrl: null, area: '', updatedAt: '2025-03-01T08:00:00.000Z', updatedBy: 'admin1' });
    expect(store.events.read(0, 1)[0]).toMatchObject({ type: 'camera.saved', subject: 'cam-1', actor: 'admin1', data: store.cameras.get('cam-1') });
  });

  it('layout.delete: the saver or a supervisor; unknown ids are not-found; a layout a tour uses is a conflict', () => {
    const { store, run } = setup();
    expect(run('layout.save', { layout: layout('l-1') }, op1)).toMatchObject({ ok: true });
    expect(run('layout.save', { layout: { ...layout('l-bad'), tiles: [null] } }, op1)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(run('layout.delete', { layoutId: 'l-1' }, op2)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('layout.delete', { layoutId: 'nope' }, sup)).toMatchObject({ ok: false, code: 'not-found' });
    expect(run('tour.save', { tour: tourOfLayouts('t-1', ['l-1']) }, op2)).toMatchObject({ ok: true });
    expect(run('layout.delete', { layoutId: 'l-1' }, op1)).toMatchObject({ ok: false, code: 'conflict', details: { tourIds: ['t-1'] } });
    expect(run('tour.delete', { tourId: 't-1' }, op1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('tour.delete', { tourId: 't-1' }, sup)).toMatchObject({ ok: true });
    expect(run('tour.delete', { tourId: 't-1' }, sup)).toMatchObject({ ok: false, code: 'not-found' });
    expect(run('layout.delete', { layoutId: 'l-1' }, op1)).toMatchObject({ ok: true });
    expect(store.layouts.list()).toEqual([]);
    expect(store.tours.list()).toEqual([]);
  });

  it('tour.save: a tour of layouts must name existing layouts; a tour of cameras needs none', () => {
    const { store, run } = setup();
    run('layout.save', { layout: layout('l-1') }, op1);
    expect(run('tour.save', { tour: tourOfLayouts('t-1', ['l-1', 'ghost']) }, op1)).toMatchObject({ ok: false, code: 'bad-request', details: { layoutIds: ['ghost'] } });
    expect(run('tour.save', { tour: { id: 't-2', name: 'Camera giao thông', intervalSeconds: 15, steps: { kind: 'cameras', grid: '3x3', group: 'Giao thông' } } }, op1)).toMatchObject({ ok: true });
    expect(store.tours.get('t-2')).toMatchObject({ steps: { kind: 'cameras', grid: '3x3', cameraIds: [], group: 'Giao thông' }, updatedBy: 'op1' });
  });

  it('wall.push: an operator only to the workstation their socket said hello as; a supervisor anywhere; unknown layouts/tours are bad-request', () => {
    const { run } = setup();
    run('layout.save', { layout: layout('l-1') }, op1);
    const push = (workstationId: string, content: unknown) => ({ workstationId, displayId: 'wall-1', content });
    expect(run('wall.push', push('ws-1', { kind: 'layout', layoutId: 'l-1' }), op1)).toMatchObject({ ok: true });
    expect(run('wall.push', push('ws-2', { kind: 'layout', layoutId: 'l-1' }), op1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('wall.push', push('ws-1', { kind: 'layout', layoutId: 'l-1' }), { id: 'op1', role: 'operator', workstationId: null })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('wall.push', push('ws-2', { kind: 'adhoc', grid: '1', tiles: ['cam-9'] }), sup)).toMatchObject({ ok: true });
    expect(run('wall.push', push('ws-2', { kind: 'layout', layoutId: 'ghost' }), sup)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(run('wall.push', push('ws-2', { kind: 'tour', tourId: 'ghost' }), sup)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(run('wall.push', push('ws-2', { kind: 'adhoc', grid: '1', tiles: ['a', 'b'] }), sup)).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('workstation.announce: upserts the registry; a socket may not announce another workstation unless a supervisor is at it', () => {
    const { store, run } = setup();
    const announce = (workstationId: string, name = 'Bàn 1') => ({ workstationId, name, displays: [{ displayId: 'wall-1', label: 'Màn hình tường 1' }] });
    expect(run('workstation.announce', announce('ws-1'), op1)).toMatchObject({ ok: true });
    expect(run('workstation.announce', announce('ws-1', 'Bàn vận hành 1'), op1)).toMatchObject({ ok: true });
    expect(run('workstation.announce', announce('ws-1'), op2)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(run('workstation.announce', announce('ws-9'), { ...sup, workstationId: 'ws-sup' })).toMatchObject({ ok: true });
    expect(run('workstation.announce', { ...announce('ws-1'), displays: [{ displayId: 'a', label: '' }, { displayId: 'a', label: '' }] }, op1)).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
    expect(store.workstations.list()).toEqual([
      { workstationId: 'ws-1', name: 'Bàn vận hành 1', displays: [{ displayId: 'wall-1', label: 'Màn hình tường 1' }], announcedAt: '2025-03-01T08:00:00.000Z' },
      expect.objectContaining({ workstationId: 'ws-9' }),
    ]);
  });

  it('every wall event the server writes validates against WALL_EVENT_SCHEMAS and interprets as its own kind', async () => {
    const { store, run } = setup();
    const acks = [
      run('camera.save', { camera: cameraInput('cam-1', { groups: [' Giao thông ', 'QL61'], snapshotUrl: 'http://gw.local/cam-1.jpg' }) }, admin),
      run('layout.save', { layout: layout('l-1') }, op1),
      run('tour.save', { tour: tourOfLayouts('t-1', ['l-1']) }, op1),
      run('tour.save', { tour: { id: 't-2', name: 'Camera', intervalSeconds: 5, steps: { kind: 'cameras', grid: '2x2', cameraIds: ['cam-1'] } } }, op1),
      run('wall.push', { workstationId: 'ws-1', displayId: 'wall-1', content: { kind: 'tour', tourId: 't-1' } }, op1),
      run('wall.push', { workstationId: 'ws-1', displayId: 'wall-1', content: { kind: 'adhoc', grid: '2x2', tiles: ['cam-1', null] } }, op1),
      run('workstation.announce', { workstationId: 'ws-1', name: 'Bàn 1', displays: [] }, op1),
      run('tour.delete', { tourId: 't-1' }, op1),
      run('layout.delete', { layoutId: 'l-1' }, op1),
    ];
    expect(acks.every((a) => a.ok)).toBe(true);
    // camera.status comes from the health checker, an internal source
    const checker = new CameraHealthChecker(
      {
        listCameras: () => store.cameras.list(),
        healthOf: (id) => store.cameraHealth.get(id),
        recordStatus: (health) =>
          store.transact((tx) => {
            tx.append({ id: ulid(), type: 'camera.status', at: health.checkedAt, actor: 'system', subject: health.cameraId, commandId: null, data: health });
            store.cameraHealth.upsert(health);
          }),
        hasOpenOutageAlert: () => false,
        raiseOutageAlert: () => undefined,
        fetchPlaylist: async () => {
          throw Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
        },
      },
      { offlineAlertAfterMs: 60_000 },
    );
    await checker.checkNow();
    await checker.stop();

    const events: SyncEvent[] = store.events.read(0, 100);
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(Object.keys(WALL_EVENT_SCHEMAS).sort());
    for (const event of events) {
      const schema = WALL_EVENT_SCHEMAS[event.type as keyof typeof WALL_EVENT_SCHEMAS];
      const parsed = schema.safeParse(event.data);
      expect(parsed.success, `${event.type}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      expect(interpretEvent(event).kind).toBe(event.type);
    }
    expect(events.find((e) => e.type === 'camera.status')).toMatchObject({
      actor: 'system',
      commandId: null,
      data: { cameraId: 'cam-1', status: 'offline', lastError: 'connection refused' },
    });
  });
});
