import type { TilePayload } from '../../../src-shared/desktop-api.js';
import type { BasemapInfo, BasemapSetting, Region } from '../../../src-shared/model/map.js';
import { fail, type Failure, type Result } from '../../../src-shared/result.js';
import type { PointDisplayMode } from '../../surfaces/map/map-layer-spec.js';
import type { SliceCreator } from '../store-types.js';

export type MapTimeKind = 'hour' | 'shift' | 'day' | 'custom';

/** Which alerts the map shows: a window up to now, or a playback of the last hours. */
export interface MapTimeState {
  kind: MapTimeKind;
  /** For 'custom': epoch ms. */
  customFromMs: number | null;
  customToMs: number | null;
  playback: { hours: number; atMs: number; playing: boolean } | null;
}

export interface MapSlice {
  mapRegion: Region | null;
  basemap: BasemapInfo | null;
  mapStatus: 'idle' | 'loading' | 'ready' | 'error';
  mapError: Failure | null;
  /** Layer id → shown; layers not listed are shown. */
  mapLayerVisible: Record<string, boolean>;
  /** Layer id → points, clusters or heatmap; layers not listed use their default. */
  mapLayerMode: Record<string, PointDisplayMode>;
  mapTime: MapTimeState;
  loadMap(): Promise<void>;
  refreshBasemap(): Promise<void>;
  setBasemap(setting: BasemapSetting): Promise<Result<BasemapInfo>>;
  /** One tile of a tile-file basemap, read by the host (the map's tile protocol calls this). */
  fetchTile(coord: [number, number, number]): Promise<Result<TilePayload>>;
  setMapLayerVisible(layerId: string, visible: boolean): void;
  setMapLayerMode(layerId: string, mode: PointDisplayMode): void;
  setMapTime(time: Partial<MapTimeState>): void;
  clearMap(): void;
}

const INITIAL_TIME: MapTimeState = { kind: 'day', customFromMs: null, customToMs: null, playback: null };

export const createMapSlice: SliceCreator<MapSlice> = (set, get, { api }) => ({
  mapRegion: null,
  basemap: null,
  mapStatus: 'idle',
  mapError: null,
  mapLayerVisible: {},
  mapLayerMode: {},
  mapTime: INITIAL_TIME,

  async loadMap() {
    if (!api) return;
    if (get().mapStatus === 'idle') set({ mapStatus: 'loading' });
    const [region, basemap] = await Promise.all([api.map.region(), api.map.basemap()]);
    if (region.ok && basemap.ok) set({ mapRegion: region.value, basemap: basemap.value, mapStatus: 'ready', mapError: null });
    else set({ mapStatus: get().mapRegion ? 'ready' : 'error', mapError: !region.ok ? region : !basemap.ok ? basemap : null });
  },

  async refreshBasemap() {
    if (!api) return;
    const basemap = await api.map.basemap();
    if (basemap.ok) set({ basemap: basemap.value });
  },

  async setBasemap(setting) {
    if (!api) return fail('unavailable', 'No workstation host');
    const result = await api.map.setBasemap(setting);
    if (result.ok) set({ basemap: result.value, mapError: null });
    return result;
  },

  fetchTile(coord) {
    if (!api) return Promise.resolve(fail('unavailable', 'No workstation host'));
    return api.map.tile(coord);
  },

  setMapLayerVisible(layerId, visible) {
    set({ mapLayerVisible: { ...get().mapLayerVisible, [layerId]: visible } });
  },

  setMapLayerMode(layerId, mode) {
    set({ mapLayerMode: { ...get().mapLayerMode, [layerId]: mode } });
  },

  setMapTime(time) {
    set({ mapTime: { ...get().mapTime, ...time } });
  },

  clearMap() {
    set({ mapRegion: null, basemap: null, mapStatus: 'idle', mapError: null });
  },
});
