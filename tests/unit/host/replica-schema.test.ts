import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite-database.js';
import { openCacheDatabase } from '../../../src-main/host/cache/cache-database.js';

/**
 * The host's alert replica and the server's projection are written as separate
 * migrations (one per runtime), but they must hold the same rows: the soak test
 * compares them, and a snapshot copies one into the other. This keeps them equal.
 */
describe('alert replica schema', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('has exactly the columns, types and keys of the server projection', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-schema-'));
    dirs.push(dir);
    const server = openDatabase(join(dir, 'vigil.db'));
    const host = openCacheDatabase(join(dir, 'host'));
    const columns = (db: typeof server) =>
      db.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('alerts') ORDER BY cid").all();
    expect(columns(host)).toEqual(columns(server));
    expect(columns(host).length).toBeGreaterThan(5);
    server.close();
    host.close();
  });
});
