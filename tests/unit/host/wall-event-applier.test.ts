import { afterEach, describe, expect, it } from 'vitest';
import type { Camera } from '../../../src-shared/model/camera.js';
import type { WallLayout } from '../../../src-shared/model/wall.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import { batch, openTestCache } from './fixtures.js';

const camera: Camera = {
  id: 'cam-01',
  name: 'Nút giao Trần Hưng Đạo',
  kind: 'traffic',
  location: { lat: 9.78, lon: 105.47, district: 'Vị Thanh', address: 'Trần Hưng Đạo' },
  groups: ['Giao thông Vị Thanh'],
  area: 'Vị Thanh',
  mainUrl: 'http://127.0.0.1:9/cam-01/main.m3u8',
  subUrl: 'http://127.0.0.1:9/cam-01/sub.m3u8',
  snapshotUrl: null,
  enabled: true,
  updatedAt: '2026-11-28T10:00:00.000Z',
  updatedBy: 'admin',
};
const layout: WallLayout = { id: 'l1', name: 'Giao thông', grid: '2x2', tiles: ['cam-01', null, null, null], updatedAt: '2026-11-28T10:00:00.000Z', updatedBy: 'op1' };

function event(seq: number, type: string, data: unknown, at = `2026-11-28T10:00:${String(seq).padStart(2, '0')}.000Z`): SyncEvent {
  return { seq, id: `e${seq}`, type, at, actor: 'sup1', subject: 'x', commandId: null, data };
}

describe('wall events in the batch applier', () => {
  let cache: ReturnType<typeof openTestCache>;
  afterEach(() => cache.cleanup());

  it('keeps cameras, health, layouts and tours, and reports what changed', () => {
    cache = openTestCache();
    const outcome = cache.applier.apply(
      batch([
        event(1, 'camera.saved', camera),
        event(2, 'camera.status', { cameraId: 'cam-01', status: 'offline', since: 't', checkedAt: 't', lastError: 'HTTP 404' }),
        event(3, 'layout.saved', layout),
        event(4, 'tour.saved', { id: 't1', name: 'Vòng', intervalSeconds: 10, steps: { kind: 'layouts', layoutIds: ['l1'] }, updatedAt: 't', updatedBy: 'op1' }),
        event(5, 'layout.deleted', { layoutId: 'l1' }),
      ]),
    );
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 5, wall: { cameraIds: ['cam-01'], layoutIds: ['l1'], tourIds: ['t1'] } });
    expect(cache.wall.cameras.get('cam-01')?.name).toBe('Nút giao Trần Hưng Đạo');
    expect(cache.wall.health.get('cam-01')?.status).toBe('offline');
    expect(cache.wall.layouts.all()).toEqual([]);
    expect(cache.wall.tours.get('t1')?.intervalSeconds).toBe(10);
  });

  it("applies a push to this workstation's monitor only, and never over a later local change", () => {
    cache = openTestCache();
    const content = { kind: 'adhoc', grid: '1', tiles: ['cam-01'] };
    cache.applier.apply(batch([event(1, 'wall.pushed', { workstationId: 'other-ws', displayId: 'wall-1', content })]));
    expect(cache.wall.displays.get('wall-1')).toBeNull();

    const outcome = cache.applier.apply(batch([event(2, 'wall.pushed', { workstationId: 'ws-test', displayId: 'wall-1', content })]));
    expect(outcome).toMatchObject({ kind: 'applied', wall: { displayIds: ['wall-1'] } });
    expect(cache.wall.displays.get('wall-1')).toMatchObject({ content, setBy: 'sup1', pushSeq: 2 });

    // The operator changed the monitor (offline) after the supervisor's next push was made:
    cache.wall.displays.upsert('wall-1', { displayId: 'wall-1', content: { kind: 'layout', layoutId: 'l9' }, setBy: 'op1', setAt: '2026-11-28T10:00:30.000Z', pushSeq: null });
    cache.applier.apply(batch([event(3, 'wall.pushed', { workstationId: 'ws-test', displayId: 'wall-1', content }, '2026-11-28T10:00:20.000Z')]));
    expect(cache.wall.displays.get('wall-1')?.content).toEqual({ kind: 'layout', layoutId: 'l9' });
  });

  it('skips a wall event whose data does not fit its schema, and still moves the cursor', () => {
    cache = openTestCache();
    const outcome = cache.applier.apply(batch([event(1, 'camera.saved', { id: 'cam-x', mainUrl: 'javascript:alert(1)' })]));
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 1 });
    expect(cache.wall.cameras.all()).toEqual([]);
  });

  it('replaces the replicas from a snapshot but keeps what the monitors show', () => {
    cache = openTestCache();
    cache.applier.apply(batch([event(1, 'camera.saved', camera), event(2, 'layout.saved', layout)]));
    cache.wall.displays.upsert('wall-1', { displayId: 'wall-1', content: { kind: 'layout', layoutId: 'l1' }, setBy: 'op1', setAt: 't', pushSeq: null });
    const outcome = cache.applier.applySnapshot({
      seq: 50,
      reason: 'cursor-too-old',
      alerts: [],
      cameras: [{ ...camera, id: 'cam-02', name: 'Cầu Xà No' }],
      layouts: [],
    });
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 50 });
    expect(cache.wall.cameras.all().map((c) => c.id)).toEqual(['cam-02']);
    expect(cache.wall.layouts.all()).toEqual([]);
    expect(cache.wall.displays.get('wall-1')?.content).toEqual({ kind: 'layout', layoutId: 'l1' });
    if (outcome.kind === 'applied') expect(outcome.wall.cameraIds.sort()).toEqual(['cam-01', 'cam-02']);
  });
});
