import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeSignature, fileSignature } from '../../../src-main/host/map/file-signature.js';
import { decompressTile } from '../../../src-main/host/map/tile-bytes.js';
import {
  attributionText,
  parseBounds,
  parseCenter,
  parseVectorLayers,
  parseZoom,
  tileFormatFromName,
  vectorLayersFromJsonText,
} from '../../../src-main/host/map/tile-metadata.js';
import { solidPng } from '../../support/tile-fixtures.js';

describe('tile file metadata', () => {
  it('reads tile formats under the names producers use', () => {
    expect(['pbf', 'mvt', 'PBF', 'application/x-protobuf'].map(tileFormatFromName)).toEqual(['pbf', 'pbf', 'pbf', 'pbf']);
    expect(['png', 'jpg', 'jpeg', 'webp', 'image/jpeg'].map(tileFormatFromName)).toEqual(['png', 'jpg', 'jpg', 'webp', 'jpg']);
    expect([undefined, null, '', 'geojson', 'avif'].map(tileFormatFromName)).toEqual([null, null, null, null, null]);
  });

  it('reads bounds, centres and zooms as strings or numbers, and rejects nonsense', () => {
    expect(parseBounds('105.35,9.55,105.9,10.02')).toEqual([105.35, 9.55, 105.9, 10.02]);
    expect(parseBounds([105.35, 9.55, 105.9, 10.02])).toEqual([105.35, 9.55, 105.9, 10.02]);
    expect(parseBounds(' -180, -85.05 ,180,85.05')).toEqual([-180, -85.05, 180, 85.05]);
    for (const bad of ['1,2,3', '105.9,9.55,105.35,10.02', '0,0,0,0', 'a,b,c,d', '-181,0,1,1', null, 42]) expect(parseBounds(bad)).toBeNull();
    expect(parseCenter('105.6,9.8,10')).toEqual([105.6, 9.8]);
    expect(parseCenter([105.6, 9.8])).toEqual([105.6, 9.8]);
    expect(parseCenter('200,9')).toBeNull();
    expect(parseCenter('1')).toBeNull();
    expect([parseZoom('14'), parseZoom(0), parseZoom('1.5'), parseZoom(25), parseZoom(''), parseZoom(undefined)]).toEqual([14, 0, null, null, null, null]);
  });

  it('reads vector_layers tolerantly: ids kept, fields as names, junk skipped', () => {
    expect(
      parseVectorLayers([
        { id: 'water', fields: { class: 'String', name: 'String' } },
        { id: 'roads' },
        { id: 'bad', fields: ['x'] },
        { fields: { a: 'String' } },
        'junk',
        null,
      ]),
    ).toEqual([
      { id: 'water', fields: ['class', 'name'] },
      { id: 'roads', fields: [] },
      { id: 'bad', fields: [] },
    ]);
    expect(parseVectorLayers({ id: 'x' })).toEqual([]);
    expect(vectorLayersFromJsonText('{"vector_layers":[{"id":"land","fields":{"class":"String"}}]}')).toEqual([{ id: 'land', fields: ['class'] }]);
    expect(vectorLayersFromJsonText('{not json')).toEqual([]);
    expect(vectorLayersFromJsonText(null)).toEqual([]);
  });

  it('turns attribution markup into plain text', () => {
    expect(attributionText('<a href="https://openstreetmap.org/copyright">&copy; OpenStreetMap</a> <b>contributors</b>')).toBe('© OpenStreetMap contributors');
    expect(attributionText('<script>alert(1)</script>Vigil')).toBe('alert(1)Vigil');
    expect(attributionText(7)).toBe('');
  });
});

describe('tile bytes', () => {
  it('gunzips gzipped tiles and passes others through', () => {
    const pbf = Buffer.from([0x1a, 0x05, 0x0a, 0x03, 0x61, 0x62, 0x63]);
    expect(decompressTile(gzipSync(pbf))).toEqual({ ok: true, value: pbf });
    expect(decompressTile(pbf)).toEqual({ ok: true, value: pbf });
    const png = solidPng([1, 2, 3], 8);
    expect(decompressTile(new Uint8Array(png))).toEqual({ ok: true, value: png });
  });

  it('refuses a tile that inflates past the cap, and corrupt gzip', () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(10_000);
    expect(decompressTile(bomb, 1024 * 1024)).toMatchObject({ ok: false, code: 'payload-too-large' });
    expect(decompressTile(Buffer.alloc(2048), 1024)).toMatchObject({ ok: false, code: 'payload-too-large' });
    expect(decompressTile(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]))).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringMatching(/corrupt/) });
  });
});

describe('file signatures', () => {
  it('names files by their first bytes', () => {
    const cases: [Buffer, string][] = [
      [Buffer.from('SQLite format 3\0rest'), 'an SQLite database'],
      [Buffer.from('PMTiles\x03'), 'a PMTiles archive'],
      [solidPng([0, 0, 0], 4), 'a PNG image'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a JPEG image'],
      [Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'a WebP image'],
      [gzipSync(Buffer.from('x')), 'a gzip-compressed file'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'a ZIP archive'],
      [Buffer.from('\uFEFF  {"type":"FeatureCollection"}'), 'a JSON file'],
      [Buffer.from('Bản đồ nền\n'), 'a text file'],
      [Buffer.alloc(0), 'an empty file'],
      [Buffer.from([0x00, 0x01, 0x02]), 'a file of unknown type'],
    ];
    for (const [head, description] of cases) expect(describeSignature(fileSignature(head))).toBe(description);
  });
});
