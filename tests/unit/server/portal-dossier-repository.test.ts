import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dossier } from '../../../src-shared/model/dossier.js';
import { emptyHealth } from '../../../server/portal/http-json-connector.js';
import { DossierRepository } from '../../../server/store/dossier-repository.js';
import { MIGRATIONS, publicServiceDossiersMigration } from '../../../server/store/migrations.js';
import { openDatabase, schemaVersion, type SqliteDatabase } from '../../../server/store/sqlite-database.js';

function dossier(code: string, updatedAt: string, overrides: Partial<Dossier> = {}): Dossier {
  return {
    code,
    procedure: { code: '2.000488', name: 'Cấp Phiếu lý lịch tư pháp', field: 'Lý lịch tư pháp', level: 'full' },
    receivingAgencyId: 'TTPVHCC',
    handlingAgencyId: 'STP',
    channel: 'online',
    receivedAt: '2026-03-02T01:00:00.000Z',
    dueAt: '2026-03-16T01:00:00.000Z',
    completedAt: null,
    status: 'in_progress',
    pauses: [],
    localityId: 'vi-thanh',
    updatedAt,
    sourceId: 'portal-a',
    ...overrides,
  };
}

const temps: string[] = [];
const dbs: SqliteDatabase[] = [];

function fileDb(): { file: string; db: SqliteDatabase } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-dossiers-'));
  temps.push(dir);
  const file = path.join(dir, 'vigil.db');
  const db = openDatabase(file);
  dbs.push(db);
  return { file, db };
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 12 and the dossier repository', () => {
  it('12 public-service-dossiers: dossiers with query columns, agencies, connector state with a kind check', () => {
    const { db } = fileDb();
    expect(publicServiceDossiersMigration.version).toBe(12);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const columns = (table: string): string[] => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('dossiers')).toEqual([
      'code', 'source_id', 'handling_agency_id', 'receiving_agency_id', 'field', 'status',
      'received_at', 'received_ms', 'completed_at', 'completed_ms', 'updated_at', 'updated_ms', 'data',
    ]);
    expect(columns('agencies')).toEqual(['id', 'name', 'short_name', 'updated_at']);
    expect(columns('portal_connectors')).toEqual(['id', 'kind', 'watermark', 'health', 'skipped_at_mark', 'updated_at']);
    expect(() => db.prepare("INSERT INTO portal_connectors (id, kind, health, updated_at) VALUES ('x', 'ftp', '{}', 'now')").run()).toThrow(/CHECK/);
  });

  it('upserts by code: newer wins, older is ignored, a re-delivery changes nothing, same stamp with new content replaces', () => {
    const { db } = fileDb();
    const repo = new DossierRepository(db);
    expect(repo.upsert(dossier('HS-1', '2026-03-02T02:00:00.000Z'))).toBe('inserted');
    expect(repo.upsert(dossier('HS-1', '2026-03-02T02:00:00.000Z'))).toBe('unchanged');
    const done = dossier('HS-1', '2026-03-05T03:00:00.000Z', { status: 'completed', completedAt: '2026-03-05T03:00:00.000Z' });
    expect(repo.upsert(done)).toBe('updated');
    expect(repo.upsert(dossier('HS-1', '2026-03-03T00:00:00.000Z', { status: 'received' }))).toBe('unchanged');
    expect(repo.get('HS-1')).toEqual(done);
    // Two edits stamped in the same second: the later delivery is kept.
    const sameSecond = { ...done, status: 'returned' as const };
    expect(repo.upsert(sameSecond)).toBe('updated');
    expect(repo.get('HS-1')?.status).toBe('returned');
    expect(db.prepare("SELECT status, completed_ms FROM dossiers WHERE code = 'HS-1'").get()).toEqual({ status: 'returned', completed_ms: Date.parse('2026-03-05T03:00:00.000Z') });
    expect(repo.count()).toBe(1);
  });

  it('upsertMany reports what changed; listAll, iterate and counts see every row', () => {
    const { db } = fileDb();
    const repo = new DossierRepository(db);
    const summary = repo.upsertMany([
      dossier('HS-2', '2026-03-02T02:00:00.000Z', { receivedAt: '2026-03-02T00:00:00.000Z' }),
      dossier('HS-1', '2026-03-02T02:00:00.000Z', { sourceId: 'csv:backfill' }),
      dossier('HS-2', '2026-03-02T02:00:00.000Z', { receivedAt: '2026-03-02T00:00:00.000Z' }),
    ]);
    expect(summary).toMatchObject({ inserted: 2, updated: 0, unchanged: 1 });
    expect(summary.changed.map((d) => d.code)).toEqual(['HS-2', 'HS-1']);
    expect(repo.listAll().map((d) => d.code)).toEqual(['HS-2', 'HS-1']);
    expect([...repo.iterate()].map((d) => d.code)).toEqual(['HS-2', 'HS-1']);
    expect(repo.counts()).toEqual({ total: 2, byStatus: { in_progress: 2 }, bySource: { 'csv:backfill': 1, 'portal-a': 1 } });
    expect(repo.get('nope')).toBeNull();
  });

  it('keeps agencies (renaming, not duplicating) and connector state across a reopen', () => {
    const { file, db } = fileDb();
    const repo = new DossierRepository(db);
    expect(repo.upsertAgencies([{ id: 'STP', name: 'Sở Tư pháp', shortName: 'STP' }])).toBe(1);
    expect(repo.upsertAgencies([{ id: 'STP', name: 'Sở Tư pháp', shortName: 'STP' }])).toBe(0);
    expect(repo.upsertAgencies([{ id: 'STP', name: 'Sở Tư pháp tỉnh Hậu Giang', shortName: 'Tư pháp' }])).toBe(1);
    const health = { ...emptyHealth('portal-a', 'Cổng A', 'http-json'), watermark: '2026-03-02T02:00:00.000Z', recordsIngested: 7 };
    repo.saveConnectorState({ id: 'portal-a', kind: 'http-json', watermark: health.watermark, health, skippedAtMark: ['HS-9|2026-03-02T02:00:00.000Z'] });
    db.close();
    const again = new DossierRepository(openDatabase(file));
    expect(again.listAgencies()).toEqual([{ id: 'STP', name: 'Sở Tư pháp tỉnh Hậu Giang', shortName: 'Tư pháp' }]);
    expect(again.connectorState('portal-a')).toEqual({ id: 'portal-a', kind: 'http-json', watermark: health.watermark, health, skippedAtMark: ['HS-9|2026-03-02T02:00:00.000Z'] });
    expect(again.connectorState('nope')).toBeNull();
  });
});
