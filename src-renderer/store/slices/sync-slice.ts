import type { SyncStatus } from '../../../src-shared/desktop-api.js';
import type { BridgeState } from '../../bridge/kiosk-transport.js';
import type { SliceCreator } from '../store-types.js';

export type WindowLink = BridgeState | 'ipc' | 'absent';

export interface SyncSlice {
  sync: SyncStatus | null;
  /** The window's own link to its host: `ipc` for Electron (cannot drop), `absent` when there is no host. */
  bridge: WindowLink;
  refreshSync(): Promise<void>;
  applySyncStatus(status: SyncStatus): void;
  setBridgeState(state: WindowLink): void;
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, _get, { api }) => ({
  sync: null,
  bridge: api ? 'ipc' : 'absent',

  async refreshSync() {
    if (!api) return;
    const result = await api.sync.status();
    if (result.ok) set({ sync: result.value });
  },

  applySyncStatus(status) {
    set({ sync: status });
  },

  setBridgeState(bridge) {
    set({ bridge });
  },
});
