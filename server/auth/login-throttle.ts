/**
 * Slows password guessing at POST /api/login. Failures are counted per username
 * and per client address in a sliding window; past the limit, attempts are
 * refused with `rate-limited` (HTTP 429) until the oldest failure leaves the
 * window. A successful login clears its username's failures. In memory on
 * purpose: a restart forgets, which costs an attacker nothing they could not get
 * by waiting, and the server keeps no state a restart could corrupt.
 */
export interface LoginThrottleOptions {
  windowMs: number;
  maxPerUser: number;
  maxPerAddress: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { windowMs: 5 * 60_000, maxPerUser: 5, maxPerAddress: 20 };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before another attempt, or 0 when one may be made now. */
  retryAfterSeconds(username: string, address: string): number {
    const waits = [
      this.wait(`user:${username.toLowerCase()}`, this.options.maxPerUser),
      this.wait(`addr:${address}`, this.options.maxPerAddress),
    ];
    return Math.max(...waits);
  }

  recordFailure(username: string, address: string): void {
    for (const key of [`user:${username.toLowerCase()}`, `addr:${address}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
  }

  recordSuccess(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`);
  }

  private wait(key: string, max: number): number {
    const list = this.recent(key);
    if (list.length < max) return 0;
    const oldest = list[list.length - max]!;
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000));
  }

  /** Failures still inside the window; prunes the rest so the map cannot grow without bound. */
  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }
}
