import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type CacheDb = Database.Database;

export const CACHE_FILE_NAME = 'cache.db';

/**
 * Opens `<dataDir>/cache.db` in WAL mode and brings it to the latest schema.
 * synchronous=NORMAL in WAL survives a killed process (every commit is in the OS
 * before the call returns); only a power cut may lose the newest replica commits,
 * which the server sends again, and the cursor stays consistent with the data
 * beside it. Outbox inserts are the exception: see OutboxRepository.enqueue.
 */
export function openCacheDatabase(dataDir: string, options: { upTo?: number } = {}): CacheDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, CACHE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.upTo);
  return db;
}
