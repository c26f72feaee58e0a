import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  adminUnitsMigration,
  alertProjectionMigration,
  commandLogMigration,
  eventLogMigration,
  usersMigration,
  type Migration,
} from '../../../server/store/migrations.js';
import { migrate, openDatabase, schemaVersion, type SqliteDatabase } from '../../../server/store/sqlite-database.js';
import { makeTempDir } from './support/server-test-kit.js';

function columns(db: SqliteDatabase, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** A database migrated up to (and including) `migration`. */
function upTo(migration: Migration): SqliteDatabase {
  return openDatabase(':memory:', MIGRATIONS.filter((m) => m.version <= migration.version));
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('1 event-log: events table, command index and a head row at 0', () => {
    const db = upTo(eventLogMigration);
    expect(columns(db, 'events')).toEqual(['seq', 'id', 'type', 'at', 'actor', 'subject', 'command_id', 'data']);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'head_seq'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'events_command_id'").get()).toBeTruthy();
    expect(schemaVersion(db)).toBe(1);
  });

  it('2 alert-projection: alerts table with queryable columns', () => {
    const db = upTo(alertProjectionMigration);
    expect(columns(db, 'alerts')).toEqual(['id', 'state', 'severity', 'urgency', 'category', 'owner_id', 'raised_at', 'updated_at', 'data']);
  });

  it('3 command-log: commands keyed by command id', () => {
    const db = upTo(commandLogMigration);
    expect(columns(db, 'commands')).toEqual(['command_id', 'type', 'actor', 'received_at', 'ok', 'seq', 'code', 'message', 'details']);
    const insert = db.prepare("INSERT INTO commands (command_id, type, actor, received_at, ok) VALUES ('c1', 't', 'a', 'now', 1)");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
  });

  it('4 users: unique case-insensitive usernames and a role check', () => {
    const db = upTo(usersMigration);
    const insert = db.prepare("INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, 'X', ?, 'h', 'now')");
    insert.run('a', 'An', 'operator');
    expect(() => insert.run('b', 'an', 'operator')).toThrow(/UNIQUE/);
    expect(() => insert.run('c', 'c', 'root')).toThrow(/CHECK/);
  });

  it('5 admin-units: units with coordinates', () => {
    const db = upTo(adminUnitsMigration);
    expect(columns(db, 'admin_units')).toEqual(['id', 'name', 'kind', 'lat', 'lon']);
  });

  it('a file database opens in WAL with FULL sync, and reopening applies nothing twice', () => {
    const temp = makeTempDir();
    const file = `${temp.dir}/vigil.db`;
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    const again = openDatabase(file);
    expect(migrate(again)).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    again.close();
    temp.remove();
  });
});
