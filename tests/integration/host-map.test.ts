import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Database from 'better-sqlite3';
import { PbfReader } from 'pbf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInvokeDispatcher } from '../../src-shared/desktop-api-dispatch.js';
import { eventChannel, type BasemapChanged } from '../../src-shared/desktop-api.js';
import { regionBounds, type BasemapInfo, type BasemapSetting } from '../../src-shared/model/map.js';
import type { Result } from '../../src-shared/result.js';
import { makeTempDir, TestRig, type TestHost } from '../support/host-harness.js';
import {
  HAU_GIANG_BOUNDS,
  sampleBasemapLayers,
  solidPng,
  tileKey,
  tmsRow,
  writeMbtiles,
  writePmtiles,
  type WrittenTileSet,
} from '../support/tile-fixtures.js';

/**
 * The operations map's host side through a real host: the region file, the basemap
 * choice (profile default, a supervisor's choice kept in cache.db across restarts) and
 * tiles read from real MBTiles and PMTiles files made by the fixtures.
 */

const REGION = {
  type: 'FeatureCollection',
  name: 'Hậu Giang (thử nghiệm)',
  approximate: true,
  attribution: 'Vigil test',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[105.4, 9.6], [105.85, 9.6], [105.85, 10.0], [105.4, 10.0], [105.4, 9.6]]] },
      properties: { role: 'boundary', name: 'Hậu Giang' },
    },
    {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[105.47, 9.78], [105.69, 9.95]] },
      properties: { role: 'road', name: 'QL61', kind: 'national' },
    },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [105.47, 9.78] }, properties: { role: 'place', name: 'Vị Thanh' } },
  ],
};

const LAYER_NAMES = ['land', 'water', 'roads', 'places'];

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

function decodeTile(base64: string | null): Buffer {
  expect(base64).toEqual(expect.any(String));
  return Buffer.from(base64!, 'base64');
}

describe('host operations map', () => {
  let rig: TestRig;
  let dir: string;
  let regionFile: string;
  let mbtiles: WrittenTileSet;
  let pmtiles: WrittenTileSet;
  let raster: WrittenTileSet;

  beforeAll(async () => {
    rig = await TestRig.start();
    dir = makeTempDir('vigil-map-');
    regionFile = join(dir, 'region.geojson');
    writeFileSync(regionFile, JSON.stringify(REGION));
    const layers = sampleBasemapLayers();
    mbtiles = writeMbtiles(join(dir, 'hau-giang.mbtiles'), { layers, bounds: HAU_GIANG_BOUNDS, minzoom: 6, maxzoom: 10, name: 'Hậu Giang MBTiles', attribution: '<a href="https://example.org">© Vigil</a>' });
    pmtiles = writePmtiles(join(dir, 'hau-giang.pmtiles'), { layers, bounds: HAU_GIANG_BOUNDS, minzoom: 5, maxzoom: 11, name: 'Hậu Giang PMTiles' });
    raster = writePmtiles(join(dir, 'raster.pmtiles'), { raster: {}, bounds: HAU_GIANG_BOUNDS, minzoom: 6, maxzoom: 9, name: 'Ảnh nền' });
  });
  afterAll(async () => {
    await rig?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close().catch(() => undefined);
  });

  async function host(options: Parameters<TestRig['addHost']>[0] = {}): Promise<TestHost> {
    const h = await rig.addHost({ regionFile, ...options });
    hosts.push(h);
    return h;
  }

  function basemapPushes(h: TestHost): BasemapInfo[] {
    const seen: BasemapInfo[] = [];
    h.host.onPush((channel, payload) => {
      if (channel === eventChannel('map', 'onDidChangeBasemap')) seen.push((payload as BasemapChanged).basemap);
    });
    return seen;
  }

  async function expectVectorTile(h: TestHost, set: WrittenTileSet, [z, x, y]: [number, number, number]): Promise<string[]> {
    const bytes = decodeTile(value(await h.host.handlers.map.tile([z, x, y])));
    expect(bytes.equals(set.tiles.get(tileKey(z, x, y))!)).toBe(true);
    const tile = new VectorTile(new PbfReader(bytes));
    const names = Object.keys(tile.layers);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(LAYER_NAMES).toContain(name);
    return names;
  }

  it('serves the configured region, validated, and draws it as the default basemap', async () => {
    const h = await host();
    // No login needed: a map on a wall monitor shows the province before anyone signs in.
    const region = value(await h.host.handlers.map.region());
    expect(region.name).toBe('Hậu Giang (thử nghiệm)');
    expect(region.approximate).toBe(true);
    expect(region.features).toHaveLength(3);
    expect(region.features[1]!.properties).toMatchObject({ role: 'road', name: 'QL61', kind: 'national' });
    expect(region.features[2]!.properties).toMatchObject({ role: 'place', kind: '' }); // defaults filled in

    const basemap = value(await h.host.handlers.map.basemap());
    expect(basemap).toMatchObject({ kind: 'region', name: region.name, path: null, tileFormat: null, vectorLayers: [], attribution: 'Vigil test' });
    expect(basemap.bounds).toEqual(regionBounds(region));
    expect(basemap.center[0]).toBeCloseTo(105.625);
    expect(basemap.revision).toBeGreaterThanOrEqual(1);
    expect(value(await h.host.handlers.map.tile([8, 202, 121]))).toBeNull();
  });

  it('without a region file of its own, a workstation gets the shipped demo region (approximate Hậu Giang)', async () => {
    const h = await host({ regionFile: undefined });
    const region = value(await h.host.handlers.map.region());
    expect(region).toMatchObject({ approximate: true, name: expect.stringMatching(/Hậu Giang/) });
    expect(region.features.some((f) => f.properties.role === 'boundary')).toBe(true);
    expect(value(await h.host.handlers.map.basemap())).toMatchObject({ kind: 'region', name: region.name });
  });

  it('names what is wrong with a bad region file, and the host still works', async () => {
    const noBoundary = join(dir, 'no-boundary.geojson');
    writeFileSync(noBoundary, JSON.stringify({ ...REGION, features: REGION.features.slice(1) }));
    const badRole = join(dir, 'bad-role.geojson');
    writeFileSync(badRole, JSON.stringify({ ...REGION, features: [...REGION.features, { ...REGION.features[2], properties: { role: 'volcano' } }] }));
    const notJson = join(dir, 'not-json.geojson');
    writeFileSync(notJson, '{"type": "FeatureCollection", ');

    const cases: [string, string, RegExp][] = [
      [noBoundary, 'bad-request', /features: a region needs at least one feature with role "boundary"/],
      [badRole, 'bad-request', /features\[3\]\.properties\.role/],
      [notJson, 'bad-request', /not valid JSON/],
      [join(dir, 'missing.geojson'), 'not-found', /missing\.geojson does not exist/],
      [dir, 'bad-request', /not a regular file/],
    ];
    for (const [file, code, message] of cases) {
      const h = await host({ regionFile: file });
      const region = await h.host.handlers.map.region();
      expect(region, file).toMatchObject({ ok: false, code });
      expect(!region.ok && region.message).toMatch(message);
      // The region basemap cannot be drawn either; the rest of the host is unaffected.
      expect(await h.host.handlers.map.basemap()).toMatchObject({ ok: false, code });
      await h.login('op1');
      expect(await h.host.handlers.alerts.list({})).toMatchObject({ ok: true });
      await h.close();
    }
  });

  it('a supervisor switches to an MBTiles basemap: metadata, vector tiles, TMS rows, missing tiles', async () => {
    const h = await host();
    await h.login('sup1');
    const pushes = basemapPushes(h);
    const before = value(await h.host.handlers.map.basemap());

    const info = value(await h.host.handlers.map.setBasemap({ kind: 'mbtiles', path: mbtiles.path }));
    expect(info).toMatchObject({
      kind: 'mbtiles',
      name: 'Hậu Giang MBTiles',
      path: mbtiles.path,
      tileFormat: 'pbf',
      minzoom: 6,
      maxzoom: 10,
      bounds: HAU_GIANG_BOUNDS,
      attribution: '© Vigil', // markup stripped
      revision: before.revision + 1,
    });
    expect(info.center[0]).toBeCloseTo(mbtiles.center[0]);
    expect(info.vectorLayers).toEqual([
      { id: 'land', fields: ['class', 'name'] },
      { id: 'water', fields: ['class', 'name'] },
      { id: 'roads', fields: ['class', 'ref', 'name'] },
      { id: 'places', fields: ['class', 'name', 'rank'] },
    ]);
    expect(pushes).toEqual([info]);
    expect(value(await h.host.handlers.map.basemap())).toEqual(info);

    // Every tile the file holds comes back decompressed (the file stores them gzipped), where the map asks for it.
    for (const key of mbtiles.tiles.keys()) {
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      await expectVectorTile(h, mbtiles, [z, x, y]);
    }
    const [z, x, y] = mbtiles.someTile();
    const names = await expectVectorTile(h, mbtiles, [z, x, y]);
    expect(names).toEqual(expect.arrayContaining(['land', 'roads']));
    // The TMS row of that tile is another tile (in the southern hemisphere): nothing there.
    expect(tmsRow(z, y)).not.toBe(y);
    expect(value(await h.host.handlers.map.tile([z, x, tmsRow(z, y)]))).toBeNull();
    // Outside the file's area and zooms: null, not an error.
    expect(value(await h.host.handlers.map.tile([z, 0, 0]))).toBeNull();
    expect(value(await h.host.handlers.map.tile([12, 3245, 1935]))).toBeNull();
    expect(value(await h.host.handlers.map.tile([0, 0, 0]))).toBeNull();
  });

  it('reads PMTiles vector and raster archives, and tiles stored without compression', async () => {
    const h = await host();
    await h.login('sup1');
    const info = value(await h.host.handlers.map.setBasemap({ kind: 'pmtiles', path: pmtiles.path }));
    expect(info).toMatchObject({ kind: 'pmtiles', name: 'Hậu Giang PMTiles', path: pmtiles.path, tileFormat: 'pbf', minzoom: 5, maxzoom: 11, attribution: '' });
    info.bounds.forEach((v, i) => expect(v).toBeCloseTo(HAU_GIANG_BOUNDS[i]!, 5));
    expect(info.vectorLayers.map((l) => l.id)).toEqual(LAYER_NAMES);
    for (const key of pmtiles.tiles.keys()) {
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      await expectVectorTile(h, pmtiles, [z, x, y]);
    }
    const [z, x, y] = pmtiles.someTile();
    expect(value(await h.host.handlers.map.tile([z, x, tmsRow(z, y)]))).toBeNull();
    expect(value(await h.host.handlers.map.tile([4, 12, 7]))).toBeNull(); // below minzoom

    const plain = writePmtiles(join(dir, 'plain.pmtiles'), { layers: sampleBasemapLayers(), minzoom: 8, maxzoom: 9 }, { internalCompression: 'none', tileCompression: 'none' });
    expect(value(await h.host.handlers.map.setBasemap({ kind: 'pmtiles', path: plain.path })).revision).toBe(info.revision + 1);
    await expectVectorTile(h, plain, plain.someTile());

    const rasterInfo = value(await h.host.handlers.map.setBasemap({ kind: 'pmtiles', path: raster.path }));
    expect(rasterInfo).toMatchObject({ tileFormat: 'png', vectorLayers: [], name: 'Ảnh nền', minzoom: 6, maxzoom: 9 });
    const [rz, rx, ry] = raster.someTile();
    const png = decodeTile(value(await h.host.handlers.map.tile([rz, rx, ry])));
    expect(png.equals(raster.tiles.get(tileKey(rz, rx, ry))!)).toBe(true);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    // Back to the region: no tiles from the host any more.
    expect(value(await h.host.handlers.map.setBasemap({ kind: 'region' }))).toMatchObject({ kind: 'region', path: null });
    expect(value(await h.host.handlers.map.tile([rz, rx, ry]))).toBeNull();
  });

  it('keeps the chosen basemap across a restart; the profile default applies only until someone chooses', async () => {
    const dataDir = makeTempDir('vigil-map-host-');
    try {
      const profileDefault: BasemapSetting = { kind: 'pmtiles', path: pmtiles.path };
      const first = await host({ dataDir, basemap: profileDefault });
      expect(value(await first.host.handlers.map.basemap())).toMatchObject({ kind: 'pmtiles', path: pmtiles.path });
      await first.login('sup1');
      const chosen = value(await first.host.handlers.map.setBasemap({ kind: 'mbtiles', path: mbtiles.path }));
      await first.close();

      const second = await host({ dataDir, basemap: profileDefault, workstationId: first.workstationId });
      const after = value(await second.host.handlers.map.basemap());
      expect(after).toEqual(chosen);
      await expectVectorTile(second, mbtiles, mbtiles.someTile());

      // Choosing the region is a choice too: the profile's file does not come back.
      await second.login('sup1');
      const region = value(await second.host.handlers.map.setBasemap({ kind: 'region' }));
      await second.close();
      const third = await host({ dataDir, basemap: profileDefault, workstationId: first.workstationId });
      expect(value(await third.host.handlers.map.basemap())).toEqual(region);
      await third.close();

      // A chosen file gone missing: the region is shown (revision bumped), the choice is kept for when it returns.
      const movable = join(dir, 'movable.mbtiles');
      copyFileSync(mbtiles.path, movable);
      const fourth = await host({ dataDir, workstationId: first.workstationId });
      await fourth.login('sup1');
      const moved = value(await fourth.host.handlers.map.setBasemap({ kind: 'mbtiles', path: movable }));
      await fourth.close();
      rmSync(movable);
      const fifth = await host({ dataDir, workstationId: first.workstationId });
      const fallback = value(await fifth.host.handlers.map.basemap());
      expect(fallback).toMatchObject({ kind: 'region' });
      expect(fallback.revision).toBeGreaterThan(moved.revision);
      await fifth.close();
      copyFileSync(mbtiles.path, movable);
      const sixth = await host({ dataDir, workstationId: first.workstationId });
      expect(value(await sixth.host.handlers.map.basemap())).toMatchObject({ kind: 'mbtiles', path: movable });
    } finally {
      for (const h of hosts.splice(0)) await h.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an operator may not change the basemap, nor may anyone logged out; nothing changes', async () => {
    const h = await host({ basemap: { kind: 'mbtiles', path: mbtiles.path } });
    const pushes = basemapPushes(h);
    const before = value(await h.host.handlers.map.basemap());
    expect(await h.host.handlers.map.setBasemap({ kind: 'pmtiles', path: pmtiles.path })).toMatchObject({ ok: false, code: 'unauthorized' });
    await h.login('op1');
    const refused = await h.host.handlers.map.setBasemap({ kind: 'pmtiles', path: pmtiles.path });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
    expect(!refused.ok && refused.message).toMatch(/supervisor/);
    expect(value(await h.host.handlers.map.basemap())).toEqual(before);
    expect(pushes).toEqual([]);
    // Reading is for everyone.
    await expectVectorTile(h, mbtiles, mbtiles.someTile());
  });

  it('refuses missing, mistaken and corrupt files with a clear error and keeps the current basemap', async () => {
    const h = await host();
    await h.login('sup1');
    const current = value(await h.host.handlers.map.setBasemap({ kind: 'pmtiles', path: pmtiles.path }));
    const pushes = basemapPushes(h);

    const text = join(dir, 'notes.pmtiles');
    writeFileSync(text, 'Bản đồ nền: hỏi anh Tuấn phòng kỹ thuật\n');
    const png = join(dir, 'picture.pmtiles');
    writeFileSync(png, solidPng([10, 20, 30], 16));
    const truncated = join(dir, 'truncated.pmtiles');
    writeFileSync(truncated, readFileSync(pmtiles.path).subarray(0, 400));
    const badDirectory = join(dir, 'bad-directory.pmtiles');
    const broken = Buffer.from(readFileSync(pmtiles.path));
    broken.fill(0x55, 127 + 10, 127 + 20); // inside the gzipped root directory
    writeFileSync(badDirectory, broken);
    const version2 = join(dir, 'v2.pmtiles');
    const v2 = Buffer.from(readFileSync(pmtiles.path));
    v2[7] = 2;
    writeFileSync(version2, v2);
    const emptySqlite = join(dir, 'empty.mbtiles');
    new Database(emptySqlite).exec('CREATE TABLE notes (x TEXT)').close();
    const noTiles = join(dir, 'no-tiles.mbtiles');
    new Database(noTiles).exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)').close();
    const oddFormat = join(dir, 'odd-format.mbtiles');
    copyFileSync(mbtiles.path, oddFormat);
    new Database(oddFormat).exec("UPDATE metadata SET value = 'geojson' WHERE name = 'format'").close();

    const cases: [BasemapSetting, string, RegExp][] = [
      [{ kind: 'pmtiles', path: join(dir, 'nowhere.pmtiles') }, 'not-found', /nowhere\.pmtiles does not exist/],
      [{ kind: 'mbtiles', path: join(dir, 'nowhere.mbtiles') }, 'not-found', /nowhere\.mbtiles does not exist/],
      [{ kind: 'pmtiles', path: 'relative/hau-giang.pmtiles' }, 'bad-request', /must be absolute/],
      [{ kind: 'pmtiles', path: dir }, 'bad-request', /not a regular file/],
      [{ kind: 'pmtiles', path: text }, 'bad-request', /is a text file, not a PMTiles archive/],
      [{ kind: 'pmtiles', path: png }, 'bad-request', /is a PNG image, not a PMTiles archive/],
      [{ kind: 'pmtiles', path: mbtiles.path }, 'bad-request', /SQLite database \(.*MBTiles file\?\), not a PMTiles archive/],
      [{ kind: 'mbtiles', path: pmtiles.path }, 'bad-request', /is a PMTiles archive, not an MBTiles file/],
      [{ kind: 'mbtiles', path: text }, 'bad-request', /is a text file, not an MBTiles file/],
      [{ kind: 'pmtiles', path: truncated }, 'bad-request', /truncated or corrupt/],
      [{ kind: 'pmtiles', path: badDirectory }, 'bad-request', /not a readable PMTiles archive/],
      [{ kind: 'pmtiles', path: version2 }, 'bad-request', /version 2; only version 3/],
      [{ kind: 'mbtiles', path: emptySqlite }, 'bad-request', /without metadata and tiles: not an MBTiles file/],
      [{ kind: 'mbtiles', path: noTiles }, 'bad-request', /has no tiles/],
      [{ kind: 'mbtiles', path: oddFormat }, 'bad-request', /holds "geojson" tiles/],
    ];
    for (const [setting, code, message] of cases) {
      const result = await h.host.handlers.map.setBasemap(setting);
      expect(result, JSON.stringify(setting)).toMatchObject({ ok: false, code });
      expect(!result.ok && result.message, JSON.stringify(setting)).toMatch(message);
    }
    expect(value(await h.host.handlers.map.basemap())).toEqual(current);
    expect(pushes).toEqual([]);
    await expectVectorTile(h, pmtiles, pmtiles.someTile());
  });

  it('through the bridge dispatcher: the manifest refuses bad coordinates and settings before the host sees them', async () => {
    const h = await host();
    const dispatch = createInvokeDispatcher(h.host.handlers);
    expect(await dispatch('vigil:map:tile', [[2, 4, 0]])).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await dispatch('vigil:map:tile', [[25, 0, 0]])).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await dispatch('vigil:map:setBasemap', [{ kind: 'geotiff', path: '/x' }])).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await dispatch('vigil:map:tile', [[8, 202, 121]])).toEqual({ ok: true, value: null });
    expect(await dispatch('vigil:map:region', [])).toMatchObject({ ok: true, value: { name: REGION.name } });
  });
});
