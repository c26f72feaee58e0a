import type { CameraView } from '../../../src-shared/desktop-api.js';
import type { Failure } from '../../../src-shared/result.js';
import { groupsOf } from '../camera-selectors.js';
import type { SliceCreator } from '../store-types.js';

export interface CamerasSlice {
  /** The registry with last known health, sorted by name by the host; from its cache, so also offline. */
  cameras: CameraView[];
  /** Groups named by enabled cameras (the list panel's group filter). */
  cameraGroups: string[];
  camerasStatus: 'idle' | 'loading' | 'ready' | 'error';
  camerasError: Failure | null;
  refreshCameras(): Promise<void>;
  clearCameras(): void;
}

export const createCamerasSlice: SliceCreator<CamerasSlice> = (set, get, { api }) => {
  // Health pushes arrive in bursts; only the newest answer may land.
  let generation = 0;

  return {
    cameras: [],
    cameraGroups: [],
    camerasStatus: 'idle',
    camerasError: null,

    async refreshCameras() {
      if (!api) return;
      const mine = ++generation;
      if (get().camerasStatus === 'idle') set({ camerasStatus: 'loading' });
      const [list, groups] = await Promise.all([api.cameras.list({}), api.cameras.groups()]);
      if (mine !== generation) return;
      if (list.ok) {
        set({
          cameras: list.value,
          cameraGroups: groups.ok ? groups.value : groupsOf(list.value.filter((c) => c.enabled)),
          camerasStatus: 'ready',
          camerasError: null,
        });
      } else {
        // A failed refresh keeps the cameras on the wall: blanking tiles over a hiccup would be worse than stale health.
        set({ camerasStatus: get().cameras.length > 0 ? 'ready' : 'error', camerasError: list });
      }
    },

    clearCameras() {
      generation++;
      set({ cameras: [], cameraGroups: [], camerasStatus: 'idle', camerasError: null });
    },
  };
};
