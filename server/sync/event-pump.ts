import type { Socket } from 'socket.io';
import type { Alert } from '../../src-shared/model/alert.js';
import { MAX_EVENTS_PER_BATCH, type EventBatch, type Snapshot } from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { markBatch } from './batch-encoder.js';

/** What a pump needs from the store: cheap seq range reads and a snapshot. */
export interface PumpSource {
  headSeq(): number;
  oldestSeq(): number;
  readEvents(afterSeq: number, limit: number): SyncEvent[];
  listAlerts(): Alert[];
}

export interface PumpOptions {
  readonly ackTimeoutMs: number;
  readonly batchSize?: number;
}

/**
 * Streams the log to one socket from its cursor: catch-up and live delivery are
 * the same loop. One batch is in flight at a time; the next goes only after the
 * client acks (its batch and cursor are committed), which is the back-pressure.
 * A missing ack drops the socket; the client reconnects and resumes from its cursor.
 */
export class EventPump {
  private cursor = 0;
  private started = false;
  private inFlight = false;
  private scheduled = false;
  private stopped = false;
  /** Bumped by every hello, so an ack for a batch sent before it does not move the new cursor. */
  private generation = 0;
  private ackTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly source: PumpSource,
    private readonly options: PumpOptions,
  ) {}

  start(cursor: number): void {
    this.cursor = cursor;
    this.started = true;
    this.generation++;
    this.wake();
  }

  /** Coalesces wake-ups within a tick, so a burst of commits becomes one batch. */
  wake(): void {
    if (!this.started || this.stopped || this.inFlight || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.step();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.ackTimer !== null) clearTimeout(this.ackTimer);
    this.ackTimer = null;
  }

  private step(): void {
    if (this.stopped || this.inFlight || !this.socket.connected) return;
    const head = this.source.headSeq();
    if (this.cursor > head) return this.sendSnapshot('cursor-ahead');
    if (this.cursor === head) return;
    if (this.cursor < this.source.oldestSeq() - 1) return this.sendSnapshot('cursor-too-old');
    const items = this.source.readEvents(this.cursor, this.options.batchSize ?? MAX_EVENTS_PER_BATCH);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const batch = markBatch({ from: first.seq, to: last.seq, headSeq: head, items });
    this.send('events', batch, last.seq);
  }

  private sendSnapshot(reason: Snapshot['reason']): void {
    // better-sqlite3 is synchronous, so head and alerts are read at one point in time.
    const seq = this.source.headSeq();
    const snapshot: Snapshot = { seq, reason, alerts: this.source.listAlerts() };
    this.send('resync-required', snapshot, seq);
  }

  private send(event: 'events' | 'resync-required', payload: EventBatch | Snapshot, nextCursor: number): void {
    this.inFlight = true;
    const generation = this.generation;
    // Our own timer rather than socket.timeout(): it is cleared when the socket goes,
    // so a closed server is not kept alive by acks that will never come.
    const finish = (error: Error | null): void => {
      if (this.ackTimer === null) return;
      clearTimeout(this.ackTimer);
      this.ackTimer = null;
      this.inFlight = false;
      if (this.stopped) return;
      if (error) {
        this.socket.disconnect(true);
        return;
      }
      if (generation === this.generation) this.cursor = nextCursor;
      this.wake();
    };
    this.ackTimer = setTimeout(() => finish(new Error('ack timed out')), this.options.ackTimeoutMs);
    (this.socket as unknown as LooseEmitter).emit(event, payload, () => finish(null));
  }
}

interface LooseEmitter {
  emit(event: string, payload: unknown, ack: () => void): void;
}
