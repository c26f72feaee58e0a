import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
}

interface RawResponse {
  status: number;
  body: unknown;
}

/**
 * A fresh connection per call (no keep-alive pool): these calls are rare (login,
 * user list), and a pooled connection that died silently in a network fault would
 * make the next login hang until its timeout and wrongly fall back to offline.
 */
function send(request: ServerRequest<z.ZodType>): Promise<RawResponse> {
  const url = new URL(request.path, request.serverUrl);
  const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = requestFn(
      url,
      { method: request.method ?? 'GET', headers: request.headers, agent: false, signal: request.signal, timeout: request.timeoutMs },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          } catch {
            body = null; // not JSON: the status decides, and a success body then fails its schema
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    // `timeout` fires on an idle socket; a whole-request deadline covers a slow trickle too.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** One JSON request to the sync server with a timeout, its answer sorted into ServerOutcome. */
export async function requestServer<S extends z.ZodType>(request: ServerRequest<S>): Promise<ServerOutcome<z.output<S>>> {
  let response: RawResponse;
  try {
    response = await send(request);
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
  const { body } = response;
  if (response.status >= 500) return { kind: 'unreachable', message: `server answered ${response.status}` };
  if (response.status < 200 || response.status >= 300) {
    const b = (body ?? {}) as { code?: unknown; message?: unknown };
    const fallback: ErrorCode = response.status === 401 ? 'unauthorized' : response.status === 403 ? 'forbidden' : 'bad-request';
    const code = isErrorCode(b.code) ? b.code : fallback;
    return { kind: 'refused', code, message: typeof b.message === 'string' ? b.message : `${request.what} refused (${response.status})` };
  }
  const parsed = request.reply.safeParse(body);
  if (!parsed.success) return { kind: 'unreachable', message: `malformed ${request.what} reply` };
  return { kind: 'ok', value: parsed.data };
}
