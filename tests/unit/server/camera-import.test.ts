import { describe, expect, it } from 'vitest';
import { CAMERA_CSV_COLUMNS, MAX_IMPORT_ROWS } from '../../../src-shared/model/camera.js';
import { CameraImporter, parseCameraJson } from '../../../server/cameras/camera-import.js';
import { CommandBus, type CommandActor } from '../../../server/domain/command-bus.js';
import { openDatabase } from '../../../server/store/sqlite-database.js';
import { VigilStore } from '../../../server/store/vigil-store.js';
import { cameraInput } from './support/camera-fixtures.js';

const admin: CommandActor = { id: 'admin1', role: 'admin' };

function setup(): { store: VigilStore; importer: CameraImporter; published: number[] } {
  const store = new VigilStore(openDatabase(':memory:'));
  const published: number[] = [];
  store.onAppended((events) => published.push(events.length));
  return { store, importer: new CameraImporter(store, new CommandBus(store)), published };
}

describe('camera import (all or nothing)', () => {
  it('saves every row in one transaction, one camera.saved event each, counting created and updated', () => {
    const { store, importer, published } = setup();
    expect(importer.saveAll([cameraInput('a')], admin)).toMatchObject({ ok: true, value: { created: 1, updated: 0, applied: true } });
    const report = importer.importText({ format: 'json', text: JSON.stringify([cameraInput('a', { name: 'Đổi tên' }), cameraInput('b'), cameraInput('c')]) }, admin);
    expect(report).toEqual({ ok: true, value: { accepted: 3, created: 2, updated: 1, errors: [], applied: true } });
    expect(published).toEqual([1, 3]); // one commit, so workstations see the whole import at once
    expect(store.events.read(1, 10).map((e) => `${e.type}:${e.subject}`)).toEqual(['camera.saved:a', 'camera.saved:b', 'camera.saved:c']);
    expect(store.cameras.get('a')).toMatchObject({ name: 'Đổi tên', updatedBy: 'admin1' });
  });

  it('any bad row: a report of every bad row and nothing written; a dry run writes nothing either', () => {
    const { store, importer } = setup();
    const rows = [cameraInput('a'), { ...cameraInput('b'), kind: 'ufo' }, cameraInput('c'), cameraInput('a'), 42];
    const report = importer.importText({ format: 'json', text: JSON.stringify(rows) }, admin);
    expect(report).toMatchObject({ ok: true, value: { accepted: 0, created: 0, updated: 0, applied: false } });
    if (!report.ok) return;
    expect(report.value.errors.map((e) => [e.row, e.cameraId])).toEqual([
      [2, 'b'],
      [4, 'a'],
      [5, null],
    ]);
    expect(store.headSeq()).toBe(0);

    const dry = importer.importText({ format: 'json', text: JSON.stringify([cameraInput('a')]), dryRun: true }, admin);
    expect(dry).toEqual({ ok: true, value: { accepted: 1, created: 1, updated: 0, errors: [], applied: false } });
    expect(store.headSeq()).toBe(0);
  });

  it('a failure while writing undoes the rows before it; a non-admin is refused before anything is read', () => {
    const { store, importer, published } = setup();
    expect(importer.saveAll([cameraInput('q')], { id: 'op1', role: 'operator' })).toMatchObject({ ok: false, code: 'forbidden' });
    // The third row fails inside the transaction (as a full disk would).
    store.db.exec("CREATE TRIGGER refuse_c BEFORE INSERT ON cameras WHEN NEW.id = 'c' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const report = importer.saveAll([cameraInput('x1'), cameraInput('x2'), cameraInput('c')], admin);
    expect(report).toMatchObject({ ok: false, code: 'internal', message: expect.stringContaining('disk full') });
    expect(store.headSeq()).toBe(0);
    expect(store.cameras.list()).toEqual([]);
    expect(published).toEqual([]);
    expect(importer.saveAll([cameraInput('x1')], admin)).toMatchObject({ ok: true, value: { applied: true } });
    expect(store.headSeq()).toBe(1);
  });

  it('refuses unreadable input as a whole: bad JSON, not an array, no rows, too many rows, bad request shape', () => {
    const { importer } = setup();
    expect(parseCameraJson('{"oops"')).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('JSON') });
    expect(importer.importText({ format: 'json', text: '{"id":"a"}' }, admin)).toMatchObject({ ok: false, message: expect.stringContaining('array') });
    expect(importer.importText({ format: 'json', text: '[]' }, admin)).toMatchObject({ ok: false, message: expect.stringContaining('no cameras') });
    expect(importer.importText({ format: 'csv', text: `${CAMERA_CSV_COLUMNS.join(',')}\n` }, admin)).toMatchObject({ ok: false, message: expect.stringContaining('no cameras') });
    const many = JSON.stringify(Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => cameraInput(`c${i}`)));
    expect(importer.importText({ format: 'json', text: many }, admin)).toMatchObject({ ok: false, details: { rows: MAX_IMPORT_ROWS + 1, limit: MAX_IMPORT_ROWS } });
    expect(importer.importText({ format: 'xml', text: '<a/>' }, admin)).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('format') });
  });
});
