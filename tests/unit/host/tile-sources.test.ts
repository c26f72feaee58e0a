import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemapService } from '../../../src-main/host/map/basemap-service.js';
import { BasemapStore } from '../../../src-main/host/map/basemap-store.js';
import { openMbtiles } from '../../../src-main/host/map/mbtiles-source.js';
import { openPmtiles } from '../../../src-main/host/map/pmtiles-source.js';
import { HAU_GIANG_BOUNDS, sampleBasemapLayers, tileKey, writeMbtiles, writePmtiles, type WrittenTileSet } from '../../support/tile-fixtures.js';
import { openTestCache, tempDir } from './fixtures.js';

/** The file readers on their own: older and odder files than the integration test's. */
describe('tile sources', () => {
  let t: { dir: string; cleanup(): void };
  let vector: WrittenTileSet;
  beforeAll(() => {
    t = tempDir('vigil-tiles-');
    vector = writePmtiles(join(t.dir, 'v.pmtiles'), { layers: sampleBasemapLayers(), bounds: HAU_GIANG_BOUNDS, minzoom: 7, maxzoom: 9 });
  });
  afterAll(() => t.cleanup());

  it('MBTiles without format, zoom or bounds rows: the tiles tell', async () => {
    const file = join(t.dir, 'old.mbtiles');
    const set = writeMbtiles(file, { layers: sampleBasemapLayers(), minzoom: 7, maxzoom: 9 });
    const db = new Database(file);
    db.exec("DELETE FROM metadata WHERE name IN ('format', 'minzoom', 'maxzoom', 'bounds', 'center', 'name')");
    db.close();
    const source = await openMbtiles(file);
    expect(source).toMatchObject({ ok: true, value: { info: { tileFormat: 'pbf', minzoom: 7, maxzoom: 9, name: 'old.mbtiles', bounds: [-180, -85.051129, 180, 85.051129], center: [0, 0] } } });
    if (!source.ok) return;
    const [z, x, y] = set.someTile();
    expect(await source.value.tile(z, x, y)).toEqual({ ok: true, value: set.tiles.get(tileKey(z, x, y)) });
    await source.value.close();
    expect(await source.value.tile(z, x, y)).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('MBTiles with uncompressed vector tiles and a raster MBTiles', async () => {
    const plain = writeMbtiles(join(t.dir, 'plain.mbtiles'), { layers: sampleBasemapLayers(), minzoom: 8, maxzoom: 8 }, { gzip: false });
    const source = await openMbtiles(plain.path);
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    const [z, x, y] = plain.someTile();
    expect(await source.value.tile(z, x, y)).toEqual({ ok: true, value: plain.tiles.get(tileKey(z, x, y)) });
    await source.value.close();

    const raster = writeMbtiles(join(t.dir, 'raster.mbtiles'), { raster: {}, bounds: HAU_GIANG_BOUNDS, minzoom: 7, maxzoom: 8 });
    const rasterSource = await openMbtiles(raster.path);
    expect(rasterSource).toMatchObject({ ok: true, value: { info: { tileFormat: 'png', vectorLayers: [] } } });
    await (rasterSource.ok && rasterSource.value.close());
  });

  it('MBTiles whose tiles table lacks the standard columns is refused', async () => {
    const file = join(t.dir, 'odd.mbtiles');
    const db = new Database(file);
    db.exec("CREATE TABLE metadata (name TEXT, value TEXT); INSERT INTO metadata VALUES ('format', 'png'), ('minzoom', '0'), ('maxzoom', '2'); CREATE TABLE tiles (z INTEGER, data BLOB)");
    db.close();
    expect(await openMbtiles(file)).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringMatching(/not a readable MBTiles file: no such column/) });
  });

  it('a tile that is a gzip bomb is refused, not inflated', async () => {
    const file = join(t.dir, 'bomb.mbtiles');
    const set = writeMbtiles(file, { layers: sampleBasemapLayers(), minzoom: 8, maxzoom: 8 });
    const [z, x, y] = set.someTile();
    const db = new Database(file);
    db.prepare('UPDATE tiles SET tile_data = ? WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').run(gzipSync(Buffer.alloc(20 * 1024 * 1024)), z, x, 2 ** z - 1 - y);
    db.close();
    const source = await openMbtiles(file);
    if (!source.ok) throw new Error(source.message);
    expect(await source.value.tile(z, x, y)).toMatchObject({ ok: false, code: 'payload-too-large' });
    await source.value.close();
  });

  it('PMTiles metadata that is not JSON is a clear error', async () => {
    const written = writePmtiles(join(t.dir, 'meta.pmtiles'), { layers: sampleBasemapLayers(), minzoom: 8, maxzoom: 8 }, { internalCompression: 'none' });
    const archive = readFileSync(written.path);
    const metadataOffset = Number(archive.readBigUInt64LE(24));
    archive.write('#', metadataOffset, 'latin1');
    const broken = join(t.dir, 'meta-broken.pmtiles');
    writeFileSync(broken, archive);
    expect(await openPmtiles(broken)).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringMatching(/not a readable PMTiles archive: .*JSON/) });
  });

  it('the basemap service takes one change at a time, in order', async () => {
    const cache = openTestCache();
    try {
      const other = writeMbtiles(join(t.dir, 'other.mbtiles'), { layers: sampleBasemapLayers(), minzoom: 7, maxzoom: 8 });
      const regionFile = join(t.dir, 'region.geojson');
      writeFileSync(regionFile, JSON.stringify({ type: 'FeatureCollection', name: 'R', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [105.5, 9.8] }, properties: { role: 'boundary' } }] }));
      const service = await openBasemapService({ store: new BasemapStore(cache.db), regionFile });
      const start = await service.current();
      if (!start.ok) throw new Error(start.message);
      const [a, b, c] = await Promise.all([
        service.set({ kind: 'pmtiles', path: vector.path }, 'u1'),
        service.set({ kind: 'mbtiles', path: join(t.dir, 'missing.mbtiles') }, 'u1'),
        service.set({ kind: 'mbtiles', path: other.path }, 'u1'),
      ]);
      expect(a).toMatchObject({ ok: true, value: { kind: 'pmtiles', revision: start.value.revision + 1 } });
      expect(b).toMatchObject({ ok: false, code: 'not-found' });
      expect(c).toMatchObject({ ok: true, value: { kind: 'mbtiles', revision: start.value.revision + 2 } });
      expect(await service.current()).toMatchObject({ ok: true, value: { kind: 'mbtiles', path: other.path } });
      await service.close();
      expect(await service.tile(8, 202, 121)).toMatchObject({ ok: false, code: 'unavailable' });
    } finally {
      cache.cleanup();
    }
  });
});
