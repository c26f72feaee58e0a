import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/host/cache/migrations.js';
import { BasemapStore } from '../../../src-main/host/map/basemap-store.js';

describe('basemap store (cache.db migration 6)', () => {
  const dbs: Database.Database[] = [];
  afterEach(() => dbs.splice(0).forEach((db) => db.close()));
  const fresh = (upTo?: number) => {
    const db = new Database(':memory:');
    dbs.push(db);
    migrate(db, upTo);
    return db;
  };

  it('6 adds map_basemap, one row at most, and keeps what was there', () => {
    const db = fresh(5);
    db.prepare("INSERT INTO wall_displays (id, data) VALUES ('wall-1', '{}')").run();
    expect(migrate(db, 6)).toBe(6);
    expect((db.prepare('PRAGMA table_info(map_basemap)').all() as { name: string }[]).map((c) => c.name)).toEqual(['id', 'setting', 'revision', 'set_by', 'set_at']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM wall_displays').get()).toEqual({ n: 1 });
    expect(() => db.prepare("INSERT INTO map_basemap (id, setting, revision, set_at) VALUES (2, '{}', 1, 'now')").run()).toThrow(/CHECK/);
  });

  it('is empty until someone chooses; the last choice wins', () => {
    const store = new BasemapStore(fresh());
    expect(store.get()).toBeNull();
    store.put({ setting: { kind: 'pmtiles', path: '/data/hg.pmtiles' }, revision: 2, setBy: 'sup1', setAt: '2025-01-01T00:00:00.000Z' });
    store.put({ setting: { kind: 'region' }, revision: 3, setBy: null, setAt: '2025-01-02T00:00:00.000Z' });
    expect(store.get()).toEqual({ setting: { kind: 'region' }, revision: 3, setBy: null, setAt: '2025-01-02T00:00:00.000Z' });
  });

  it('ignores a row that no longer parses, so the default applies', () => {
    const db = fresh();
    const store = new BasemapStore(db);
    db.prepare("INSERT INTO map_basemap (id, setting, revision, set_at) VALUES (1, '{\"kind\":\"geotiff\"}', 4, 'now')").run();
    expect(store.get()).toBeNull();
    db.prepare("UPDATE map_basemap SET setting = 'not json'").run();
    expect(store.get()).toBeNull();
  });
});
