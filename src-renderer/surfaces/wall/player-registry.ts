/**
 * Every live video player of this window, in one module-level place. Chromium caps
 * media players per page and a leaked one keeps decoding off-screen, so the count
 * must be observable: the wall root shows it as `data-players-alive`, and the
 * end-to-end tests read it after layout changes.
 */
export interface PlayerInfo {
  id: number;
  cameraId: string;
  stream: 'sub' | 'main';
  startedAtMs: number;
}

const live = new Map<number, PlayerInfo>();
const listeners = new Set<() => void>();
let nextId = 1;

function notify(): void {
  for (const listener of [...listeners]) listener();
}

/** Records a player as alive; the returned release is idempotent, so a double cleanup cannot undercount. */
export function registerPlayer(info: Omit<PlayerInfo, 'id' | 'startedAtMs'>, nowMs: number = Date.now()): () => void {
  const id = nextId++;
  live.set(id, { ...info, id, startedAtMs: nowMs });
  notify();
  return () => {
    if (live.delete(id)) notify();
  };
}

export function playersAlive(): number {
  return live.size;
}

export function livePlayers(): PlayerInfo[] {
  return [...live.values()];
}

/** For useSyncExternalStore. */
export function subscribePlayers(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
