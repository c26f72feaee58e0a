import { applyAlertChange, type Alert } from '../../../src-shared/model/alert.js';
import { parseEventBatch, SnapshotSchema, type BatchFormat, type EventBatch } from '../../../src-shared/protocol/sync-protocol.js';
import { interpretEvent } from '../../../src-shared/protocol/sync-events.js';
import type { AlertReplica } from '../cache/alert-replica.js';
import type { WallCache } from '../cache/wall-cache.js';
import type { CacheDb } from '../cache/cache-database.js';
import type { OutboxRepository } from '../cache/outbox-repository.js';
import type { SyncState } from '../cache/sync-state.js';
import { unpackBatch } from './packed-batch.js';
import type { ReportCache } from '../cache/report-cache.js';
import { applyReportSyncEvent, replaceReportsFromSnapshot, ReportChanges, type ReportChangeSummary } from './report-event-applier.js';
import { applyWallEvent, replaceWallFromSnapshot, WallChanges, type WallChangeSummary } from './wall-event-applier.js';

export type BatchOutcome =
  | {
      kind: 'applied';
      cursor: number;
      headSeq: number;
      applied: number;
      changedAlertIds: string[];
      wall: WallChangeSummary;
      reports: ReportChangeSummary;
      lastEventAt: string | null;
      removedFromOutbox: number;
    }
  | { kind: 'duplicate'; cursor: number }
  | { kind: 'gap'; cursor: number; from: number }
  | { kind: 'invalid'; message: string };

export type SnapshotOutcome =
  | { kind: 'applied'; cursor: number; changedAlertIds: string[]; wall: WallChangeSummary; reports: ReportChangeSummary }
  | { kind: 'invalid'; message: string };

/**
 * Applies what the server streams. A batch, its new cursor and the removal of
 * the outbox rows it settles commit in ONE transaction, so a killed process
 * reopens with a cursor that says exactly which events its rows contain.
 */
export class BatchApplier {
  constructor(
    private readonly db: CacheDb,
    private readonly replica: AlertReplica,
    private readonly outbox: OutboxRepository,
    private readonly state: SyncState,
    private readonly wall: WallCache,
    private readonly workstationId: string,
    private readonly reports: ReportCache,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  applyBatch(raw: unknown): BatchOutcome {
    const parsed = parseEventBatch(raw);
    if (!parsed.success) return { kind: 'invalid', message: `malformed batch: ${parsed.message}` };
    return this.commit(parsed.data, null);
  }

  /** A `packed-events` batch: the same checks and the same transaction as `events`. */
  applyPackedBatch(raw: unknown): BatchOutcome {
    const unpacked = unpackBatch(raw);
    if (!unpacked.ok) return { kind: 'invalid', message: unpacked.message };
    return this.commit(unpacked.value.batch, unpacked.value.texts);
  }

  /**
   * One transaction: the events, the new cursor and the settled outbox rows.
   * `texts[i]`, when given, is the JSON text that `batch.items[i].data` was parsed
   * from; a raised alert whose data was already canonical (the checked alert IS
   * the parsed data) is stored as that text instead of being serialised again.
   */
  private commit(batch: EventBatch, texts: readonly (string | Uint8Array)[] | null): BatchOutcome {
    return this.db.transaction((): BatchOutcome => {
      const cursor = this.state.cursor();
      if (batch.to <= cursor) return { kind: 'duplicate', cursor };
      if (batch.from > cursor + 1) return { kind: 'gap', cursor, from: batch.from };
      if (batch.to < batch.from || batch.items.length !== batch.to - batch.from + 1) {
        return { kind: 'invalid', message: `batch ${batch.from}..${batch.to} holds ${batch.items.length} events` };
      }
      /** Each alert the batch touches, as it ends up, with the server's text when that can be stored as it is. */
      const touched = new Map<string, { alert: Alert; text: string | Uint8Array | undefined }>();
      const wallChanges = new WallChanges();
      const reportChanges = new ReportChanges();
      let expected = cursor + 1;
      let lastEventAt: string | null = null;
      let applied = 0;
      const items = batch.items;
      for (let i = 0; i < items.length; i++) {
        const event = items[i]!;
        if (event.seq <= cursor) continue; // overlap with what we hold already
        if (event.seq !== expected) {
          // Throwing rolls the whole batch back: nothing of a broken batch is kept.
          throw new BatchRejected(`expected seq ${expected}, got ${event.seq}`);
        }
        expected++;
        applied++;
        lastEventAt = event.at;
        const domain = interpretEvent(event);
        if (domain.kind === 'alert.raised') {
          const text = texts !== null && domain.alert === event.data ? texts[i] : undefined;
          touched.set(domain.alert.id, { alert: domain.alert, text });
        } else if (domain.kind === 'alert.changed') {
          const id = domain.change.alertId;
          const current = touched.get(id)?.alert ?? this.replica.get(id);
          if (current) touched.set(id, { alert: applyAlertChange(current, domain.change, event.actor, event.at), text: undefined });
        } else if (!applyWallEvent(domain, this.wall, this.workstationId, wallChanges)) {
          applyReportSyncEvent(event, this.reports, reportChanges);
        }
        // Unknown types (from a newer server) are skipped but still move the cursor.
      }
      const alerts: Alert[] = [];
      const alertTexts: (string | Uint8Array | undefined)[] = [];
      for (const t of touched.values()) {
        alerts.push(t.alert);
        alertTexts.push(t.text);
      }
      this.replica.upsertMany(alerts, alertTexts);
      const newCursor = expected - 1;
      this.state.setCursor(newCursor);
      this.state.setHeadSeq(Math.max(batch.headSeq, newCursor));
      if (lastEventAt) this.state.setLastEventAt(lastEventAt);
      this.state.setLastSyncAt(this.now());
      const removedFromOutbox = this.outbox.deleteAppliedUpTo(newCursor);
      return {
        kind: 'applied',
        cursor: newCursor,
        headSeq: Math.max(batch.headSeq, newCursor),
        applied,
        changedAlertIds: [...touched.keys()],
        wall: wallChanges.toJSON(),
        reports: reportChanges.toJSON(),
        lastEventAt,
        removedFromOutbox,
      };
    })();
  }

  /** Wraps applyBatch (or applyPackedBatch) so a broken batch is reported, never thrown. */
  apply(raw: unknown, format: BatchFormat = 'json'): BatchOutcome {
    try {
      return format === 'packed' ? this.applyPackedBatch(raw) : this.applyBatch(raw);
    } catch (error) {
      if (error instanceof BatchRejected) return { kind: 'invalid', message: error.message };
      return { kind: 'invalid', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** `resync-required`: the replicas (alerts, wall, reports) and cursor are replaced together. */
  applySnapshot(raw: unknown): SnapshotOutcome {
    const parsed = SnapshotSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'invalid', message: `malformed snapshot: ${parsed.error.issues[0]?.message ?? ''}` };
    const snapshot = parsed.data;
    try {
      return this.db.transaction((): SnapshotOutcome => {
        const before = this.replica.all().map((a) => a.id);
        this.replica.replaceAll(snapshot.alerts);
        const wallChanges = new WallChanges();
        replaceWallFromSnapshot(snapshot, this.wall, wallChanges);
        const reportChanges = new ReportChanges();
        replaceReportsFromSnapshot(snapshot, this.reports, reportChanges);
        const oldCursor = this.state.cursor();
        this.state.setCursor(snapshot.seq);
        this.state.setHeadSeq(snapshot.seq);
        this.state.setLastSyncAt(this.now());
        if (snapshot.seq < oldCursor) {
          // The server lost events we had seen: commands it acked beyond its log must be sent again.
          this.db.prepare('UPDATE outbox SET acked_seq = NULL WHERE acked_seq > ?').run(snapshot.seq);
        }
        this.outbox.deleteAppliedUpTo(snapshot.seq);
        const changed = new Set([...before, ...snapshot.alerts.map((a) => a.id)]);
        return { kind: 'applied', cursor: snapshot.seq, changedAlertIds: [...changed], wall: wallChanges.toJSON(), reports: reportChanges.toJSON() };
      })();
    } catch (error) {
      return { kind: 'invalid', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

class BatchRejected extends Error {}
