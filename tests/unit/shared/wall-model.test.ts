import { describe, expect, it } from 'vitest';
import { createAlert, type Alert } from '../../../src-shared/model/alert.js';
import {
  WALL_GRIDS,
  WallLayoutInputSchema,
  gridGeometry,
  resolveWall,
  takeoverGrid,
  takeoverQueue,
  tileCount,
  type WallLayout,
  type WallTour,
} from '../../../src-shared/model/wall.js';

describe('grid geometry', () => {
  it('has the tile counts an operator expects, and tiles that cover the grid exactly once', () => {
    expect(WALL_GRIDS.map((g) => tileCount(g))).toEqual([1, 4, 9, 16, 25, 6, 8]);
    for (const grid of WALL_GRIDS) {
      const { columns, rows, tiles } = gridGeometry(grid);
      const cells = new Set<string>();
      for (const t of tiles) {
        for (let c = t.column; c < t.column + t.columnSpan; c++) {
          for (let r = t.row; r < t.row + t.rowSpan; r++) {
            expect(cells.has(`${c},${r}`), `${grid}: cell ${c},${r} twice`).toBe(false);
            cells.add(`${c},${r}`);
          }
        }
      }
      expect(cells.size).toBe(columns * rows);
    }
  });

  it('puts the large tile first in 1+5 and 1+7', () => {
    expect(gridGeometry('1+5').tiles[0]).toEqual({ column: 1, row: 1, columnSpan: 2, rowSpan: 2 });
    expect(gridGeometry('1+7').tiles[0]).toEqual({ column: 1, row: 1, columnSpan: 3, rowSpan: 3 });
  });

  it('refuses a layout whose tiles do not fit its grid', () => {
    expect(WallLayoutInputSchema.safeParse({ id: 'l', name: 'x', grid: '3x3', tiles: [null] }).success).toBe(false);
    expect(WallLayoutInputSchema.safeParse({ id: 'l', name: 'x', grid: '2x2', tiles: ['a', null, null, 'b'] }).success).toBe(true);
  });
});

describe('resolveWall', () => {
  const layouts = new Map<string, WallLayout>([
    ['a', { id: 'a', name: 'A', grid: '2x2', tiles: ['c1', 'c2', null, null], updatedAt: 't', updatedBy: 'u' }],
    ['b', { id: 'b', name: 'B', grid: '1', tiles: ['c9'], updatedAt: 't', updatedBy: 'u' }],
  ]);
  const tour = (steps: WallTour['steps']): Map<string, WallTour> =>
    new Map([['t', { id: 't', name: 'Vòng tuần tra', intervalSeconds: 10, steps, updatedAt: 't', updatedBy: 'u' }]]);
  const group = (g: string) => (g === 'QL1' ? ['g1', 'g2', 'g3', 'g4', 'g5'] : []);

  it('cycles layouts every interval', () => {
    const tours = tour({ kind: 'layouts', layoutIds: ['a', 'b'] });
    const at0 = resolveWall({ kind: 'tour', tourId: 't' }, layouts, tours, group, 0);
    const at10 = resolveWall({ kind: 'tour', tourId: 't' }, layouts, tours, group, 10_000);
    const at20 = resolveWall({ kind: 'tour', tourId: 't' }, layouts, tours, group, 20_500);
    expect([at0.grid, at10.grid, at20.grid]).toEqual(['2x2', '1', '2x2']);
    expect(at10.tiles).toEqual(['c9']);
    expect(at20.tour).toEqual({ tourId: 't', step: 0, steps: 2, nextAtMs: 30_000 });
  });

  it('pages a camera group through the tiles of its grid', () => {
    const tours = tour({ kind: 'cameras', grid: '2x2', cameraIds: [], group: 'QL1' });
    expect(resolveWall({ kind: 'tour', tourId: 't' }, layouts, tours, group, 0).tiles).toEqual(['g1', 'g2', 'g3', 'g4']);
    expect(resolveWall({ kind: 'tour', tourId: 't' }, layouts, tours, group, 10_000).tiles).toEqual(['g5', null, null, null]);
  });

  it('says so when a layout is missing instead of showing something else', () => {
    expect(resolveWall({ kind: 'layout', layoutId: 'zz' }, layouts, new Map(), group, 0).missing).toBe('layout');
  });
});

describe('takeover', () => {
  const draft = { source: 'camera-analytics' as const, category: 'Security' as const, urgency: 'Immediate' as const, certainty: 'Observed' as const, headline: 'x', description: '', location: null };
  const make = (id: string, severity: Alert['severity'], at: string, cameraIds: string[]): Alert =>
    createAlert(id, { ...draft, severity, cameraIds }, 'system', at);

  it('queues unacknowledged alerts with cameras by priority, then age', () => {
    const now = Date.parse('2026-11-28T10:10:00Z');
    const alerts = [
      make('minor', 'Minor', '2026-11-28T10:00:00Z', ['c1']),
      make('severe-late', 'Severe', '2026-11-28T10:05:00Z', ['c2']),
      make('severe-early', 'Severe', '2026-11-28T10:01:00Z', ['c3']),
      make('no-camera', 'Extreme', '2026-11-28T10:00:00Z', []),
      make('too-old', 'Extreme', '2026-11-27T10:00:00Z', ['c4']),
      { ...make('acked', 'Extreme', '2026-11-28T10:00:00Z', ['c5']), state: 'acknowledged' as const },
    ];
    expect(takeoverQueue(alerts, now, 60 * 60_000).map((a) => a.id)).toEqual(['severe-early', 'severe-late', 'minor']);
  });

  it('picks a grid that holds the cameras', () => {
    expect([1, 3, 5, 8, 12].map(takeoverGrid)).toEqual(['1', '2x2', '1+5', '3x3', '4x4']);
  });
});
