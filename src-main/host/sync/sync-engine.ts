import type { ReportChangeSummary } from './report-event-applier.js';
import { io } from 'socket.io-client';
import type { RejectedCommand } from '../../../src-shared/desktop-api.js';
import { HelloReplySchema, SYNC_SCHEMA_VERSION, type BatchFormat, type Hello, type HelloReply } from '../../../src-shared/protocol/sync-protocol.js';
import type { OutboxRepository } from '../cache/outbox-repository.js';
import type { SyncState } from '../cache/sync-state.js';
import { AlertNotices } from './alert-notices.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { BatchApplier } from './batch-applier.js';
import type { WallChangeSummary } from './wall-event-applier.js';
import { CommandSender, judgeAck, type VigilSocket } from './command-sender.js';
import type { StatusTracker } from './status-tracker.js';

export type TokenResult = { ok: true; token: string } | { ok: false; code: 'unauthorized' | 'unavailable'; message: string };

export interface TokenSource {
  /** The token to connect with; may log in again over HTTP when the session still holds a password. */
  current(): Promise<TokenResult>;
  /** The server refused it. */
  invalidate(): void;
}

export interface SyncEngineOptions {
  serverUrl: string;
  workstationId: string;
  outbox: OutboxRepository;
  state: SyncState;
  applier: BatchApplier;
  status: StatusTracker;
  backoff: BackoffOptions;
  connectTimeoutMs?: number;
  helloTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Alerts the sync changed; during a catch-up merged and told at most once per `catchUpNoticeMs` (1000). */
  onAlertsChanged(alertIds: string[]): void;
  catchUpNoticeMs?: number;
  /** Cameras, layouts, tours, workstations or this workstation's wall monitors changed (from the server). */
  onWallChanged?(changes: WallChangeSummary): void;
  onReportsChanged?(changes: ReportChangeSummary): void;
  onRejected(rejected: RejectedCommand): void;
  /** The server answered hello: the link is up with `token` (e.g. to refresh what the cache keeps beside the replica). */
  onOnline?(token: string, reply: HelloReply): void;
}

/**
 * One socket.io connection to the server at a time, with our own reconnect
 * loop: resume from the cursor, apply batches, flush the outbox strictly in
 * order, one command in flight. Every callback carries the generation of the
 * connection it belongs to, so a late event of a dead socket changes nothing.
 */
export class SyncEngine {
  private socket: VigilSocket | null = null;
  private generation = 0;
  private online = false;
  private running = false;
  private userId: string | null = null;
  private tokens: TokenSource | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing = false;
  private flushAgain = false;
  private readonly backoff: Backoff;
  private readonly sender: CommandSender;
  private readonly alertNotices: AlertNotices;

  constructor(private readonly o: SyncEngineOptions) {
    this.backoff = new Backoff(o.backoff);
    this.sender = new CommandSender(o.commandTimeoutMs ?? 8000);
    this.alertNotices = new AlertNotices((ids) => o.onAlertsChanged(ids), o.catchUpNoticeMs);
  }

  get isOnline(): boolean {
    return this.online;
  }

  start(userId: string, tokens: TokenSource): void {
    this.stop();
    this.running = true;
    this.userId = userId;
    this.tokens = tokens;
    this.backoff.reset();
    this.o.status.update({ connection: 'connecting', authRequired: false, lastError: null });
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.teardown();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.o.status.update({ connection: 'offline', nextRetryAt: null });
  }

  /** A command was queued: send it now if we are online. */
  kick(): void {
    if (this.online) void this.flush();
  }

  private async connect(): Promise<void> {
    if (!this.running || !this.tokens) return;
    if (this.o.status.connection.nextRetryAt !== null) this.o.status.update({ nextRetryAt: null });
    const gen = ++this.generation;
    const token = await this.tokens.current();
    if (gen !== this.generation || !this.running) return;
    if (!token.ok) {
      if (token.code === 'unauthorized') return this.requireAuth(token.message);
      return this.lost(gen, token.message);
    }
    const socket: VigilSocket = io(this.o.serverUrl, {
      path: '/sync',
      auth: { token: token.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: this.o.connectTimeoutMs ?? 5000,
    });
    this.socket = socket;
    socket.on('connect', () => this.hello(gen, socket, token.token));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (gen !== this.generation) return;
      if (error.message === 'unauthorized' || error.data?.code === 'unauthorized') {
        this.tokens?.invalidate();
        this.teardown();
        // Try again: a session that still holds the password gets a fresh token, any other stops there.
        return this.scheduleRetry(this.backoff.next());
      }
      this.lost(gen, `connect failed: ${error.message}`);
    });
    socket.on('disconnect', (reason) => this.lost(gen, `disconnected: ${reason}`));
    const onBatch = (format: BatchFormat, batch: unknown, ack: () => void): void => {
      if (gen !== this.generation) return;
      const outcome = this.o.applier.apply(batch, format);
      if (outcome.kind === 'applied') {
        ack();
        if (outcome.removedFromOutbox > 0) {
          // A settled command changes what the operator sees now (its pending mark goes).
          this.alertNotices.now(outcome.changedAlertIds);
        } else if (outcome.changedAlertIds.length > 0) {
          this.alertNotices.changed(outcome.changedAlertIds, outcome.cursor < outcome.headSeq);
        }
        const w = outcome.wall;
        // A settled outbox row may have been a layout or camera edit: its pending mark goes away.
        if (outcome.removedFromOutbox > 0 || w.cameraIds.length + w.layoutIds.length + w.tourIds.length + w.displayIds.length > 0 || w.workstations) {
          this.o.onWallChanged?.(w);
        }
        const r = outcome.reports;
        if (outcome.removedFromOutbox > 0 || r.reportIds.length > 0 || r.departments || r.routingRules) this.o.onReportsChanged?.(r);
        if (outcome.removedFromOutbox > 0) this.o.status.touch();
        else this.o.status.touchThrottled();
      } else if (outcome.kind === 'duplicate') {
        ack();
      } else {
        // A gap or a broken batch: start again from our cursor on a new connection.
        this.lost(gen, outcome.kind === 'gap' ? `gap: cursor ${outcome.cursor}, batch from ${outcome.from}` : outcome.message);
      }
    };
    socket.on('events', (batch, ack) => onBatch('json', batch, ack));
    // What the hello asks for; a server that does not know `batchFormat` sends `events`.
    socket.on('packed-events', (batch, ack) => onBatch('packed', batch, ack));
    socket.on('resync-required', (snapshot, ack) => {
      if (gen !== this.generation) return;
      const outcome = this.o.applier.applySnapshot(snapshot);
      if (outcome.kind === 'applied') {
        ack();
        this.o.onAlertsChanged(outcome.changedAlertIds);
        this.o.onWallChanged?.(outcome.wall);
        this.o.onReportsChanged?.(outcome.reports);
        this.o.status.touch();
      } else {
        this.lost(gen, outcome.message);
      }
    });
    socket.on('protocol-error', (error) => {
      if (gen !== this.generation) return;
      if (error?.code === 'schema-mismatch') {
        this.running = false;
        this.teardown();
        this.o.status.update({ connection: 'offline', lastError: `schema mismatch: ${error.message}` });
      } else {
        this.o.status.update({ lastError: String(error?.message ?? 'protocol error') });
      }
    });
  }

  private hello(gen: number, socket: VigilSocket, token: string): void {
    if (gen !== this.generation) return;
    const hello: Hello = { workstationId: this.o.workstationId, cursor: this.o.state.cursor(), schemaVersion: SYNC_SCHEMA_VERSION, batchFormat: 'packed' };
    socket.timeout(this.o.helloTimeoutMs ?? 5000).emit('hello', hello, (error: Error | null, reply: unknown) => {
      if (gen !== this.generation) return;
      if (error) return this.lost(gen, 'hello timed out');
      const r = reply as { ok?: boolean; code?: string; message?: string; value?: unknown };
      if (!r || r.ok !== true) {
        if (r?.code === 'unauthorized') return this.requireAuth(r.message ?? 'unauthorized');
        if (r?.code === 'schema-mismatch') {
          this.running = false;
          this.teardown();
          return this.o.status.update({ connection: 'offline', lastError: `schema mismatch: ${r.message ?? ''}` });
        }
        return this.lost(gen, `hello refused: ${r?.message ?? 'no reply'}`);
      }
      const parsed = HelloReplySchema.safeParse(r.value);
      if (!parsed.success) return this.lost(gen, 'malformed hello reply');
      this.o.state.setHeadSeq(Math.max(parsed.data.headSeq, this.o.state.cursor()));
      this.o.state.setLastSyncAt(new Date().toISOString());
      this.online = true;
      this.backoff.reset();
      this.o.status.update({ connection: 'online', lastError: null, authRequired: false });
      void this.flush();
      try {
        this.o.onOnline?.(token, parsed.data);
      } catch {
        // what the host does beside the sync must not break it
      }
    });
  }

  /** The connection `gen` failed: go offline (once) and try again after a backoff. */
  private lost(gen: number, reason: string): void {
    if (gen !== this.generation || !this.running) return;
    this.teardown();
    this.o.status.update({ connection: 'offline', lastError: reason });
    this.scheduleRetry(this.backoff.next());
  }

  private requireAuth(message: string): void {
    this.running = false;
    this.teardown();
    this.o.status.update({ connection: 'offline', authRequired: true, nextRetryAt: null, lastError: message });
  }

  private scheduleRetry(delayMs: number): void {
    if (!this.running) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delayMs);
    this.o.status.update({ nextRetryAt: new Date(Date.now() + delayMs).toISOString() });
  }

  private teardown(): void {
    this.generation++;
    this.online = false;
    this.alertNotices.flush();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.sender.cancelAll();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }

  /** Sends unacknowledged commands in local order, one at a time, each awaiting its ack. */
  private async flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.flushAgain = false;
        await this.flushLoop();
      } while (this.flushAgain && this.online);
    } finally {
      this.flushing = false;
    }
  }

  private async flushLoop(): Promise<void> {
    while (this.online && this.socket) {
      const gen = this.generation;
      const socket = this.socket;
      const entry = this.o.outbox.nextUnacked();
      if (!entry || entry.userId !== this.userId) return;
      this.o.outbox.recordAttempt(entry.commandId, null);
      const verdict = judgeAck(
        await this.sender.send(socket, { commandId: entry.commandId, type: entry.type, payload: entry.payload }),
      );
      if (gen !== this.generation) return; // a new connection resends it
      switch (verdict.kind) {
        case 'no-ack':
          return this.lost(gen, `no ack for command ${entry.commandId}`);
        case 'applied':
          this.o.outbox.markAcked(entry.commandId, verdict.seq, this.o.state.cursor());
          this.o.status.touch();
          this.notifyAlert(entry.payload);
          continue;
        case 'rejected': {
          const rejected = this.o.outbox.reject(entry.commandId, verdict.code, verdict.message, new Date().toISOString());
          this.o.status.touch();
          this.notifyAlert(entry.payload);
          if (rejected) this.o.onRejected(rejected);
          continue;
        }
        case 'unauthorized':
          this.o.outbox.noteError(entry.commandId, `unauthorized: ${verdict.message}`);
          this.tokens?.invalidate();
          return this.lost(gen, verdict.message);
        case 'retry-later':
          // unavailable / internal: it stays first in line; try again later on this connection.
          this.o.outbox.noteError(entry.commandId, `${verdict.code}: ${verdict.message}`);
          this.flushTimer = setTimeout(() => {
            this.flushTimer = null;
            void this.flush();
          }, this.backoff.next());
          return;
      }
    }
  }

  private notifyAlert(payload: unknown): void {
    const id = (payload as { alertId?: unknown } | null)?.alertId;
    if (typeof id === 'string') this.o.onAlertsChanged([id]);
  }
}
