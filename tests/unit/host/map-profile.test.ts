import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapOptionsFromProfile } from '../../../src-main/host/map/map-profile.js';
import { parseWorkstationProfile } from '../../../src-main/host/profile-loader.js';

const BASE = {
  workstationId: 'ioc-map-1',
  name: 'Bàn bản đồ',
  serverUrl: 'http://10.0.0.5:4600',
  displays: [{ match: { index: 0 }, surface: 'map' }],
};

describe('the profile map section', () => {
  it('is optional, and checks the basemap setting', () => {
    expect(parseWorkstationProfile(BASE, 'p.json')).toMatchObject({ ok: true });
    const withMap = parseWorkstationProfile({ ...BASE, map: { regionFile: 'region.geojson', basemap: { kind: 'mbtiles', path: 'tiles/hg.mbtiles' } } }, 'p.json');
    expect(withMap).toMatchObject({ ok: true, value: { map: { regionFile: 'region.geojson', basemap: { kind: 'mbtiles', path: 'tiles/hg.mbtiles' } } } });
    const bad = parseWorkstationProfile({ ...BASE, map: { basemap: { kind: 'geotiff', path: 'x' } } }, 'p.json');
    expect(bad).toMatchObject({ ok: false, code: 'bad-request' });
    expect(!bad.ok && bad.message).toMatch(/map\.basemap/);
  });

  it('resolves relative paths against the profile file’s folder, keeps absolute ones', () => {
    const profileFile = join('/etc', 'vigil', 'workstation.json');
    expect(mapOptionsFromProfile({ map: { regionFile: 'region.geojson', basemap: { kind: 'pmtiles', path: '../tiles/hg.pmtiles' } } }, profileFile)).toEqual({
      regionFile: resolve('/etc/vigil/region.geojson'),
      basemap: { kind: 'pmtiles', path: resolve('/etc/tiles/hg.pmtiles') },
    });
    expect(mapOptionsFromProfile({ map: { basemap: { kind: 'mbtiles', path: '/srv/hg.mbtiles' } } }, profileFile)).toEqual({ basemap: { kind: 'mbtiles', path: resolve('/srv/hg.mbtiles') } });
    expect(mapOptionsFromProfile({ map: { basemap: { kind: 'region' } } }, profileFile)).toEqual({ basemap: { kind: 'region' } });
    expect(mapOptionsFromProfile({}, profileFile)).toEqual({});
  });
});
