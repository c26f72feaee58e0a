import type Database from 'better-sqlite3';

/**
 * Numbered, append-only migrations of cache.db. A shipped migration never
 * changes; a new need is a new number. `PRAGMA user_version` records the last applied.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'meta, alert replica, outbox',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        CREATE TABLE alerts (
          id TEXT PRIMARY KEY,
          state TEXT NOT NULL,
          severity TEXT NOT NULL,
          urgency TEXT NOT NULL,
          category TEXT NOT NULL,
          owner_id TEXT,
          raised_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX alerts_state ON alerts(state);
        CREATE TABLE outbox (
          local_seq INTEGER PRIMARY KEY AUTOINCREMENT,
          command_id TEXT NOT NULL UNIQUE,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          user_id TEXT NOT NULL,
          queued_at TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          acked_seq INTEGER
        );
        CREATE INDEX outbox_acked_seq ON outbox(acked_seq);
      `);
    },
  },
  {
    version: 2,
    name: 'rejected commands',
    up(db) {
      db.exec(`
        CREATE TABLE rejected_commands (
          command_id TEXT PRIMARY KEY,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          user_id TEXT NOT NULL,
          alert_id TEXT,
          action TEXT NOT NULL,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          queued_at TEXT NOT NULL,
          rejected_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'offline credentials',
    up(db) {
      db.exec(`
        CREATE TABLE offline_credentials (
          username TEXT PRIMARY KEY,
          password_hash TEXT NOT NULL,
          user TEXT NOT NULL,
          token TEXT,
          token_expires_at TEXT,
          last_login_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    name: 'directory users',
    up(db) {
      db.exec(`
        CREATE TABLE directory_users (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 5,
    name: 'video wall',
    up(db) {
      // Replicas of the server's registry and shared layouts (JSON as the server sent it),
      // plus wall_displays: what this workstation's wall monitors show, which is local state.
      db.exec(`
        CREATE TABLE cameras (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE camera_health (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE wall_layouts (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE wall_tours (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE known_workstations (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE wall_displays (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      `);
    },
  },
  {
    version: 6,
    name: 'map basemap setting',
    up(db) {
      // This workstation's chosen basemap (local, like wall_displays): one row, absent until
      // someone chooses, so the profile's default applies until then.
      db.exec(`
        CREATE TABLE map_basemap (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          setting TEXT NOT NULL,
          revision INTEGER NOT NULL,
          set_by TEXT,
          set_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 7,
    name: 'field reports',
    up(db) {
      // Replicas of the server's field reports (whole report as JSON, with the columns the
      // desk filters on), departments and routing rules (KeyedReplica tables).
      db.exec(`
        CREATE TABLE reports (
          id TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          service_code TEXT NOT NULL,
          unit_id TEXT,
          department_id TEXT,
          received_at TEXT NOT NULL,
          due_at TEXT,
          data TEXT NOT NULL
        );
        CREATE INDEX reports_status ON reports(status);
        CREATE INDEX reports_received_at ON reports(received_at);
        CREATE TABLE report_departments (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE routing_rules (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      `);
    },
  },
  {
    version: 8,
    name: 'report photos',
    up(db) {
      // Photos of field reports fetched from the sync server's media route, so the desk shows
      // them through outages; keyed by the server's stored name (media/<name>), checked as
      // images before they land. ReportMediaCache caps the total and evicts the oldest fetched.
      db.exec(`
        CREATE TABLE report_media (
          name TEXT PRIMARY KEY,
          content_type TEXT NOT NULL,
          size INTEGER NOT NULL,
          fetched_at TEXT NOT NULL,
          bytes BLOB NOT NULL
        );
        CREATE INDEX report_media_fetched_at ON report_media(fetched_at);
      `);
    },
  },
  {
    version: 9,
    name: 'kpi board cache',
    up(db) {
      // The last KPI board fetched from the server (one row) and the dossiers behind the
      // most recently fetched figures (KpiCache keeps the newest 50), so the board keeps its
      // last known figures, with their age, through an outage and after a restart.
      db.exec(`
        CREATE TABLE kpi_board (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          board TEXT NOT NULL,
          generated_at TEXT NOT NULL,
          fetched_at TEXT NOT NULL
        );
        CREATE TABLE kpi_drills (
          figure_key TEXT PRIMARY KEY,
          result TEXT NOT NULL,
          fetched_at TEXT NOT NULL
        );
        CREATE INDEX kpi_drills_fetched_at ON kpi_drills(fetched_at);
      `);
    },
  },
];

export const LATEST_CACHE_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies every migration above the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database, upTo: number = LATEST_CACHE_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_CACHE_VERSION) {
    throw new Error(`cache.db is version ${current}, newer than this host understands (${LATEST_CACHE_VERSION})`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > upTo) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
