import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  adminUnitsMigration,
  alertProjectionMigration,
  cameraHealthMigration,
  camerasMigration,
  commandLogMigration,
  eventLogMigration,
  usersMigration,
  wallLayoutsMigration,
  wallToursMigration,
  workstationsMigration,
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

  it('6 cameras: registry with queryable columns and a 0/1 enabled flag', () => {
    const db = upTo(camerasMigration);
    expect(columns(db, 'cameras')).toEqual(['id', 'enabled', 'name', 'kind', 'area', 'sub_url', 'updated_at', 'updated_by', 'data']);
    expect(() => db.prepare("INSERT INTO cameras VALUES ('c', 2, 'n', 'traffic', '', 'u', 'now', 'a', '{}')").run()).toThrow(/CHECK/);
  });

  it('7 camera-health: one verdict per camera with a status check', () => {
    const db = upTo(cameraHealthMigration);
    expect(columns(db, 'camera_health')).toEqual(['camera_id', 'status', 'since', 'checked_at', 'last_error']);
    expect(() => db.prepare("INSERT INTO camera_health VALUES ('c', 'sleepy', 'now', 'now', NULL)").run()).toThrow(/CHECK/);
  });

  it('8-10 wall-layouts, wall-tours, workstations', () => {
    const db = upTo(workstationsMigration);
    expect(wallLayoutsMigration.version).toBe(8);
    expect(wallToursMigration.version).toBe(9);
    expect(columns(db, 'wall_layouts')).toEqual(['id', 'name', 'grid', 'updated_at', 'updated_by', 'data']);
    expect(columns(db, 'wall_tours')).toEqual(['id', 'name', 'kind', 'updated_at', 'updated_by', 'data']);
    expect(columns(db, 'workstations')).toEqual(['id', 'name', 'announced_at', 'announced_by', 'data']);
    expect(() => db.prepare("INSERT INTO wall_tours VALUES ('t', 'n', 'random', 'now', 'a', '{}')").run()).toThrow(/CHECK/);
  });

  it('a database from before the video wall gains the new tables on open, its data untouched', () => {
    const temp = makeTempDir();
    const file = `${temp.dir}/vigil.db`;
    const old = openDatabase(file, MIGRATIONS.filter((m) => m.version <= adminUnitsMigration.version));
    old.prepare("INSERT INTO admin_units VALUES ('u1', 'Vị Thanh', 'city', 9.78, 105.47)").run();
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT name FROM admin_units').pluck().all()).toEqual(['Vị Thanh']);
    expect(db.prepare('SELECT COUNT(*) FROM cameras').pluck().get()).toBe(0);
    db.close();
    temp.remove();
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
