import { describe, expect, it } from 'vitest';
import { allocateStreams, type BudgetInput, type BudgetTile } from '../../../src-renderer/surfaces/wall/stream-budget.js';

function tiles(n: number, patch: (i: number) => Partial<BudgetTile> = () => ({})): BudgetTile[] {
  return Array.from({ length: n }, (_, index) => ({ index, cameraId: `cam-${index}`, known: true, onScreen: true, takeover: false, ...patch(index) }));
}

function input(patch: Partial<BudgetInput>): BudgetInput {
  return { tiles: tiles(4), focusedIndex: null, documentHidden: false, registryLoading: false, streamCap: 16, ...patch };
}

describe('stream budget', () => {
  it('plays every visible tile on its sub stream within the cap', () => {
    const result = allocateStreams(input({}));
    expect(result.tiles.map((t) => t.stream)).toEqual(['sub', 'sub', 'sub', 'sub']);
    expect(result).toMatchObject({ playing: 4, paused: 0 });
  });

  it('pauses tiles beyond the cap in tile order, and says so', () => {
    const result = allocateStreams(input({ tiles: tiles(25), streamCap: 16 }));
    expect(result.playing).toBe(16);
    expect(result.paused).toBe(9);
    expect(result.tiles.slice(0, 16).every((t) => t.reason === 'play' && t.stream === 'sub')).toBe(true);
    expect(result.tiles.slice(16).every((t) => t.reason === 'paused-budget' && t.stream === 'none')).toBe(true);
  });

  it('gives alarm tiles a stream before ordinary ones', () => {
    const result = allocateStreams(input({ tiles: tiles(9, (i) => ({ takeover: i === 7 || i === 8 })), streamCap: 3 }));
    expect(result.tiles.filter((t) => t.reason === 'play').map((t) => t.index)).toEqual([0, 7, 8]);
    expect(result.tiles[1]).toMatchObject({ reason: 'paused-budget', stream: 'none' });
  });

  it('plays only the focused tile, on the main stream, and hides the tiles it covers', () => {
    const result = allocateStreams(input({ tiles: tiles(9, (i) => ({ takeover: i === 4 })), focusedIndex: 5, streamCap: 1 }));
    expect(result.tiles[5]).toEqual({ index: 5, stream: 'main', reason: 'play' });
    expect(result.tiles.filter((t) => t.index !== 5).every((t) => t.reason === 'hidden' && t.stream === 'none')).toBe(true);
    expect(result).toMatchObject({ playing: 1, paused: 0 });
  });

  it('stops loading tiles nobody can see: off screen, or the page hidden', () => {
    const offscreen = allocateStreams(input({ tiles: tiles(4, (i) => ({ onScreen: i < 2 })), streamCap: 2 }));
    expect(offscreen.tiles.map((t) => t.reason)).toEqual(['play', 'play', 'hidden', 'hidden']);
    // Off-screen tiles do not use the budget, so nothing is paused.
    expect(offscreen.paused).toBe(0);
    const hidden = allocateStreams(input({ documentHidden: true, focusedIndex: 1 }));
    expect(hidden.tiles.every((t) => t.reason === 'hidden' && t.stream === 'none')).toBe(true);
    expect(hidden.playing).toBe(0);
  });

  it('tells empty tiles, unknown cameras and a registry not read yet apart, none of them using a stream', () => {
    const mixed = tiles(3, (i) => (i === 0 ? { cameraId: null } : i === 1 ? { known: false } : {}));
    expect(allocateStreams(input({ tiles: mixed, streamCap: 1 })).tiles.map((t) => t.reason)).toEqual(['empty', 'unknown-camera', 'play']);
    expect(allocateStreams(input({ tiles: mixed, registryLoading: true })).tiles[1]!.reason).toBe('loading');
  });

  it('treats a cap of zero as nothing plays rather than everything', () => {
    const result = allocateStreams(input({ streamCap: 0 }));
    expect(result.tiles.every((t) => t.reason === 'paused-budget')).toBe(true);
  });
});
