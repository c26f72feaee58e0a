import { createStore } from 'zustand/vanilla';
import { createAlertsSlice } from './slices/alerts-slice.js';
import { createCamerasSlice } from './slices/cameras-slice.js';
import { createDirectorySlice } from './slices/directory-slice.js';
import { createSessionSlice } from './slices/session-slice.js';
import { createSyncSlice } from './slices/sync-slice.js';
import { createUiSlice } from './slices/ui-slice.js';
import { createWallSlice } from './slices/wall-slice.js';
import { createMapSlice } from './slices/map-slice.js';
import { createReportsSlice } from './slices/reports-slice.js';
import { createKpiSlice } from './slices/kpi-slice.js';
import type { AppState, AppStore, StoreDeps } from './store-types.js';

export type { AppState, AppStore, StoreDeps } from './store-types.js';

/** One store for the window, made of one slice per domain; each slice lives in its own file. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createSessionSlice(set, get, deps),
    ...createAlertsSlice(set, get, deps),
    ...createDirectorySlice(set, get, deps),
    ...createCamerasSlice(set, get, deps),
    ...createWallSlice(set, get, deps),
    ...createMapSlice(set, get, deps),
    ...createReportsSlice(set, get, deps),
    ...createKpiSlice(set, get, deps),
    ...createSyncSlice(set, get, deps),
    ...createUiSlice(set, get, deps),
  }));
}
