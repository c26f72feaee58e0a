import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCacheDatabase } from '../../../src-main/host/cache/cache-database.js';
import { LATEST_CACHE_VERSION, MIGRATIONS, migrate } from '../../../src-main/host/cache/migrations.js';
import { tempDir } from './fixtures.js';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name);
}

describe('cache.db migrations', () => {
  const dbs: Database.Database[] = [];
  afterEach(() => dbs.splice(0).forEach((db) => db.close()));
  const fresh = () => {
    const db = new Database(':memory:');
    dbs.push(db);
    return db;
  };

  it('are numbered 1..n without holes', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_CACHE_VERSION).toBe(MIGRATIONS.length);
  });

  it('1 creates meta, the alert replica and the outbox', () => {
    const db = fresh();
    expect(migrate(db, 1)).toBe(1);
    expect(tables(db)).toEqual(['alerts', 'meta', 'outbox']);
    expect(columns(db, 'alerts')).toEqual(['id', 'state', 'severity', 'urgency', 'category', 'owner_id', 'raised_at', 'updated_at', 'data']);
    expect(columns(db, 'outbox')).toEqual(['local_seq', 'command_id', 'type', 'payload', 'user_id', 'queued_at', 'attempts', 'last_error', 'acked_seq']);
    db.prepare("INSERT INTO outbox (command_id, type, payload, user_id, queued_at) VALUES ('c', 't', '{}', 'u', 'now')").run();
    expect(() => db.prepare("INSERT INTO outbox (command_id, type, payload, user_id, queued_at) VALUES ('c', 't', '{}', 'u', 'now')").run()).toThrow(/UNIQUE/);
  });

  it('2 adds rejected_commands and keeps the outbox rows', () => {
    const db = fresh();
    migrate(db, 1);
    db.prepare("INSERT INTO outbox (command_id, type, payload, user_id, queued_at) VALUES ('c', 't', '{}', 'u', 'now')").run();
    expect(migrate(db, 2)).toBe(2);
    expect(tables(db)).toContain('rejected_commands');
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });

  it('3 adds offline_credentials keyed by username', () => {
    const db = fresh();
    migrate(db, 2);
    expect(migrate(db, 3)).toBe(3);
    expect(columns(db, 'offline_credentials')).toEqual(['username', 'password_hash', 'user', 'token', 'token_expires_at', 'last_login_at']);
  });

  it('4 adds directory_users keyed by id and keeps the offline credentials', () => {
    const db = fresh();
    migrate(db, 3);
    db.prepare("INSERT INTO offline_credentials (username, password_hash, user, last_login_at) VALUES ('op1', 'h', '{}', 'now')").run();
    expect(migrate(db, 4)).toBe(4);
    expect(columns(db, 'directory_users')).toEqual(['id', 'username', 'display_name', 'role']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM offline_credentials').get()).toEqual({ n: 1 });
    const insert = db.prepare("INSERT INTO directory_users (id, username, display_name, role) VALUES ('op1', 'op1', 'Nguyễn Văn An', 'operator')");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO directory_users (id, username, display_name, role) VALUES ('x', 'x', NULL, 'operator')").run()).toThrow(/NOT NULL/);
  });

  it('9 adds the KPI board cache: one board row, dossier lists keyed by figure', () => {
    const db = fresh();
    migrate(db, 8);
    expect(migrate(db, 9)).toBe(9);
    expect(columns(db, 'kpi_board')).toEqual(['id', 'board', 'generated_at', 'fetched_at']);
    expect(columns(db, 'kpi_drills')).toEqual(['figure_key', 'result', 'fetched_at']);
    db.prepare("INSERT INTO kpi_board (id, board, generated_at, fetched_at) VALUES (1, '{}', 'g', 'f')").run();
    expect(() => db.prepare("INSERT INTO kpi_board (id, board, generated_at, fetched_at) VALUES (2, '{}', 'g', 'f')").run()).toThrow(/CHECK/);
    const drill = db.prepare("INSERT INTO kpi_drills (figure_key, result, fetched_at) VALUES ('k', '{}', 'f')");
    drill.run();
    expect(() => drill.run()).toThrow(/UNIQUE/);
  });

  it('runs once: reopening an up-to-date file changes nothing, a newer file is refused', () => {
    const t = tempDir();
    try {
      const db = openCacheDatabase(t.dir);
      db.prepare("INSERT INTO meta (key, value) VALUES ('cursor', '7')").run();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      const again = openCacheDatabase(t.dir);
      expect(again.prepare("SELECT value FROM meta WHERE key = 'cursor'").get()).toEqual({ value: '7' });
      again.pragma(`user_version = ${LATEST_CACHE_VERSION + 1}`);
      again.close();
      expect(() => openCacheDatabase(t.dir)).toThrow(/newer/);
    } finally {
      t.cleanup();
    }
  });
});
