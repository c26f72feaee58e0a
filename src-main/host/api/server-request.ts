import type { z } from 'zod';
import { isErrorCode, type ErrorCode } from '../../../src-shared/result.js';

/** What an HTTP call to the sync server came to, in the three cases callers act on differently. */
export type ServerOutcome<T> =
  | { kind: 'ok'; value: T }
  /** The server answered and said no: never fall back to the offline path for this. */
  | { kind: 'refused'; code: ErrorCode; message: string }
  /** No usable answer (network error, timeout, 5xx, malformed body): offline rules apply. */
  | { kind: 'unreachable'; message: string };

export interface ServerRequest<S extends z.ZodType> {
  serverUrl: string;
  path: string;
  /** Schema of the success body; a body that fails it counts as unreachable. */
  reply: S;
  /** What the request is, for messages ("login", "user list"). */
  what: string;
  timeoutMs: number;
  init?: Omit<RequestInit, 'signal'>;
  signal?: AbortSignal | undefined;
}

/** One JSON request to the sync server with a timeout, its answer sorted into ServerOutcome. */
export async function requestServer<S extends z.ZodType>(request: ServerRequest<S>): Promise<ServerOutcome<z.output<S>>> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    response = await fetch(new URL(request.path, request.serverUrl), {
      ...request.init,
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status >= 500) return { kind: 'unreachable', message: `server answered ${response.status}` };
  if (!response.ok) {
    const b = (body ?? {}) as { code?: unknown; message?: unknown };
    const fallback: ErrorCode = response.status === 401 ? 'unauthorized' : response.status === 403 ? 'forbidden' : 'bad-request';
    const code = isErrorCode(b.code) ? b.code : fallback;
    return { kind: 'refused', code, message: typeof b.message === 'string' ? b.message : `${request.what} refused (${response.status})` };
  }
  const parsed = request.reply.safeParse(body);
  if (!parsed.success) return { kind: 'unreachable', message: `malformed ${request.what} reply` };
  return { kind: 'ok', value: parsed.data };
}
