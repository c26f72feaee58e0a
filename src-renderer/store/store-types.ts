import type { StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../src-shared/desktop-api.js';
import type { LocaleStorage } from '../i18n/i18n.js';
import type { AlertsSlice } from './slices/alerts-slice.js';
import type { CamerasSlice } from './slices/cameras-slice.js';
import type { DirectorySlice } from './slices/directory-slice.js';
import type { SessionSlice } from './slices/session-slice.js';
import type { SyncSlice } from './slices/sync-slice.js';
import type { UiSlice } from './slices/ui-slice.js';
import type { WallSlice } from './slices/wall-slice.js';
import type { MapSlice } from './slices/map-slice.js';
import type { ReportsSlice } from './slices/reports-slice.js';
import type { KpiSlice } from './slices/kpi-slice.js';

export type AppState = SessionSlice & AlertsSlice & DirectorySlice & CamerasSlice & WallSlice & MapSlice & ReportsSlice & KpiSlice & SyncSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

/** What the slices need from the outside world; tests pass an in-memory API and a Map-backed storage. */
export interface StoreDeps {
  /** Null when the window has no host: every slice then stays in its empty state. */
  api: DesktopApi | null;
  storage: LocaleStorage | null;
}

export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], deps: StoreDeps) => T;
