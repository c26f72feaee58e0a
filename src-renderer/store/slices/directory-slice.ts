import type { DirectoryUser } from '../../../src-shared/desktop-api.js';
import type { AppState, SliceCreator } from '../store-types.js';

export interface DirectorySlice {
  /** Everyone who may own an alert, sorted by display name by the host (from its cache, so also offline). */
  directory: DirectoryUser[];
  directoryStatus: 'idle' | 'loading' | 'ready' | 'error';
  refreshDirectory(): Promise<void>;
  clearDirectory(): void;
  /** The person's display name; the id itself when the directory does not know it. */
  displayNameOf(userId: string): string;
}

const indexes = new WeakMap<readonly DirectoryUser[], Map<string, DirectoryUser>>();

/** The directory keyed by user id, built once per list the host sent. */
export function directoryIndex(users: readonly DirectoryUser[]): Map<string, DirectoryUser> {
  let index = indexes.get(users);
  if (!index) {
    index = new Map(users.map((u) => [u.id, u] as const));
    indexes.set(users, index);
  }
  return index;
}

/** A user's display name from `users`, falling back to the id (someone removed, or a directory not loaded yet). */
export function displayNameIn(users: readonly DirectoryUser[], userId: string): string {
  return directoryIndex(users).get(userId)?.displayName ?? userId;
}

const nameLookups = new WeakMap<readonly DirectoryUser[], (userId: string) => string>();

/**
 * For components: `useAppStore(selectDisplayNameOf)` gives a lookup that is the same
 * function until the directory changes, so a window re-renders names exactly then.
 */
export function selectDisplayNameOf(state: Pick<AppState, 'directory'>): (userId: string) => string {
  const users = state.directory;
  let lookup = nameLookups.get(users);
  if (!lookup) {
    lookup = (userId) => displayNameIn(users, userId);
    nameLookups.set(users, lookup);
  }
  return lookup;
}

export const createDirectorySlice: SliceCreator<DirectorySlice> = (set, get, { api }) => {
  // Only the newest answer may land (a push and a reconnect can ask at once).
  let generation = 0;

  return {
    directory: [],
    directoryStatus: 'idle',

    async refreshDirectory() {
      if (!api) return;
      const mine = ++generation;
      if (get().directoryStatus === 'idle') set({ directoryStatus: 'loading' });
      const result = await api.directory.users();
      if (mine !== generation) return;
      // A failure keeps the names already on screen: an unknown name falls back to the id anyway.
      if (result.ok) set({ directory: result.value, directoryStatus: 'ready' });
      else set({ directoryStatus: get().directory.length > 0 ? 'ready' : 'error' });
    },

    clearDirectory() {
      generation++;
      set({ directory: [], directoryStatus: 'idle' });
    },

    displayNameOf(userId) {
      return displayNameIn(get().directory, userId);
    },
  };
};
