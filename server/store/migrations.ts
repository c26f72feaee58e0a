import type Database from 'better-sqlite3';

/** One schema step. Never edit a released migration: add the next number instead. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export const eventLogMigration: Migration = {
  version: 1,
  name: 'event-log',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        seq        INTEGER PRIMARY KEY,
        id         TEXT    NOT NULL UNIQUE,
        type       TEXT    NOT NULL,
        at         TEXT    NOT NULL,
        actor      TEXT    NOT NULL,
        subject    TEXT    NOT NULL,
        command_id TEXT,
        data       TEXT    NOT NULL
      );
      CREATE INDEX events_command_id ON events (command_id) WHERE command_id IS NOT NULL;
      -- The head lives apart from the rows so that pruning can never make a seq be reused.
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO meta (key, value) VALUES ('head_seq', 0);
    `);
  },
};

export const alertProjectionMigration: Migration = {
  version: 2,
  name: 'alert-projection',
  up(db) {
    db.exec(`
      CREATE TABLE alerts (
        id         TEXT PRIMARY KEY,
        state      TEXT NOT NULL,
        severity   TEXT NOT NULL,
        urgency    TEXT NOT NULL,
        category   TEXT NOT NULL,
        owner_id   TEXT,
        raised_at  TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX alerts_state ON alerts (state);
    `);
  },
};

export const commandLogMigration: Migration = {
  version: 3,
  name: 'command-log',
  up(db) {
    db.exec(`
      CREATE TABLE commands (
        command_id  TEXT PRIMARY KEY,
        type        TEXT    NOT NULL,
        actor       TEXT    NOT NULL,
        received_at TEXT    NOT NULL,
        ok          INTEGER NOT NULL,
        seq         INTEGER,
        code        TEXT,
        message     TEXT,
        details     TEXT
      );
    `);
  },
};

export const usersMigration: Migration = {
  version: 4,
  name: 'users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL
      );
    `);
  },
};

export const adminUnitsMigration: Migration = {
  version: 5,
  name: 'admin-units',
  up(db) {
    db.exec(`
      CREATE TABLE admin_units (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        lat  REAL NOT NULL,
        lon  REAL NOT NULL
      );
    `);
  },
};

export const camerasMigration: Migration = {
  version: 6,
  name: 'cameras',
  up(db) {
    // `data` holds the whole Camera as its event carried it; the columns are for queries
    // (the health checker lists enabled cameras, admins filter by kind or area).
    db.exec(`
      CREATE TABLE cameras (
        id         TEXT PRIMARY KEY,
        enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        area       TEXT NOT NULL,
        sub_url    TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE INDEX cameras_enabled ON cameras (enabled);
    `);
  },
};

export const cameraHealthMigration: Migration = {
  version: 7,
  name: 'camera-health',
  up(db) {
    // No foreign key to cameras: health arrives as its own events and a replica
    // applies them in log order, so the server must not be stricter than a replica.
    db.exec(`
      CREATE TABLE camera_health (
        camera_id  TEXT PRIMARY KEY,
        status     TEXT NOT NULL CHECK (status IN ('online', 'degraded', 'offline', 'unknown')),
        since      TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        last_error TEXT
      );
    `);
  },
};

export const wallLayoutsMigration: Migration = {
  version: 8,
  name: 'wall-layouts',
  up(db) {
    db.exec(`
      CREATE TABLE wall_layouts (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        grid       TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        data       TEXT NOT NULL
      );
    `);
  },
};

export const wallToursMigration: Migration = {
  version: 9,
  name: 'wall-tours',
  up(db) {
    db.exec(`
      CREATE TABLE wall_tours (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('cameras', 'layouts')),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        data       TEXT NOT NULL
      );
    `);
  },
};

export const workstationsMigration: Migration = {
  version: 10,
  name: 'workstations',
  up(db) {
    db.exec(`
      CREATE TABLE workstations (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        announced_at TEXT NOT NULL,
        announced_by TEXT NOT NULL,
        data         TEXT NOT NULL
      );
    `);
  },
};

export const fieldReportsMigration: Migration = {
  version: 11,
  name: 'field-reports',
  up(db) {
    // `data` holds the whole FieldReport (reporter included: internal); the columns are for
    // queries (Open311 filters, triage queue, SLA checker, duplicate search by bounding box).
    db.exec(`
      CREATE TABLE reports (
        id            TEXT PRIMARY KEY,
        token         TEXT NOT NULL UNIQUE,
        service_code  TEXT NOT NULL,
        status        TEXT NOT NULL,
        department_id TEXT,
        unit_id       TEXT,
        lat           REAL,
        lon           REAL,
        received_at   TEXT NOT NULL,
        received_ms   INTEGER NOT NULL,
        updated_at    TEXT NOT NULL,
        due_at        TEXT,
        data          TEXT NOT NULL
      );
      CREATE INDEX reports_received ON reports (received_ms);
      CREATE INDEX reports_status ON reports (status);
      CREATE INDEX reports_service_position ON reports (service_code, lat, lon);
      CREATE TABLE departments (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        active     INTEGER NOT NULL CHECK (active IN (0, 1)),
        updated_at TEXT NOT NULL,
        data       TEXT NOT NULL
      );
      CREATE TABLE routing_rules (
        id            TEXT PRIMARY KEY,
        service_code  TEXT NOT NULL,
        unit_id       TEXT,
        department_id TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        data          TEXT NOT NULL
      );
      CREATE INDEX routing_rules_service ON routing_rules (service_code);
    `);
  },
};

export const publicServiceDossiersMigration: Migration = {
  version: 12,
  name: 'public-service-dossiers',
  up(db) {
    // `data` holds the whole Dossier as the connector mapped it; the columns are for the KPI
    // engine's and drill-downs' queries. Times are also kept as epoch ms because portals send
    // instants with different offsets, and ISO text with offsets does not sort as time.
    // `portal_connectors` is each source's resume point: the updated-since watermark, its
    // health (ConnectorHealth as JSON) and the keys skipped at the watermark (re-read each poll).
    db.exec(`
      CREATE TABLE dossiers (
        code                TEXT PRIMARY KEY,
        source_id           TEXT    NOT NULL,
        handling_agency_id  TEXT    NOT NULL,
        receiving_agency_id TEXT    NOT NULL,
        field               TEXT    NOT NULL,
        status              TEXT    NOT NULL,
        received_at         TEXT    NOT NULL,
        received_ms         INTEGER NOT NULL,
        completed_at        TEXT,
        completed_ms        INTEGER,
        updated_at          TEXT    NOT NULL,
        updated_ms          INTEGER NOT NULL,
        data                TEXT    NOT NULL
      );
      CREATE INDEX dossiers_handling ON dossiers (handling_agency_id, received_ms);
      CREATE INDEX dossiers_field ON dossiers (field, received_ms);
      CREATE INDEX dossiers_received ON dossiers (received_ms);
      CREATE INDEX dossiers_completed ON dossiers (completed_ms) WHERE completed_ms IS NOT NULL;
      CREATE INDEX dossiers_status ON dossiers (status);
      CREATE INDEX dossiers_updated ON dossiers (updated_ms);
      CREATE TABLE agencies (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        short_name TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE portal_connectors (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('http-json', 'csv')),
        watermark       TEXT,
        health          TEXT NOT NULL,
        skipped_at_mark TEXT NOT NULL DEFAULT '[]',
        updated_at      TEXT NOT NULL
      );
    `);
  },
};

export const reportQueryIndexesMigration: Migration = {
  version: 13,
  name: 'report-query-indexes',
  up(db) {
    // Open311 GET requests filters by category and/or status and lists newest first:
    // these let SQLite walk one category's (or one status's) reports in time order and
    // stop at the limit, instead of collecting every match and sorting it.
    db.exec(`
      CREATE INDEX reports_service_received ON reports (service_code, received_ms);
      CREATE INDEX reports_status_received ON reports (status, received_ms);
    `);
  },
};

export const dossierWarningLogMigration: Migration = {
  version: 14,
  name: 'dossier-warning-log',
  up(db) {
    // Which (dossier, threshold) alerts were raised: each is raised once, across restarts.
    // IF NOT EXISTS: servers that ran before this migration created the table themselves.
    db.exec(`
      CREATE TABLE IF NOT EXISTS dossier_warning_log (
        dossier_code       TEXT NOT NULL,
        threshold          TEXT NOT NULL CHECK (threshold IN ('at-risk', 'overdue')),
        alert_id           TEXT NOT NULL,
        handling_agency_id TEXT NOT NULL,
        raised_at          TEXT NOT NULL,
        PRIMARY KEY (dossier_code, threshold)
      ) WITHOUT ROWID;
    `);
  },
};

export const MIGRATIONS: readonly Migration[] = [
  eventLogMigration,
  alertProjectionMigration,
  commandLogMigration,
  usersMigration,
  adminUnitsMigration,
  camerasMigration,
  cameraHealthMigration,
  wallLayoutsMigration,
  wallToursMigration,
  workstationsMigration,
  fieldReportsMigration,
  publicServiceDossiersMigration,
  reportQueryIndexesMigration,
  dossierWarningLogMigration,
];
