/**
 * Reconnect delays: exponential growth with full jitter, so fifty workstations
 * that lost the server together do not all knock at the same instant when it
 * returns. The delay is drawn uniformly from [minMs, cap] where the cap doubles
 * per failed attempt up to maxMs; the floor keeps a dead server from being
 * hammered in a tight loop.
 */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 500, maxMs: 30_000 };

export function backoffCap(attempt: number, options: BackoffOptions): number {
  const min = Math.max(0, options.minMs);
  const max = Math.max(min, options.maxMs);
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(max, min * 2 ** exponent);
}

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const min = Math.max(0, options.minMs);
  const cap = backoffCap(attempt, options);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(min + r * (cap - min));
}

/** Counts failures since the last success; `next()` gives the delay before the next try. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const delay = backoffDelay(this.attempt, this.options, this.random);
    this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }

  get failures(): number {
    return this.attempt;
  }
}
