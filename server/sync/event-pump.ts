import type { Socket } from 'socket.io';
import { MAX_EVENTS_PER_BATCH, type BatchFormat, type EventBatch, type PackedEventBatch, type Snapshot } from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { markBatch, packEvents, type PackedEvents } from './batch-encoder.js';

/** What a pump needs from the store: cheap seq range reads and a snapshot. */
export interface PumpSource {
  headSeq(): number;
  oldestSeq(): number;
  readEvents(afterSeq: number, limit: number): SyncEvent[];
  /** The same range packed straight from the log (catch-up of a packed client); without it, readEvents is packed. */
  readPacked?(afterSeq: number, headSeq: number, limit: number): PackedEvents | null;
  /** Every projection a replica rebuilds from a snapshot (alerts, wall replicas, field reports, departments, routing rules). */
  snapshotContent(): Omit<Snapshot, 'seq' | 'reason'>;
}

export interface PumpOptions {
  readonly ackTimeoutMs: number;
  readonly batchSize?: number;
  /** Batches sent ahead of the client's acks; more than one lets the server read and send while the host applies. */
  readonly window?: number;
}

const DEFAULT_WINDOW = 3;

/**
 * Streams the log to one socket from its cursor: catch-up and live delivery are
 * the same loop. Up to `window` batches are in flight; the next goes only as the
 * client acks earlier ones (each ack means that batch and its cursor are
 * committed), which is the back-pressure. The client applies batches in arrival
 * order, so acks come back in order. A missing ack drops the socket; the client
 * reconnects and resumes from its cursor. A snapshot travels alone.
 */
export class EventPump {
  /** Last seq handed to the socket (the client may not have applied it yet). */
  private sentUpTo = 0;
  private started = false;
  private format: BatchFormat = 'json';
  private scheduled = false;
  private stopped = false;
  private snapshotInFlight = false;
  /** Bumped by every hello, so acks for batches sent before it are ignored. */
  private generation = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly socket: Socket,
    private readonly source: PumpSource,
    private readonly options: PumpOptions,
  ) {}

  /** `format` is what the client's hello asked for: `events` (json) or `packed-events`. */
  start(cursor: number, format: BatchFormat = 'json'): void {
    this.clearTimers();
    this.sentUpTo = cursor;
    this.format = format;
    this.snapshotInFlight = false;
    this.started = true;
    this.generation++;
    this.wake();
  }

  /** Coalesces wake-ups within a tick, so a burst of commits becomes one batch. */
  wake(): void {
    if (!this.started || this.stopped || this.scheduled || !this.hasRoom()) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.step();
    });
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
  }

  private hasRoom(): boolean {
    return !this.snapshotInFlight && this.timers.size < (this.options.window ?? DEFAULT_WINDOW);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private step(): void {
    while (!this.stopped && this.socket.connected && this.hasRoom()) {
      const head = this.source.headSeq();
      if (this.sentUpTo > head) {
        if (this.timers.size === 0) this.sendSnapshot('cursor-ahead');
        return;
      }
      if (this.sentUpTo === head) return;
      if (this.sentUpTo < this.source.oldestSeq() - 1) {
        if (this.timers.size === 0) this.sendSnapshot('cursor-too-old');
        return;
      }
      const limit = this.options.batchSize ?? MAX_EVENTS_PER_BATCH;
      if (this.format === 'packed') {
        // Far behind (catch-up): straight from the log. Near the head (live): the events in
        // memory, whose packed parts are shared by every socket.
        const packed = this.source.readPacked && head - this.sentUpTo > limit
          ? this.source.readPacked(this.sentUpTo, head, limit)
          : packEvents(this.source.readEvents(this.sentUpTo, limit));
        if (!packed) return;
        this.send('packed-events', { ...packed, headSeq: head });
        this.sentUpTo = packed.to;
        continue;
      }
      const items = this.source.readEvents(this.sentUpTo, limit);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      this.send('events', markBatch({ from: first.seq, to: last.seq, headSeq: head, items }));
      this.sentUpTo = last.seq;
    }
  }

  private sendSnapshot(reason: Snapshot['reason']): void {
    // better-sqlite3 is synchronous, so the head and every projection are read at one point in time.
    const seq = this.source.headSeq();
    const snapshot: Snapshot = { seq, reason, ...this.source.snapshotContent() };
    this.snapshotInFlight = true;
    this.send('resync-required', snapshot);
    this.sentUpTo = seq;
  }

  private send(event: 'events' | 'packed-events' | 'resync-required', payload: EventBatch | PackedEventBatch | Snapshot): void {
    const generation = this.generation;
    // Our own timers rather than socket.timeout(): they are cleared when the socket goes,
    // so a closed server is not kept alive by acks that will never come.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped && generation === this.generation) this.socket.disconnect(true);
    }, this.options.ackTimeoutMs);
    this.timers.add(timer);
    const acked = (): void => {
      if (!this.timers.delete(timer)) return; // timed out, or a newer hello reset the pump
      clearTimeout(timer);
      if (event === 'resync-required') this.snapshotInFlight = false;
      if (!this.stopped) this.wake();
    };
    (this.socket as unknown as LooseEmitter).emit(event, payload, acked);
  }
}

interface LooseEmitter {
  emit(event: string, payload: unknown, ack: () => void): void;
}
