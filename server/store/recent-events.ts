import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';

/**
 * The newest committed events in memory, so that live fan-out to many sockets
 * reads no disk and parses no JSON. Only contiguous runs are kept.
 */
export class RecentEvents {
  private items: SyncEvent[] = [];

  constructor(private readonly capacity: number) {}

  push(events: readonly SyncEvent[]): void {
    const first = events[0];
    if (!first) return;
    const last = this.items[this.items.length - 1];
    if (last && last.seq + 1 !== first.seq) this.items = [];
    for (const event of events) this.items.push(event);
    if (this.items.length > this.capacity * 1.5) this.items = this.items.slice(this.items.length - this.capacity);
  }

  /** null when the range starts before what is held (the caller then reads the log). */
  read(afterSeq: number, limit: number): SyncEvent[] | null {
    const first = this.items[0];
    if (!first || afterSeq + 1 < first.seq) return null;
    const start = afterSeq + 1 - first.seq;
    return this.items.slice(start, start + limit);
  }
}
