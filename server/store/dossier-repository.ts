import type { Agency, Dossier, DossierStatus } from '../../src-shared/model/dossier.js';
import type { ConnectorHealth } from '../../src-shared/model/kpi.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** What one upsert did: a re-delivered or older record changes nothing. */
export type DossierUpsertOutcome = 'inserted' | 'updated' | 'unchanged';

export interface DossierUpsertSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  /** The dossiers that were inserted or updated, in the order given (what listeners hear about). */
  changed: Dossier[];
}

/** A source's resume point, kept with the dossiers it brought so both commit together. */
export interface ConnectorState {
  id: string;
  kind: ConnectorHealth['kind'];
  watermark: string | null;
  health: ConnectorHealth;
  /**
   * `recordKey|updatedAt` of records skipped whose updatedAt equals the watermark: a poll
   * re-reads those (updated-since is inclusive), and they must not be counted twice.
   */
  skippedAtMark: string[];
}

export interface DossierCounts {
  total: number;
  byStatus: Partial<Record<DossierStatus, number>>;
  bySource: Record<string, number>;
}

/**
 * Public-service dossiers as the portal connectors last delivered them, the agencies
 * they name, and each connector's state. Not an event-sourced projection: the portal is
 * the system of record and the centre only mirrors it, so rows are upserted by code and
 * the newest `updatedAt` wins.
 */
export class DossierRepository {
  private readonly currentStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly getStmt;
  private readonly allStmt;
  private readonly countStmt;
  private readonly byStatusStmt;
  private readonly bySourceStmt;
  private readonly agencyUpsertStmt;
  private readonly agencyGetStmt;
  private readonly agencyAllStmt;
  private readonly stateGetStmt;
  private readonly stateAllStmt;
  private readonly stateSaveStmt;

  constructor(private readonly db: SqliteDatabase) {
    this.currentStmt = db.prepare('SELECT updated_ms AS updatedMs, data FROM dossiers WHERE code = ?');
    this.insertStmt = db.prepare(`
      INSERT INTO dossiers (code, source_id, handling_agency_id, receiving_agency_id, field, status,
        received_at, received_ms, completed_at, completed_ms, updated_at, updated_ms, data)
      VALUES (@code, @sourceId, @handlingAgencyId, @receivingAgencyId, @field, @status,
        @receivedAt, @receivedMs, @completedAt, @completedMs, @updatedAt, @updatedMs, @data)`);
    this.updateStmt = db.prepare(`
      UPDATE dossiers SET source_id = @sourceId, handling_agency_id = @handlingAgencyId,
        receiving_agency_id = @receivingAgencyId, field = @field, status = @status,
        received_at = @receivedAt, received_ms = @receivedMs, completed_at = @completedAt,
        completed_ms = @completedMs, updated_at = @updatedAt, updated_ms = @updatedMs, data = @data
      WHERE code = @code`);
    this.getStmt = db.prepare('SELECT data FROM dossiers WHERE code = ?').pluck();
    this.allStmt = db.prepare('SELECT data FROM dossiers ORDER BY received_ms, code').pluck();
    this.countStmt = db.prepare('SELECT COUNT(*) FROM dossiers').pluck();
    this.byStatusStmt = db.prepare('SELECT status AS key, COUNT(*) AS n FROM dossiers GROUP BY status');
    this.bySourceStmt = db.prepare('SELECT source_id AS key, COUNT(*) AS n FROM dossiers GROUP BY source_id');
    this.agencyUpsertStmt = db.prepare(`
      INSERT INTO agencies (id, name, short_name, updated_at) VALUES (@id, @name, @shortName, @updatedAt)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, updated_at = excluded.updated_at
      WHERE agencies.name <> excluded.name OR agencies.short_name <> excluded.short_name`);
    this.agencyGetStmt = db.prepare('SELECT id, name, short_name AS shortName FROM agencies WHERE id = ?');
    this.agencyAllStmt = db.prepare('SELECT id, name, short_name AS shortName FROM agencies ORDER BY id');
    this.stateGetStmt = db.prepare('SELECT id, kind, watermark, health, skipped_at_mark AS skippedAtMark FROM portal_connectors WHERE id = ?');
    this.stateAllStmt = db.prepare('SELECT id, kind, watermark, health, skipped_at_mark AS skippedAtMark FROM portal_connectors ORDER BY id');
    this.stateSaveStmt = db.prepare(`
      INSERT INTO portal_connectors (id, kind, watermark, health, skipped_at_mark, updated_at)
      VALUES (@id, @kind, @watermark, @health, @skippedAtMark, @updatedAt)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, watermark = excluded.watermark, health = excluded.health,
        skipped_at_mark = excluded.skipped_at_mark, updated_at = excluded.updated_at`);
  }

  /** Runs `fn` in one transaction (a savepoint when already inside one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Stores a dossier unless the stored one is newer. Same `updatedAt` with different content
   * replaces it: portals stamp changes to the second, and two edits within one second must
   * not lose the second; the same content again is a re-delivery and changes nothing.
   */
  upsert(dossier: Dossier): DossierUpsertOutcome {
    const updatedMs = Date.parse(dossier.updatedAt);
    const data = JSON.stringify(dossier);
    const current = this.currentStmt.get(dossier.code) as { updatedMs: number; data: string } | undefined;
    if (current && (updatedMs < current.updatedMs || (updatedMs === current.updatedMs && data === current.data))) return 'unchanged';
    const row = {
      code: dossier.code,
      sourceId: dossier.sourceId,
      handlingAgencyId: dossier.handlingAgencyId,
      receivingAgencyId: dossier.receivingAgencyId,
      field: dossier.procedure.field,
      status: dossier.status,
      receivedAt: dossier.receivedAt,
      receivedMs: Date.parse(dossier.receivedAt),
      completedAt: dossier.completedAt,
      completedMs: dossier.completedAt === null ? null : Date.parse(dossier.completedAt),
      updatedAt: dossier.updatedAt,
      updatedMs,
      data,
    };
    if (current) {
      this.updateStmt.run(row);
      return 'updated';
    }
    this.insertStmt.run(row);
    return 'inserted';
  }

  /** Upserts all in one transaction. */
  upsertMany(dossiers: readonly Dossier[]): DossierUpsertSummary {
    return this.transaction(() => {
      const summary: DossierUpsertSummary = { inserted: 0, updated: 0, unchanged: 0, changed: [] };
      for (const dossier of dossiers) {
        const outcome = this.upsert(dossier);
        summary[outcome]++;
        if (outcome !== 'unchanged') summary.changed.push(dossier);
      }
      return summary;
    });
  }

  get(code: string): Dossier | null {
    const data = this.getStmt.get(code) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as Dossier);
  }

  /** Every dossier, oldest received first. A province's year is tens of thousands of rows: fine in memory. */
  listAll(): Dossier[] {
    return (this.allStmt.all() as string[]).map((data) => JSON.parse(data) as Dossier);
  }

  /** The same rows one at a time, for a consumer that folds them (no array of all of them). */
  *iterate(): IterableIterator<Dossier> {
    for (const data of this.allStmt.iterate() as IterableIterator<string>) yield JSON.parse(data) as Dossier;
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  counts(): DossierCounts {
    const byStatus: Partial<Record<DossierStatus, number>> = {};
    for (const row of this.byStatusStmt.all() as { key: DossierStatus; n: number }[]) byStatus[row.key] = row.n;
    const bySource: Record<string, number> = {};
    for (const row of this.bySourceStmt.all() as { key: string; n: number }[]) bySource[row.key] = row.n;
    return { total: this.count(), byStatus, bySource };
  }

  /** Adds agencies or renames them; returns how many rows changed. */
  upsertAgencies(agencies: readonly Agency[], at: string = new Date().toISOString()): number {
    return this.transaction(() => {
      let changed = 0;
      for (const agency of agencies) changed += this.agencyUpsertStmt.run({ ...agency, updatedAt: at }).changes;
      return changed;
    });
  }

  getAgency(id: string): Agency | null {
    return (this.agencyGetStmt.get(id) as Agency | undefined) ?? null;
  }

  listAgencies(): Agency[] {
    return this.agencyAllStmt.all() as Agency[];
  }

  connectorState(id: string): ConnectorState | null {
    const row = this.stateGetStmt.get(id) as StateRow | undefined;
    return row ? stateFromRow(row) : null;
  }

  listConnectorStates(): ConnectorState[] {
    return (this.stateAllStmt.all() as StateRow[]).map(stateFromRow);
  }

  saveConnectorState(state: ConnectorState, at: string = new Date().toISOString()): void {
    this.stateSaveStmt.run({
      id: state.id,
      kind: state.kind,
      watermark: state.watermark,
      health: JSON.stringify(state.health),
      skippedAtMark: JSON.stringify(state.skippedAtMark),
      updatedAt: at,
    });
  }
}

interface StateRow {
  id: string;
  kind: ConnectorHealth['kind'];
  watermark: string | null;
  health: string;
  skippedAtMark: string;
}

function stateFromRow(row: StateRow): ConnectorState {
  return {
    id: row.id,
    kind: row.kind,
    watermark: row.watermark,
    health: JSON.parse(row.health) as ConnectorHealth,
    skippedAtMark: JSON.parse(row.skippedAtMark) as string[],
  };
}
