import { describe, expect, it } from 'vitest';
import type { KpiBoardView, SyncStatus } from '../../../src-shared/desktop-api.js';
import {
  agenciesByRank,
  agencyChoices,
  boardFreshness,
  fieldChoices,
  fieldsByVolume,
  figureAttributes,
  figureRef,
  formatCount,
  formatHours,
  formatRate,
  niceCeiling,
  sameFigure,
  trendGeometry,
} from '../../../src-renderer/surfaces/kpi/kpi-model.js';
import { fixtureBoard } from '../../support/kpi-fixtures.js';

const AT = '2026-11-28T08:00:00.000Z';
const view = (patch: Partial<KpiBoardView> = {}): KpiBoardView => ({ board: fixtureBoard(AT), fetchedAt: AT, fromCache: false, lastError: null, ...patch });
const online = { connection: 'online' } as SyncStatus;
const offline = { connection: 'offline' } as SyncStatus;

describe('KPI figures', () => {
  it('builds refs without empty parts, so they compare and travel cleanly', () => {
    expect(figureRef('year', 'overdue')).toEqual({ scope: 'year', metric: 'overdue' });
    expect(figureRef('year', 'overdue', { agencyId: 'STP', field: '' })).toEqual({ scope: 'year', metric: 'overdue', agencyId: 'STP' });
    expect(figureRef('today', 'received', { agencyId: null, field: 'Hộ tịch' })).toEqual({ scope: 'today', metric: 'received', field: 'Hộ tịch' });
    expect(Object.keys(figureRef('month', 'late', {}))).toEqual(['scope', 'metric']);
    expect(sameFigure({ scope: 'year', metric: 'late', agencyId: 'STP' }, figureRef('year', 'late', { agencyId: 'STP' }))).toBe(true);
    expect(sameFigure({ scope: 'year', metric: 'late' }, { scope: 'year', metric: 'late', field: 'Đất đai' })).toBe(false);
    expect(sameFigure(null, { scope: 'year', metric: 'late' })).toBe(false);
  });

  it('carries the address as data attributes, empty for "any"', () => {
    expect(figureAttributes({ scope: 'year', metric: 'overdue', agencyId: 'STP' })).toEqual({ 'data-scope': 'year', 'data-metric': 'overdue', 'data-agency-id': 'STP', 'data-field': '' });
    expect(figureAttributes({ scope: 'today', metric: 'received', field: 'Hộ tịch' })['data-field']).toBe('Hộ tịch');
  });

  it('formats numbers the Vietnamese way', () => {
    expect(formatCount(1532)).toBe('1.532');
    expect(formatCount(1_234_567)).toBe('1.234.567');
    expect(formatCount(0)).toBe('0');
    expect(formatRate(0.943)).toBe('94,3%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('—');
    expect(formatHours(52.5)).toBe('52,5');
  });
});

describe('KPI freshness', () => {
  const now = Date.parse(AT) + 3 * 60_000;
  it('is fresh when the host fetched it live and the sources are current', () => {
    expect(boardFreshness(view(), online, 'open', now)).toEqual({ stale: false, reason: null, ageMs: 180_000 });
  });

  it('is stale when the host shows its cached copy or the link is down, with the age', () => {
    expect(boardFreshness(view({ fromCache: true }), online, 'open', now)).toEqual({ stale: true, reason: 'cached', ageMs: 180_000 });
    expect(boardFreshness(view(), offline, 'ipc', now).reason).toBe('cached');
    expect(boardFreshness(view(), online, 'connecting', now).reason).toBe('host');
  });

  it('is stale when the server says a source is behind', () => {
    const board = fixtureBoard(AT);
    board.provenance.stale = true;
    expect(boardFreshness(view({ board }), online, 'open', now)).toMatchObject({ stale: true, reason: 'source' });
  });

  it('has nothing to mark without a board', () => {
    expect(boardFreshness(view({ board: null, fetchedAt: null }), offline, 'open', now)).toEqual({ stale: false, reason: null, ageMs: null });
    expect(boardFreshness(null, null, 'open', now).stale).toBe(false);
  });
});

describe('KPI rows and chart', () => {
  const board = fixtureBoard(AT);
  it('ranks agencies as the server ranked them and orders fields by volume', () => {
    expect(agenciesByRank(board).map((a) => [a.agencyId, a.rank])).toEqual([['STNMT', 1], ['STP', 2], ['UBND-VT', 3]]);
    expect(fieldsByVolume(board, 'year').map((f) => f.field)).toEqual(['Đất đai', 'Hộ tịch', 'Lý lịch tư pháp']);
    expect(agencyChoices(board).map((a) => a.name)).toEqual(['Sở Tài nguyên và Môi trường', 'Sở Tư pháp', 'UBND thành phố Vị Thanh']);
    expect(fieldChoices(board)).toEqual(['Đất đai', 'Hộ tịch', 'Lý lịch tư pháp']);
    expect(agencyChoices(null)).toEqual([]);
  });

  it('rounds the axis up to a nice number', () => {
    expect([0, 1, 7, 13, 21, 26, 49, 51, 740].map(niceCeiling)).toEqual([1, 1, 10, 20, 25, 50, 50, 100, 1000]);
  });

  it('draws three series over the 30 days inside the box', () => {
    const g = trendGeometry(board.trend, 1000, 420);
    expect(g.series.map((s) => s.key)).toEqual(['received', 'completed', 'late']);
    expect(g.max).toBe(100);
    for (const s of g.series) {
      expect(s.points).toHaveLength(30);
      expect(s.path.startsWith('M60,')).toBe(true);
      for (const p of s.points) {
        expect(p.x).toBeGreaterThanOrEqual(60);
        expect(p.x).toBeLessThanOrEqual(980);
        expect(p.y).toBeGreaterThanOrEqual(20);
        expect(p.y).toBeLessThanOrEqual(380);
      }
    }
    expect(g.ticks.at(-1)?.label).toBe('28/11');
    // Gridlines on whole numbers, day labels evenly spaced back from the newest day (none collide).
    expect(g.grid.map((l) => l.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(trendGeometry([{ day: '2026-11-28', received: 3, completed: 0, onTime: 0, late: 0 }], 1000, 420).grid.map((l) => l.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trendGeometry([{ day: '2026-11-28', received: 2, completed: 0, onTime: 0, late: 0 }], 1000, 420).grid.map((l) => l.value)).toEqual([0, 1, 2]);
    const gaps = g.ticks.slice(1).map((t, i) => Math.round(t.x - g.ticks[i]!.x));
    expect(new Set(gaps).size).toBe(1);
    expect(trendGeometry([], 1000, 420).series[0]!.path).toBe('');
  });
});
