/**
 * Which tile plays which stream. A wall PC decodes every tile it plays, and Chromium
 * caps media players per page, so the window plays only what someone can see, at the
 * smallest stream that fills the tile, and never more than the monitor's cap. Pure, so
 * the rules are tested without a browser.
 */
export type StreamChoice = 'sub' | 'main' | 'none';

/**
 * Why a tile plays or not: `play` (stream is sub or main), `empty` (no camera),
 * `unknown-camera` (the registry has no such camera, or it is disabled), `loading`
 * (the registry has not been read yet), `hidden` (nobody can see it), `paused-budget`
 * (over the monitor's cap).
 */
export type BudgetReason = 'play' | 'empty' | 'unknown-camera' | 'loading' | 'hidden' | 'paused-budget';

export interface BudgetTile {
  index: number;
  cameraId: string | null;
  /** The registry has this camera enabled with its stream URLs. */
  known: boolean;
  /** IntersectionObserver says some of it is on screen. */
  onScreen: boolean;
  /** An alarm takeover put this camera here. */
  takeover: boolean;
}

export interface BudgetInput {
  tiles: readonly BudgetTile[];
  /** The tile shown full-window on its main stream; every other tile is then covered. */
  focusedIndex: number | null;
  /** The page is hidden (minimised, other virtual desktop): nothing is watched. */
  documentHidden: boolean;
  /** The registry has not answered yet: a tile cannot tell an unknown camera from one not loaded. */
  registryLoading: boolean;
  /** Most streams this window plays at once (the display's `streamCap`). */
  streamCap: number;
}

export interface TileBudget {
  index: number;
  stream: StreamChoice;
  reason: BudgetReason;
}

export interface BudgetResult {
  tiles: TileBudget[];
  /** Tiles that get a player. */
  playing: number;
  /** Tiles that want one but are over the cap. */
  paused: number;
}

/** Lower plays first: the focused tile, then alarm tiles, then tile order (tile 0 is the large one). */
function priority(tile: BudgetTile, focusedIndex: number | null): [number, number] {
  if (tile.index === focusedIndex) return [0, tile.index];
  if (tile.takeover) return [1, tile.index];
  return [2, tile.index];
}

export function allocateStreams(input: BudgetInput): BudgetResult {
  const cap = Math.max(0, Math.floor(input.streamCap));
  const decided = new Map<number, TileBudget>();
  const wanting: BudgetTile[] = [];
  for (const tile of input.tiles) {
    const none = (reason: BudgetReason): void => void decided.set(tile.index, { index: tile.index, stream: 'none', reason });
    if (tile.cameraId === null) none('empty');
    else if (!tile.known) none(input.registryLoading ? 'loading' : 'unknown-camera');
    else if (input.documentHidden) none('hidden');
    else if (input.focusedIndex !== null && tile.index !== input.focusedIndex) none('hidden');
    else if (input.focusedIndex === null && !tile.onScreen) none('hidden');
    else wanting.push(tile);
  }
  wanting.sort((a, b) => {
    const [pa, ia] = priority(a, input.focusedIndex);
    const [pb, ib] = priority(b, input.focusedIndex);
    return pa - pb || ia - ib;
  });
  let playing = 0;
  let paused = 0;
  for (const tile of wanting) {
    if (playing < cap) {
      playing++;
      decided.set(tile.index, { index: tile.index, stream: tile.index === input.focusedIndex ? 'main' : 'sub', reason: 'play' });
    } else {
      paused++;
      decided.set(tile.index, { index: tile.index, stream: 'none', reason: 'paused-budget' });
    }
  }
  return { tiles: input.tiles.map((t) => decided.get(t.index)!), playing, paused };
}
