/**
 * Tells the windows which alerts the sync changed. Batches applied while the
 * replica is still behind the server's head (a catch-up) are merged and told at
 * most once per `catchUpMs`: every notice makes each window read the alert list
 * again, and a catch-up of 200,000 events comes as 200 batches. The last batch of
 * a catch-up, a live batch, and anything else are told at once, with whatever was
 * waiting.
 */
export class AlertNotices {
  private readonly waiting = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (alertIds: string[]) => void,
    private readonly catchUpMs = 1000,
  ) {}

  /** `behind`: the batch that changed them left the replica short of the server's head. */
  changed(alertIds: readonly string[], behind: boolean): void {
    for (const id of alertIds) this.waiting.add(id);
    if (!behind) return this.flush();
    if (!this.timer && this.waiting.size > 0) {
      this.timer = setTimeout(() => this.flush(), this.catchUpMs);
      this.timer.unref?.();
    }
  }

  /** Tells at once, with whatever was waiting, even when that is no id (an outbox row settled). */
  now(alertIds: readonly string[]): void {
    for (const id of alertIds) this.waiting.add(id);
    this.flush(true);
  }

  /** Tells what is waiting now (e.g. the connection ended). */
  flush(evenIfEmpty = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.size === 0 && !evenIfEmpty) return;
    const ids = [...this.waiting];
    this.waiting.clear();
    this.emit(ids);
  }
}
