import type {
  KnownWorkstation,
  PushCameraInput,
  QueuedCommand,
  WallDisplayInfo,
  WallLayoutView,
  WallTourView,
} from '../../../src-shared/desktop-api.js';
import type { WallContent, WallDisplayState, WallLayoutInput, WallPush, WallTourInput } from '../../../src-shared/model/wall.js';
import { fail, type Failure, type Result } from '../../../src-shared/result.js';
import type { SliceCreator } from '../store-types.js';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface WallSlice {
  /** This workstation's wall monitors and what each shows (the host keeps them in cache.db). */
  wallDisplays: WallDisplayInfo[];
  wallDisplaysStatus: LoadStatus;
  /** Shared layouts and tours, `pending` while a save waits in the outbox. */
  wallLayouts: WallLayoutView[];
  wallTours: WallTourView[];
  wallLayoutsStatus: LoadStatus;
  /** Workstations that announced their wall monitors: a supervisor's push targets. */
  knownWorkstations: KnownWorkstation[];
  /** The last wall action the host refused, for whichever surface made it. */
  wallError: Failure | null;
  refreshWallDisplays(): Promise<void>;
  refreshWallLayouts(): Promise<void>;
  setWallDisplay(displayId: string, content: WallContent): Promise<Result<WallDisplayState>>;
  pushCameraToWall(input: PushCameraInput): Promise<Result<WallDisplayState>>;
  saveWallLayout(input: WallLayoutInput): Promise<Result<QueuedCommand>>;
  saveWallTour(input: WallTourInput): Promise<Result<QueuedCommand>>;
  deleteWallLayout(layoutId: string): Promise<Result<QueuedCommand>>;
  deleteWallTour(tourId: string): Promise<Result<QueuedCommand>>;
  /** A supervisor sets what a monitor of another workstation shows (through the server). */
  pushWallToWorkstation(push: WallPush): Promise<Result<QueuedCommand>>;
  dismissWallError(): void;
  clearWall(): void;
}

export const createWallSlice: SliceCreator<WallSlice> = (set, get, { api }) => {
  // A display answer from an action is newer than any refresh that was in flight when it was sent.
  let displaysGeneration = 0;
  let layoutsGeneration = 0;

  function applyDisplayState(state: WallDisplayState): void {
    displaysGeneration++;
    set({ wallDisplays: get().wallDisplays.map((d) => (d.displayId === state.displayId ? { ...d, state } : d)) });
  }

  async function displayAction(run: () => Promise<Result<WallDisplayState>>): Promise<Result<WallDisplayState>> {
    const result = await run();
    if (result.ok) {
      applyDisplayState(result.value);
      set({ wallError: null });
    } else set({ wallError: result });
    return result;
  }

  /** A change to the shared layouts or tours: queued by the host, shown (pending) at once. */
  async function layoutAction(run: () => Promise<Result<QueuedCommand>>): Promise<Result<QueuedCommand>> {
    if (!api) return fail('unavailable', 'No workstation host');
    const result = await run();
    if (result.ok) {
      set({ wallError: null });
      void get().refreshWallLayouts();
    } else set({ wallError: result });
    return result;
  }

  return {
    wallDisplays: [],
    wallDisplaysStatus: 'idle',
    wallLayouts: [],
    wallTours: [],
    wallLayoutsStatus: 'idle',
    knownWorkstations: [],
    wallError: null,

    async refreshWallDisplays() {
      if (!api) return;
      const mine = ++displaysGeneration;
      if (get().wallDisplaysStatus === 'idle') set({ wallDisplaysStatus: 'loading' });
      const result = await api.wall.displays();
      if (mine !== displaysGeneration) return;
      // A failure keeps what the wall shows: a monitor must never go blank because one read failed.
      if (result.ok) set({ wallDisplays: result.value, wallDisplaysStatus: 'ready' });
      else set({ wallDisplaysStatus: get().wallDisplays.length > 0 ? 'ready' : 'error' });
    },

    async refreshWallLayouts() {
      if (!api) return;
      const mine = ++layoutsGeneration;
      if (get().wallLayoutsStatus === 'idle') set({ wallLayoutsStatus: 'loading' });
      const [layouts, tours, workstations] = await Promise.all([api.wall.layouts(), api.wall.tours(), api.wall.workstations()]);
      if (mine !== layoutsGeneration) return;
      if (workstations.ok) set({ knownWorkstations: workstations.value });
      const patch: Partial<WallSlice> = {};
      if (layouts.ok) patch.wallLayouts = layouts.value;
      if (tours.ok) patch.wallTours = tours.value;
      const anyData = layouts.ok || tours.ok || get().wallLayouts.length > 0 || get().wallTours.length > 0;
      patch.wallLayoutsStatus = anyData ? 'ready' : 'error';
      set(patch);
    },

    setWallDisplay(displayId, content) {
      if (!api) return Promise.resolve(fail('unavailable', 'No workstation host'));
      return displayAction(() => api.wall.setDisplay(displayId, content));
    },

    pushCameraToWall(input) {
      if (!api) return Promise.resolve(fail('unavailable', 'No workstation host'));
      return displayAction(() => api.wall.pushCamera(input));
    },

    async saveWallLayout(input) {
      if (!api) return fail('unavailable', 'No workstation host');
      const result = await api.wall.saveLayout(input);
      if (result.ok) {
        set({ wallError: null });
        // The host pushes onDidChangeLayouts too; reading now shows the (pending) layout at once.
        void get().refreshWallLayouts();
      } else set({ wallError: result });
      return result;
    },

    saveWallTour(input) {
      return layoutAction(() => api!.wall.saveTour(input));
    },

    deleteWallLayout(layoutId) {
      return layoutAction(() => api!.wall.deleteLayout(layoutId));
    },

    deleteWallTour(tourId) {
      return layoutAction(() => api!.wall.deleteTour(tourId));
    },

    async pushWallToWorkstation(push) {
      if (!api) return fail('unavailable', 'No workstation host');
      const result = await api.wall.pushToWorkstation(push);
      set({ wallError: result.ok ? null : result });
      return result;
    },

    dismissWallError() {
      set({ wallError: null });
    },

    clearWall() {
      displaysGeneration++;
      layoutsGeneration++;
      set({ wallDisplays: [], wallDisplaysStatus: 'idle', wallLayouts: [], wallTours: [], wallLayoutsStatus: 'idle', knownWorkstations: [], wallError: null });
    },
  };
};
