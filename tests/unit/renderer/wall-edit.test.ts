import { describe, expect, it } from 'vitest';
import { CAMERA_DRAG_TYPE, TILE_DRAG_TYPE, acceptsWallDrag, readWallDrop } from '../../../src-renderer/surfaces/wall/drag-data.js';
import { livePlayers, playersAlive, registerPlayer, subscribePlayers } from '../../../src-renderer/surfaces/wall/player-registry.js';
import { cleared, frozen, layoutToSave, swapTiles, withCamera, withGrid } from '../../../src-renderer/surfaces/wall/wall-edit.js';
import { WallLayoutInputSchema } from '../../../src-shared/model/wall.js';

const view = { grid: '2x2' as const, tiles: ['a', null, 'c', 'd'] };

describe('wall edits', () => {
  it('turns every edit into ad-hoc content with one entry per tile', () => {
    expect(withCamera(view, 1, 'x')).toEqual({ kind: 'adhoc', grid: '2x2', tiles: ['a', 'x', 'c', 'd'] });
    expect(withCamera(view, 0, null)).toEqual({ kind: 'adhoc', grid: '2x2', tiles: [null, null, 'c', 'd'] });
    expect(withCamera(view, 9, 'x')).toEqual({ kind: 'adhoc', grid: '2x2', tiles: ['a', null, 'c', 'd'] });
    expect(swapTiles(view, 0, 1)).toEqual({ kind: 'adhoc', grid: '2x2', tiles: [null, 'a', 'c', 'd'] });
    expect(swapTiles(view, 3, 2).tiles).toEqual(['a', null, 'd', 'c']);
    expect(cleared(view)).toEqual({ kind: 'adhoc', grid: '2x2', tiles: [null, null, null, null] });
    expect(frozen({ grid: '1', tiles: ['z'] })).toEqual({ kind: 'adhoc', grid: '1', tiles: ['z'] });
  });

  it('keeps cameras in tile order when the grid changes', () => {
    expect(withGrid(view, '3x3').tiles).toEqual(['a', null, 'c', 'd', null, null, null, null, null]);
    expect(withGrid(view, '1').tiles).toEqual(['a']);
    expect(withGrid(view, '1+5').tiles).toHaveLength(6);
  });

  it('saves a layout the server accepts, updating one of the same name (accents and case aside)', () => {
    const existing = [{ id: 'lay-1', name: 'Trung tâm Vị Thanh' }];
    const update = layoutToSave('  trung tam vi thanh ', view, existing, () => 'new-id');
    expect(update).toEqual({ id: 'lay-1', name: 'trung tam vi thanh', grid: '2x2', tiles: ['a', null, 'c', 'd'] });
    const fresh = layoutToSave('Cầu Cái Nhúc', { grid: '1+5', tiles: ['a'] }, existing, () => '01JNEWLAYOUT');
    expect(fresh.id).toBe('01JNEWLAYOUT');
    expect(WallLayoutInputSchema.safeParse(fresh).success).toBe(true);
  });
});

describe('wall drag and drop data', () => {
  function transfer(data: Record<string, string>) {
    return { types: Object.keys(data), getData: (type: string) => data[type] ?? '' };
  }

  it('accepts only its own drags', () => {
    expect(acceptsWallDrag(transfer({ [CAMERA_DRAG_TYPE]: 'cam-1' }))).toBe(true);
    expect(acceptsWallDrag(transfer({ [TILE_DRAG_TYPE]: '3' }))).toBe(true);
    expect(acceptsWallDrag(transfer({ 'text/plain': 'cam-1', Files: '' }))).toBe(false);
  });

  it('reads a camera or a tile, and refuses anything malformed', () => {
    expect(readWallDrop(transfer({ [CAMERA_DRAG_TYPE]: 'cam-vt-012', 'text/plain': 'cam-vt-012' }))).toEqual({ kind: 'camera', cameraId: 'cam-vt-012' });
    expect(readWallDrop(transfer({ [TILE_DRAG_TYPE]: '4' }))).toEqual({ kind: 'tile', index: 4 });
    expect(readWallDrop(transfer({ [TILE_DRAG_TYPE]: '-1' }))).toBeNull();
    expect(readWallDrop(transfer({ [CAMERA_DRAG_TYPE]: '<img src=x>' }))).toBeNull();
    expect(readWallDrop(transfer({ 'text/plain': 'cam-1' }))).toBeNull();
  });
});

describe('player registry', () => {
  it('counts live players, notifies on change, and releases once', () => {
    const before = playersAlive();
    let changes = 0;
    const stop = subscribePlayers(() => changes++);
    const releaseA = registerPlayer({ cameraId: 'cam-1', stream: 'sub' });
    const releaseB = registerPlayer({ cameraId: 'cam-2', stream: 'main' });
    expect(playersAlive()).toBe(before + 2);
    expect(livePlayers().map((p) => p.cameraId)).toEqual(expect.arrayContaining(['cam-1', 'cam-2']));
    releaseA();
    releaseA();
    expect(playersAlive()).toBe(before + 1);
    releaseB();
    expect(playersAlive()).toBe(before);
    expect(changes).toBe(4);
    stop();
  });
});
