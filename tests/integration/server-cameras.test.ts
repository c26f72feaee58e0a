import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_CSV_COLUMNS, MAX_IMPORT_ROWS, type Camera, type CameraImportReport, type CameraInput } from '../../src-shared/model/camera.js';
import { ulid } from '../../src-shared/ulid.js';
import { cameraInput } from '../unit/server/support/camera-fixtures.js';
import { connectReplica, login, startTestServer, TEST_PASSWORD, TEST_USERS, type TestServer } from '../unit/server/support/server-test-kit.js';

const ADMIN = { username: 'qtri', password: TEST_PASSWORD, displayName: 'Phạm Quản Trị', role: 'admin' as const };

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(inputs: CameraInput[]): string {
  const rows = inputs.map((c) => {
    const cell: Record<(typeof CAMERA_CSV_COLUMNS)[number], string> = {
      id: c.id,
      name: c.name,
      kind: c.kind,
      lat: String(c.location.lat),
      lon: String(c.location.lon),
      district: c.location.district ?? '',
      address: c.location.address ?? '',
      groups: (c.groups ?? []).join(';'),
      area: c.area ?? '',
      mainUrl: c.mainUrl,
      subUrl: c.subUrl,
      snapshotUrl: c.snapshotUrl ?? '',
      enabled: c.enabled === false ? 'false' : 'true',
    };
    return CAMERA_CSV_COLUMNS.map((col) => csvField(cell[col])).join(',');
  });
  return `\uFEFF${CAMERA_CSV_COLUMNS.join(',')}\r\n${rows.join('\r\n')}\r\n`;
}

describe('camera registry over HTTP', () => {
  let server: TestServer;
  let admin: string;
  let operator: string;
  let supervisor: string;

  beforeAll(async () => {
    server = await startTestServer({ seedUsers: [...TEST_USERS, ADMIN], cameraHealth: false });
    [admin, operator, supervisor] = await Promise.all([login(server.url, 'qtri'), login(server.url, 'op1'), login(server.url, 'sup')]);
  });
  afterAll(async () => {
    await server.stop();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const importCameras = async (token: string, request: unknown) => {
    const response = await call('POST', '/api/cameras/import', token, request);
    return { status: response.status, body: (await response.json()) as { ok: boolean; report?: CameraImportReport; code?: string; message?: string; details?: unknown } };
  };

  it('POST /api/cameras: admin upserts through the command bus (201 new, 200 replaced); others are refused', async () => {
    expect((await call('POST', '/api/cameras', null, cameraInput('cam-1'))).status).toBe(401);
    for (const token of [operator, supervisor]) {
      const refused = await call('POST', '/api/cameras', token, cameraInput('cam-1'));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ ok: false, code: 'forbidden' });
    }
    const key = ulid();
    const created = await call('POST', '/api/cameras', admin, cameraInput('cam-1', { name: 'Ngã tư Đại lộ Võ Nguyên Giáp' }), { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { camera: Camera; seq: number };
    expect(body).toMatchObject({ ok: true, duplicate: false, camera: { id: 'cam-1', name: 'Ngã tư Đại lộ Võ Nguyên Giáp', updatedBy: 'qtri', enabled: true } });
    expect(server.inspect.eventsForCommand(key)).toBe(1);
    const retried = await call('POST', '/api/cameras', admin, cameraInput('cam-1', { name: 'Ngã tư Đại lộ Võ Nguyên Giáp' }), { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ seq: body.seq, duplicate: true });
    const replaced = await call('POST', '/api/cameras', admin, cameraInput('cam-1', { name: 'Đổi tên' }));
    expect(replaced.status).toBe(200);
    expect(server.inspect.listCameras().find((c) => c.id === 'cam-1')).toMatchObject({ name: 'Đổi tên' });

    const bad = await call('POST', '/api/cameras', admin, { ...cameraInput('cam-2'), mainUrl: 'file:///etc/passwd' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('mainUrl') });
    expect((await call('POST', '/api/cameras', admin, '{not json')).status).toBe(400);
  });

  it('GET /api/cameras: anyone logged in, cameras with their health', async () => {
    expect((await call('GET', '/api/cameras', null)).status).toBe(401);
    const response = await call('GET', '/api/cameras', operator);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; cameras: Camera[]; health: unknown[] };
    expect(body.ok).toBe(true);
    expect(body.cameras.map((c) => c.id)).toContain('cam-1');
    expect(body.health).toEqual([]);
  });

  it('POST /api/cameras/:id/enabled: admin only, 404 for an unknown camera, 400 for a bad body; an event reaches a workstation', async () => {
    const replica = await connectReplica(server.url, operator, server.inspect.headSeq());
    try {
      expect((await call('POST', '/api/cameras/cam-1/enabled', operator, { enabled: false })).status).toBe(403);
      expect((await call('POST', '/api/cameras/ghost/enabled', admin, { enabled: false })).status).toBe(404);
      expect((await call('POST', '/api/cameras/cam-1/enabled', admin, { enabled: 'no' })).status).toBe(400);
      expect((await call('POST', '/api/cameras/bad%20id/enabled', admin, { enabled: false })).status).toBe(400);
      const response = await call('POST', '/api/cameras/cam-1/enabled', admin, { enabled: false });
      expect(response.status).toBe(200);
      const { seq, camera } = (await response.json()) as { seq: number; camera: Camera };
      expect(camera).toMatchObject({ id: 'cam-1', enabled: false, name: 'Đổi tên' });
      await replica.waitFor(seq);
      const event = replica.batches.flatMap((b) => b.items).find((e) => e.seq === seq);
      expect(event).toMatchObject({ type: 'camera.saved', actor: 'qtri', subject: 'cam-1', data: { enabled: false, name: 'Đổi tên', updatedBy: 'qtri' } });
    } finally {
      replica.socket.disconnect();
    }
  });

  it('POST /api/cameras/import (CSV): every row in one commit, one camera.saved each, reaching a workstation', async () => {
    const replica = await connectReplica(server.url, operator, server.inspect.headSeq());
    try {
      const head = server.inspect.headSeq();
      const rows = [
        cameraInput('cam-1', { name: 'Cập nhật qua CSV' }),
        cameraInput('ct-01', { name: 'Cầu Cần Thơ, đầu cầu Vĩnh Long', location: { lat: 10.03, lon: 105.83, district: 'Cái Răng', address: 'Số 1, "Cầu" Cần Thơ' } }),
        cameraInput('ct-02', { kind: 'security', groups: ['An ninh', 'Bến Ninh Kiều'], enabled: false }),
      ];
      const dry = await importCameras(admin, { format: 'csv', text: toCsv(rows), dryRun: true });
      expect(dry).toEqual({ status: 200, body: { ok: true, report: { accepted: 3, created: 2, updated: 1, errors: [], applied: false } } });
      expect(server.inspect.headSeq()).toBe(head);

      const done = await importCameras(admin, { format: 'csv', text: toCsv(rows) });
      expect(done).toEqual({ status: 200, body: { ok: true, report: { accepted: 3, created: 2, updated: 1, errors: [], applied: true } } });
      await replica.waitFor(head + 3);
      const items = replica.batches.flatMap((b) => b.items);
      expect(items.map((e) => `${e.type}:${e.subject}`)).toEqual(['camera.saved:cam-1', 'camera.saved:ct-01', 'camera.saved:ct-02']);
      expect(replica.batches).toHaveLength(1); // one commit, one batch
      const ct01 = server.inspect.listCameras().find((c) => c.id === 'ct-01');
      expect(ct01).toMatchObject({ name: 'Cầu Cần Thơ, đầu cầu Vĩnh Long', location: { address: 'Số 1, "Cầu" Cần Thơ' } });
      expect(server.inspect.listCameras().find((c) => c.id === 'ct-02')).toMatchObject({ enabled: false, groups: ['An ninh', 'Bến Ninh Kiều'] });
    } finally {
      replica.socket.disconnect();
    }
  });

  it('import: one bad row means a report of every bad row and nothing written', async () => {
    const head = server.inspect.headSeq();
    const csv = toCsv([cameraInput('new-1'), cameraInput('new-2'), cameraInput('new-1')]).replace('new-2/sub.m3u8', 'new-2/sub.m3u8 oops');
    const csvResult = await importCameras(admin, { format: 'csv', text: csv });
    expect(csvResult.status).toBe(200);
    expect(csvResult.body.report).toMatchObject({ accepted: 0, applied: false });
    expect(csvResult.body.report!.errors.map((e) => [e.row, e.cameraId])).toEqual([
      [2, 'new-2'],
      [3, 'new-1'],
    ]);
    const json = await importCameras(admin, { format: 'json', text: JSON.stringify([cameraInput('new-3'), { ...cameraInput('new-4'), location: { lat: 200, lon: 0 } }]) });
    expect(json.body.report!.errors).toEqual([{ row: 2, cameraId: 'new-4', message: expect.stringContaining('location.lat') }]);
    expect(server.inspect.headSeq()).toBe(head);
    expect(server.inspect.listCameras().map((c) => c.id)).not.toContain('new-1');
  });

  it('import: unreadable files are a 400 with a clear message; operators and strangers are refused before the body is read', async () => {
    const badCsv = await importCameras(admin, { format: 'csv', text: `${CAMERA_CSV_COLUMNS.join(',')}\n"unclosed,x\n` });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('never closed') });
    const badHeader = await importCameras(admin, { format: 'csv', text: 'id,name\ncam,x\n' });
    expect(badHeader).toMatchObject({ status: 400, body: { message: expect.stringContaining('missing kind') } });
    const badJson = await importCameras(admin, { format: 'json', text: '[{"id": "x",' });
    expect(badJson).toMatchObject({ status: 400, body: { message: expect.stringContaining('JSON') } });
    expect((await importCameras(admin, { format: 'yaml', text: 'a: 1' })).status).toBe(400);
    expect(await importCameras(operator, { format: 'json', text: '[]' })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const stranger = await call('POST', '/api/cameras/import', null, { format: 'json', text: 'x'.repeat(3_000_000) });
    expect(stranger.status).toBe(401);
  });

  it('import: MAX_IMPORT_ROWS rows of Vietnamese text (over 2 MB of CSV) land in one go; one more is refused', async () => {
    const pad = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n).trim();
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) =>
      cameraInput(`bulk-${i}`, {
        name: pad(`Camera giám sát giao thông số ${i} — ngã tư `, 150),
        location: { lat: 9.5 + i / 10_000, lon: 105.5, district: 'Thành phố Ngã Bảy', address: pad('Số 123, đường Hùng Vương, khu vực 4, phường Lái Hiếu, ', 290) },
        groups: ['Giao thông', 'Ngã Bảy'],
        mainUrl: `http://gw.local/${'luong/'.repeat(20)}bulk-${i}/main.m3u8`,
        subUrl: `http://gw.local/${'luong/'.repeat(20)}bulk-${i}/sub.m3u8`,
      }),
    );
    const text = toCsv(rows);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024 * 0.9);
    expect(text.length).toBeLessThanOrEqual(2_000_000);
    const head = server.inspect.headSeq();
    const done = await importCameras(admin, { format: 'csv', text });
    expect(done).toMatchObject({ status: 200, body: { report: { accepted: MAX_IMPORT_ROWS, created: MAX_IMPORT_ROWS, applied: true } } });
    expect(server.inspect.headSeq()).toBe(head + MAX_IMPORT_ROWS);

    const small = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => cameraInput(`m-${i}`));
    const tooMany = await importCameras(admin, { format: 'json', text: JSON.stringify(small) });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'bad-request', details: { rows: MAX_IMPORT_ROWS + 1, limit: MAX_IMPORT_ROWS } } });
  });

  it('saveCameras (internal source): all or nothing, actor system', () => {
    const head = server.inspect.headSeq();
    const refused = server.saveCameras([cameraInput('seed-1'), { ...cameraInput('seed-2'), kind: 'thermal' as never }]);
    expect(refused).toMatchObject({ ok: true, value: { applied: false, errors: [{ row: 2, cameraId: 'seed-2' }] } });
    expect(server.inspect.headSeq()).toBe(head);
    expect(server.saveCameras([cameraInput('seed-1'), cameraInput('seed-2')])).toEqual({ ok: true, value: { accepted: 2, created: 2, updated: 0, errors: [], applied: true } });
    expect(server.inspect.listCameras().find((c) => c.id === 'seed-1')).toMatchObject({ updatedBy: 'system' });
  });
});
