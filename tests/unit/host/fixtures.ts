import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlert, type Alert, type AlertChange } from '../../../src-shared/model/alert.js';
import type { FieldReport } from '../../../src-shared/model/field-report.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import { alertEventType } from '../../../src-shared/protocol/sync-events.js';
import { AlertReplica } from '../../../src-main/host/cache/alert-replica.js';
import { openCacheDatabase, type CacheDb } from '../../../src-main/host/cache/cache-database.js';
import { OutboxRepository } from '../../../src-main/host/cache/outbox-repository.js';
import { SyncState } from '../../../src-main/host/cache/sync-state.js';
import { ReportCache } from '../../../src-main/host/cache/report-cache.js';
import { WallCache } from '../../../src-main/host/cache/wall-cache.js';
import { BatchApplier } from '../../../src-main/host/sync/batch-applier.js';

export function tempDir(prefix = 'vigil-host-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestCache(): {
  db: CacheDb;
  replica: AlertReplica;
  outbox: OutboxRepository;
  state: SyncState;
  wall: WallCache;
  applier: BatchApplier;
  cleanup(): void;
} {
  const t = tempDir();
  const db = openCacheDatabase(t.dir);
  const replica = new AlertReplica(db);
  const outbox = new OutboxRepository(db);
  const state = new SyncState(db);
  const wall = new WallCache(db);
  const applier = new BatchApplier(db, replica, outbox, state, wall, 'ws-test', new ReportCache(db));
  return {
    db,
    replica,
    outbox,
    state,
    wall,
    applier,
    cleanup: () => {
      db.close();
      t.cleanup();
    },
  };
}

export function sampleAlert(id: string, at = '2024-01-01T00:00:00.000Z'): Alert {
  return createAlert(
    id,
    {
      source: 'manual',
      category: 'Fire',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      headline: `Cháy tại ${id}`,
      description: 'Đường Trần Hưng Đạo',
      location: null,
      cameraIds: [],
    },
    'system',
    at,
  );
}

export function raisedEvent(seq: number, alert: Alert, commandId: string | null = null): SyncEvent {
  return { seq, id: `e${seq}`, type: 'alert.raised', at: alert.raisedAt, actor: alert.raisedBy, subject: alert.id, commandId, data: alert };
}

export function changeEvent(seq: number, change: AlertChange, actor = 'u1', at = `2024-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`): SyncEvent {
  return { seq, id: `e${seq}`, type: alertEventType(change.action), at, actor, subject: change.alertId, commandId: null, data: change };
}

export function batch(items: SyncEvent[], headSeq?: number) {
  return { from: items[0]!.seq, to: items[items.length - 1]!.seq, headSeq: headSeq ?? items[items.length - 1]!.seq, items };
}

/** A received road report in Vị Thanh (Open311), for the report replica's tests. */
export function sampleReport(id: string, overrides: Partial<FieldReport> = {}): FieldReport {
  const receivedAt = overrides.receivedAt ?? '2026-11-28T01:00:00.000Z';
  return {
    id,
    token: `tok-${id}`,
    serviceCode: 'giao-thong',
    location: { lat: 9.785, lon: 105.47, address: 'Đường 3/2, phường 5, Vị Thanh', addressId: '', unitId: 'vi-thanh' },
    description: 'Ổ gà lớn trước cổng trường',
    attributes: {},
    mediaUrls: [],
    reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
    channel: 'open311',
    apiKeyId: 'key-test',
    status: 'received',
    departmentId: null,
    receivedAt,
    updatedAt: receivedAt,
    dueAt: '2026-12-01T01:00:00.000Z',
    duplicateOf: null,
    duplicateSuggestions: [],
    slaAlerts: [],
    history: [{ at: receivedAt, actor: 'system', action: 'receive', toStatus: 'received', note: 'Trung tâm đã tiếp nhận phản ánh.', visibility: 'public' }],
    ...overrides,
  };
}
