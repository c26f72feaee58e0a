import { isAbsolute, resolve } from 'node:path';
import { regionBounds, type BasemapInfo, type BasemapSetting, type Region } from '../../../src-shared/model/map.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import type { BasemapStore } from './basemap-store.js';
import { openMbtiles } from './mbtiles-source.js';
import { openPmtiles } from './pmtiles-source.js';
import { loadRegionFile } from './region-file.js';
import { boundsCenter } from './tile-metadata.js';
import type { TileSource } from './tile-source.js';

/**
 * This workstation's basemap: the region drawn by the map itself (the default), or a
 * local PMTiles/MBTiles file whose tiles the host reads for the map. Which one is
 * decided, in order, by a choice made on this workstation (kept in cache.db, so it
 * survives restarts), the profile's default, and the region. A file is opened and
 * checked before it replaces anything: a bad choice is an error and changes nothing.
 */

/** The region is drawn as vectors, so any zoom works; these bound what the map offers. */
export const REGION_MIN_ZOOM = 0;
export const REGION_MAX_ZOOM = 18;

export interface BasemapServiceOptions {
  store: BasemapStore;
  regionFile: string;
  /** The profile's basemap, used until someone chooses another on this workstation. */
  defaultSetting?: BasemapSetting | undefined;
  log?: (message: string) => void;
  now?: () => Date;
}

export interface BasemapService {
  region(): Promise<Result<Region>>;
  current(): Promise<Result<BasemapInfo>>;
  /** Opens and checks the new basemap, then switches to it and remembers it; `by` is the user's id. */
  set(setting: BasemapSetting, by: string | null): Promise<Result<BasemapInfo>>;
  /** A decompressed tile of the current tile file; null for the region or where the file has none. */
  tile(z: number, x: number, y: number): Promise<Result<Buffer | null>>;
  close(): Promise<void>;
}

async function openTileFile(setting: Exclude<BasemapSetting, { kind: 'region' }>): Promise<Result<TileSource>> {
  if (!isAbsolute(setting.path)) return fail('bad-request', `The basemap path must be absolute: ${setting.path}`, { path: setting.path });
  const file = resolve(setting.path);
  return setting.kind === 'pmtiles' ? openPmtiles(file) : openMbtiles(file);
}

export async function openBasemapService(options: BasemapServiceOptions): Promise<BasemapService> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const stored = options.store.get();
  let revision = stored?.revision ?? 1;
  let source: TileSource | null = null;
  let closed = false;

  let regionLoad: Promise<Result<Region>> | null = null;
  /** Read once; a failure is not kept, so a corrected file is picked up on the next call. */
  function region(): Promise<Result<Region>> {
    regionLoad ??= loadRegionFile(options.regionFile).then((result) => {
      if (!result.ok) regionLoad = null;
      return result;
    });
    return regionLoad;
  }

  async function describe(): Promise<Result<BasemapInfo>> {
    if (source) {
      const { info } = source;
      return ok({ kind: source.kind, path: source.path, revision, ...info });
    }
    const loaded = await region();
    if (!loaded.ok) return loaded;
    const bounds = regionBounds(loaded.value);
    return ok({
      kind: 'region',
      name: loaded.value.name,
      path: null,
      tileFormat: null,
      minzoom: REGION_MIN_ZOOM,
      maxzoom: REGION_MAX_ZOOM,
      bounds,
      center: boundsCenter(bounds),
      vectorLayers: [],
      attribution: loaded.value.attribution,
      revision,
    });
  }

  const initial = stored?.setting ?? options.defaultSetting;
  if (initial && initial.kind !== 'region') {
    const opened = await openTileFile(initial);
    if (opened.ok) {
      source = opened.value;
    } else {
      // The file may be on a share not mounted yet: show the region for now, keep the choice for the next start.
      log(`basemap ${initial.path} cannot be used (${opened.message}); showing the region instead`);
      revision += 1;
    }
  }

  // One change at a time, so two quick choices cannot both close the same file.
  let queue: Promise<unknown> = Promise.resolve();
  function serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    region,
    current: () => (closed ? Promise.resolve(fail('unavailable', 'The workstation host is closing')) : describe()),
    set(setting, by) {
      return serialised(async () => {
        if (closed) return fail('unavailable', 'The workstation host is closing');
        let next: TileSource | null = null;
        if (setting.kind === 'region') {
          const loaded = await region();
          if (!loaded.ok) return loaded;
        } else {
          const opened = await openTileFile(setting);
          if (!opened.ok) return opened;
          next = opened.value;
        }
        const remembered: BasemapSetting = next ? { kind: next.kind, path: next.path } : { kind: 'region' };
        try {
          options.store.put({ setting: remembered, revision: revision + 1, setBy: by, setAt: now().toISOString() });
        } catch (error) {
          await next?.close();
          return failureFromUnknown(error);
        }
        const previous = source;
        source = next;
        revision += 1;
        await previous?.close();
        return describe();
      });
    },
    async tile(z, x, y) {
      if (closed) return fail('unavailable', 'The workstation host is closing');
      const current = source;
      return current ? current.tile(z, x, y) : ok(null);
    },
    close() {
      closed = true;
      return serialised(async () => {
        const previous = source;
        source = null;
        await previous?.close();
      });
    },
  };
}
