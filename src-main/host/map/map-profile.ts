import { dirname, resolve } from 'node:path';
import type { BasemapSetting } from '../../../src-shared/model/map.js';
import type { WorkstationProfile } from '../../../src-shared/workstation-profile.js';

/** The host options a profile's `map` section gives (see WorkstationHostOptions). */
export interface MapHostOptions {
  regionFile?: string;
  basemap?: BasemapSetting;
}

/**
 * The profile's map files as absolute paths. An installer writes paths next to the
 * profile (`"regionFile": "region.geojson"`), so relative ones are resolved against the
 * folder of the file the profile was read from; a profile without a file (the built-in
 * default, which never has a map section) resolves against the working folder.
 */
export function mapOptionsFromProfile(profile: Pick<WorkstationProfile, 'map'>, profileFile?: string | null): MapHostOptions {
  const map = profile.map;
  if (!map) return {};
  const base = profileFile ? dirname(resolve(profileFile)) : process.cwd();
  const options: MapHostOptions = {};
  if (map.regionFile) options.regionFile = resolve(base, map.regionFile);
  if (map.basemap) options.basemap = map.basemap.kind === 'region' ? map.basemap : { kind: map.basemap.kind, path: resolve(base, map.basemap.path) };
  return options;
}
