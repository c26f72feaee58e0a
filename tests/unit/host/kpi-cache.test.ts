import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/host/cache/migrations.js';
import { figureKey, KpiCache } from '../../../src-main/host/kpi/kpi-cache.js';
import { fixtureBoard, fixtureDrill } from '../../support/kpi-fixtures.js';

describe('KPI cache (cache.db)', () => {
  const dbs: Database.Database[] = [];
  afterEach(() => dbs.splice(0).forEach((db) => db.close()));
  const open = () => {
    const db = new Database(':memory:');
    migrate(db);
    dbs.push(db);
    return db;
  };

  it('keys a figure by its parts, whatever their order or absence', () => {
    expect(figureKey({ scope: 'year', metric: 'overdue', agencyId: 'STP' })).toBe(figureKey({ agencyId: 'STP', metric: 'overdue', scope: 'year' }));
    expect(figureKey({ scope: 'year', metric: 'overdue' })).not.toBe(figureKey({ scope: 'year', metric: 'overdue', field: 'STP' }));
    expect(figureKey({ scope: 'year', metric: 'overdue', field: 'a|b' })).not.toBe(figureKey({ scope: 'year', metric: 'overdue', agencyId: 'a', field: 'b' }));
  });

  it('keeps one board, replaced by the newest, with its fetch time', () => {
    const cache = new KpiCache(open());
    expect(cache.board()).toBeNull();
    cache.putBoard(fixtureBoard('2026-11-28T08:00:00.000Z'), '2026-11-28T08:00:01.000Z');
    cache.putBoard(fixtureBoard('2026-11-28T08:00:10.000Z'), '2026-11-28T08:00:11.000Z');
    expect(cache.board()).toMatchObject({ fetchedAt: '2026-11-28T08:00:11.000Z', board: { generatedAt: '2026-11-28T08:00:10.000Z' } });
  });

  it('keeps the dossier lists of the 50 most recently fetched figures', () => {
    const cache = new KpiCache(open());
    const refs = Array.from({ length: 55 }, (_, i) => ({ scope: 'year' as const, metric: 'received' as const, field: `Lĩnh vực ${i}` }));
    refs.forEach((ref, i) => cache.putDrill(ref, fixtureDrill(ref, '2026-11-28T08:00:00.000Z'), new Date(Date.UTC(2026, 10, 28, 8, 0, i)).toISOString()));
    expect(cache.drillCount()).toBe(50);
    expect(cache.drill(refs[0]!)).toBeNull();
    expect(cache.drill(refs[4]!)).toBeNull();
    expect(cache.drill(refs[5]!)).not.toBeNull();
    // Fetching an old figure again makes it the newest.
    cache.putDrill(refs[5]!, fixtureDrill(refs[5]!, '2026-11-28T09:00:00.000Z'), '2026-11-28T09:00:00.000Z');
    cache.putDrill(refs[0]!, fixtureDrill(refs[0]!, '2026-11-28T09:00:00.000Z'), '2026-11-28T09:00:01.000Z');
    expect(cache.drill(refs[5]!)?.fetchedAt).toBe('2026-11-28T09:00:00.000Z');
    expect(cache.drill(refs[6]!)).toBeNull();
    expect(cache.drillCount()).toBe(50);
  });

  it('reads a damaged row as nothing cached', () => {
    const db = open();
    const cache = new KpiCache(db);
    db.prepare("INSERT INTO kpi_board (id, board, generated_at, fetched_at) VALUES (1, '{\"generatedAt\":1}', 'x', 'y')").run();
    db.prepare("INSERT INTO kpi_drills (figure_key, result, fetched_at) VALUES (?, 'not json', 'y')").run(figureKey({ scope: 'today', metric: 'late' }));
    expect(cache.board()).toBeNull();
    expect(cache.drill({ scope: 'today', metric: 'late' })).toBeNull();
  });
});
