import { afterEach, describe, expect, it } from 'vitest';
import type { CameraInput } from '../../src-shared/model/camera.js';
import { eventChannel, type WallDisplaysChanged } from '../../src-shared/desktop-api.js';
import type { WallDisplayConfigResolved } from '../../src-main/host/wall-displays.js';
import { TEST_USERS, TestRig, waitFor, type TestHost } from '../support/host-harness.js';

/**
 * The wall's data path through real hosts and a real server: the camera registry
 * replicated and searchable offline, shared layouts (saved offline too), what each
 * wall monitor shows kept locally, supervisor pushes and operator limits.
 */
const WALL: WallDisplayConfigResolved[] = [
  { displayId: 'wall-1', label: 'Tường trái', takeover: 'display', takeoverTiles: [], takeoverMaxAgeMinutes: 120, streamCap: 16 },
];
const ADMIN = { username: 'admin1', password: 'admin1-secret', displayName: 'Quản trị', role: 'admin' as const };

function camera(id: string, name: string, groups: string[] = ['Giao thông Vị Thanh']): CameraInput {
  return {
    id,
    name,
    kind: 'traffic',
    location: { lat: 9.78, lon: 105.47, district: 'Vị Thanh', address: 'Đường 3 Tháng 2' },
    groups,
    area: 'Vị Thanh',
    mainUrl: `http://127.0.0.1:9/${id}/main.m3u8`,
    subUrl: `http://127.0.0.1:9/${id}/sub.m3u8`,
  };
}

async function value<T>(promise: Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

describe('host video wall', () => {
  let rig: TestRig;
  afterEach(async () => rig?.close());

  async function twoWorkstations(): Promise<[TestHost, TestHost]> {
    rig = await TestRig.start({ seedUsers: [...Object.values(TEST_USERS), ADMIN] });
    const saved = rig.running.saveCameras([camera('cam-01', 'Cầu Xà No'), camera('cam-02', 'Quảng trường Vị Thanh', ['An ninh trung tâm']), camera('cam-03', 'Chợ nổi Ngã Bảy')]);
    expect(saved).toMatchObject({ ok: true, value: { applied: true, created: 3 } });
    const a = await rig.addHost({ wallDisplays: WALL, workstationName: 'Bàn điều hành A' });
    const b = await rig.addHost({ wallDisplays: WALL, workstationName: 'Bàn giám sát B' });
    await a.login('op1');
    await b.login('sup1');
    await rig.waitInSync(a);
    await rig.waitInSync(b);
    return [a, b];
  }

  it('replicates the camera registry, searchable without diacritics, and keeps it offline', async () => {
    const [a] = await twoWorkstations();
    const all = await value(a.host.handlers.cameras.list({}));
    expect(all.map((c) => c.name)).toEqual(['Cầu Xà No', 'Chợ nổi Ngã Bảy', 'Quảng trường Vị Thanh']);
    expect((await value(a.host.handlers.cameras.list({ search: 'cau xa no' }))).map((c) => c.id)).toEqual(['cam-01']);
    expect((await value(a.host.handlers.cameras.list({ groups: ['An ninh trung tâm'] }))).map((c) => c.id)).toEqual(['cam-02']);
    expect(await value(a.host.handlers.cameras.groups())).toEqual(['An ninh trung tâm', 'Giao thông Vị Thanh']);

    // Operators may not edit the registry; the refusal changes nothing.
    expect(await a.host.handlers.cameras.save(camera('cam-09', 'Mới'))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(a.host.inspect.outbox()).toEqual([]);

    await rig.stopServer();
    expect((await value(a.host.handlers.cameras.list({ search: 'ngã bảy' }))).map((c) => c.id)).toEqual(['cam-03']);
  });

  it('an admin edits and disables a camera through the host; every workstation sees it', async () => {
    const [a, b] = await twoWorkstations();
    const admin = await rig.addHost({ workstationName: 'Quản trị' });
    expect(await admin.host.handlers.session.login({ username: ADMIN.username, password: ADMIN.password })).toMatchObject({ ok: true });
    await rig.waitInSync(admin);
    await value(admin.host.handlers.cameras.save({ ...camera('cam-01', 'Cầu Xà No (hướng Vị Thanh)'), kind: 'security' }));
    await value(admin.host.handlers.cameras.setEnabled('cam-03', false));
    await waitFor(async () => {
      const list = await value(a.host.handlers.cameras.list({}));
      return list.length === 2 && list.some((c) => c.name === 'Cầu Xà No (hướng Vị Thanh)' && c.kind === 'security');
    }, { message: 'edit reaches workstation A' });
    const withDisabled = await value(b.host.handlers.cameras.list({ includeDisabled: true }));
    expect(withDisabled.find((c) => c.id === 'cam-03')).toMatchObject({ enabled: false, pending: false });
    expect(await admin.host.handlers.cameras.save({ ...camera('cam-04', 'x'), mainUrl: 'file:///etc/passwd' })).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('a layout saved offline is shown as pending, lands when the server is back, and the other workstation gets it', async () => {
    const [a, b] = await twoWorkstations();
    await rig.stopServer();
    await value(a.host.handlers.wall.saveLayout({ id: 'l-giao-thong', name: 'Giao thông trung tâm', grid: '2x2', tiles: ['cam-01', 'cam-02', null, 'cam-03'] }));
    expect(await value(a.host.handlers.wall.layouts())).toMatchObject([{ id: 'l-giao-thong', pending: true }]);
    // The monitor can show it at once, offline.
    const shown = await value(a.host.handlers.wall.setDisplay('wall-1', { kind: 'layout', layoutId: 'l-giao-thong' }));
    expect(shown).toMatchObject({ displayId: 'wall-1', content: { kind: 'layout', layoutId: 'l-giao-thong' }, setBy: 'op1' });

    await rig.startServer();
    await waitFor(async () => (await value(b.host.handlers.wall.layouts())).some((l) => l.id === 'l-giao-thong'), { message: 'layout reaches B' });
    await waitFor(async () => (await value(a.host.handlers.wall.layouts()))[0]?.pending === false, { message: 'pending mark cleared on A' });
    expect((await value(b.host.handlers.wall.layouts()))[0]).toMatchObject({ name: 'Giao thông trung tâm', tiles: ['cam-01', 'cam-02', null, 'cam-03'], updatedBy: 'op1' });
    expect(rig.running.inspect.listLayouts().map((l) => l.id)).toEqual(['l-giao-thong']);
  });

  it('keeps what a monitor shows across a restart of the workstation, and puts a camera on a chosen tile', async () => {
    const [a] = await twoWorkstations();
    await value(a.host.handlers.wall.setDisplay('wall-1', { kind: 'adhoc', grid: '3x3', tiles: ['cam-01', null, null, null, null, null, null, null, null] }));
    const pushed = await value(a.host.handlers.wall.pushCamera({ displayId: 'wall-1', tileIndex: 4, cameraId: 'cam-02' }));
    expect(pushed.content).toEqual({ kind: 'adhoc', grid: '3x3', tiles: ['cam-01', null, null, null, 'cam-02', null, null, null, null] });
    expect(await a.host.handlers.wall.pushCamera({ displayId: 'wall-1', tileIndex: 9, cameraId: 'cam-02' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await a.host.handlers.wall.pushCamera({ displayId: 'wall-9', tileIndex: 0, cameraId: 'cam-02' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await a.host.handlers.wall.setDisplay('wall-1', { kind: 'adhoc', grid: '2x2', tiles: ['cam-01'] })).toMatchObject({ ok: false, code: 'bad-request' });

    const dataDir = a.dataDir;
    await a.close();
    const again = await rig.addHost({ dataDir, workstationId: a.workstationId, wallDisplays: WALL });
    await again.login('op1');
    const [display] = await value(again.host.handlers.wall.displays());
    expect(display).toMatchObject({ displayId: 'wall-1', label: 'Tường trái', takeover: 'display', streamCap: 16 });
    expect(display!.state.content).toEqual(pushed.content);
  });

  it('a supervisor pushes a layout onto another workstation’s monitor; an operator may not', async () => {
    const [a, b] = await twoWorkstations();
    const displayPushes: WallDisplaysChanged[] = [];
    a.host.onPush((channel, payload) => {
      if (channel === eventChannel('wall', 'onDidChangeDisplays')) displayPushes.push(payload as WallDisplaysChanged);
    });
    // B learns of A's wall monitors from A's announcement.
    await waitFor(async () => (await value(b.host.handlers.wall.workstations())).some((w) => w.workstationId === a.workstationId), { message: 'A announced' });
    const known = (await value(b.host.handlers.wall.workstations())).find((w) => w.workstationId === a.workstationId)!;
    expect(known).toMatchObject({ name: 'Bàn điều hành A', displays: [{ displayId: 'wall-1', label: 'Tường trái' }] });

    await value(b.host.handlers.wall.saveLayout({ id: 'l-an-ninh', name: 'An ninh', grid: '1', tiles: ['cam-02'] }));
    await waitFor(async () => (await value(a.host.handlers.wall.layouts())).length === 1, { message: 'layout on A' });
    await value(b.host.handlers.wall.pushToWorkstation({ workstationId: a.workstationId, displayId: 'wall-1', content: { kind: 'layout', layoutId: 'l-an-ninh' } }));
    await waitFor(() => a.host.inspect.wallDisplay('wall-1')?.content.kind === 'layout', { message: 'push applied on A' });
    expect(a.host.inspect.wallDisplay('wall-1')).toMatchObject({ content: { kind: 'layout', layoutId: 'l-an-ninh' }, setBy: 'sup1' });
    expect(displayPushes).toContainEqual({ displayIds: ['wall-1'] });

    expect(
      await a.host.handlers.wall.pushToWorkstation({ workstationId: b.workstationId, displayId: 'wall-1', content: { kind: 'adhoc', grid: '1', tiles: ['cam-01'] } }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    // The operator deletes only what they saved.
    expect(await a.host.handlers.wall.deleteLayout('l-an-ninh')).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
