import type { ConnectionState, SyncStatus } from '../../../src-shared/desktop-api.js';

/** What the status line needs from the cache; read fresh at every emit. */
export interface StoredSyncFigures {
  queued: number;
  cursor: number;
  headSeq: number | null;
  lastEventAt: string | null;
  lastSyncAt: string | null;
}

export interface ConnectionFigures {
  connection: ConnectionState;
  offlineSince: string | null;
  nextRetryAt: string | null;
  lastError: string | null;
  authRequired: boolean;
}

/**
 * Holds the connection half of SyncStatus and pushes the whole status on every
 * change. Changes that come with every applied batch (cursor, last event time)
 * are throttled so a catch-up of 200,000 events does not flood the windows.
 */
export class StatusTracker {
  private figures: ConnectionFigures;
  private lastEmitted = '';
  private lastEmitAt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly readStored: () => StoredSyncFigures,
    private readonly emit: (status: SyncStatus) => void,
    private readonly throttleMs = 250,
    initial: Partial<ConnectionFigures> = {},
  ) {
    this.figures = { connection: 'offline', offlineSince: null, nextRetryAt: null, lastError: null, authRequired: false, ...initial };
  }

  get connection(): ConnectionFigures {
    return { ...this.figures };
  }

  snapshot(): SyncStatus {
    return { ...this.figures, ...this.readStored() };
  }

  /**
   * A connection change: pushed at once. Going offline keeps the time the link was
   * first lost (a retry that fails again is not a new outage); going online clears it.
   */
  update(change: Partial<ConnectionFigures>): void {
    const offlineSince =
      change.connection === 'online' ? null
      : change.connection === 'offline' ? (change.offlineSince ?? this.figures.offlineSince ?? new Date().toISOString())
      : (change.offlineSince ?? this.figures.offlineSince);
    this.figures = { ...this.figures, ...change, offlineSince };
    this.flush();
  }

  /** A stored figure changed (queued count, e.g.): pushed at once. */
  touch(): void {
    this.flush();
  }

  /** Batch-driven change: at most one push per throttle window, the last state always arrives. */
  touchThrottled(): void {
    const wait = this.lastEmitAt + this.throttleMs - Date.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, wait);
      this.timer.unref?.();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    let status: SyncStatus;
    try {
      status = this.snapshot();
    } catch {
      return; // the cache is closing; nobody is listening any more
    }
    const key = JSON.stringify(status);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.lastEmitAt = Date.now();
    this.emit(status);
  }
}
