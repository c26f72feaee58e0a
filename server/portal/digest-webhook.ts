/**
 * Delivery of a digest to a webhook: one POST of JSON carrying the HTML, with a timeout
 * per attempt and retries (exponential back-off) on network errors, timeouts, 408, 429
 * and 5xx. Any other 4xx is the receiver refusing the content: no retry.
 */

export interface WebhookOptions {
  url: string;
  /** Extra request headers (e.g. an Authorization the receiver expects). */
  headers?: Record<string, string>;
  /** Per attempt; default 10000 ms. */
  timeoutMs?: number;
  /** Attempts after the first; default 3. */
  retries?: number;
  /** First back-off; doubled each retry (capped at 60 s); default 1000 ms. */
  retryDelayMs?: number;
}

export interface WebhookResult {
  status: number;
  attempts: number;
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function postWebhook(options: WebhookOptions, payload: unknown): Promise<WebhookResult> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookError(`webhook URL must be http(s), got ${url.protocol}`, 0, null);
  const body = JSON.stringify(payload);
  const retries = Math.max(0, Math.floor(options.retries ?? 3));
  const timeoutMs = options.timeoutMs ?? 10_000;
  let delay = Math.max(0, options.retryDelayMs ?? 1000);
  let lastError = '';
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { status: response.status, attempts: attempt };
      lastStatus = response.status;
      lastError = `HTTP ${response.status}`;
      if (!RETRYABLE(response.status)) throw new WebhookError(`webhook refused the digest: HTTP ${response.status}`, attempt, response.status);
    } catch (error) {
      if (error instanceof WebhookError) throw error;
      lastStatus = null;
      lastError = error instanceof Error ? (error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : error.message) : String(error);
    }
    if (attempt <= retries) {
      await sleep(delay);
      delay = Math.min(60_000, delay * 2);
    }
  }
  throw new WebhookError(`webhook delivery failed after ${retries + 1} attempts: ${lastError}`, retries + 1, lastStatus);
}
