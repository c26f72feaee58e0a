import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KpiFigureRef } from '../../../src-shared/model/kpi.js';
import { isErrorCode, type ErrorCode } from '../../../src-shared/result.js';

/** What a GET to the server's KPI routes came to, sorted like ServerOutcome (api/server-request.ts). */
export type KpiFetchOutcome =
  | { kind: 'ok'; body: Buffer; headers: IncomingHttpHeaders }
  /** The server answered and said no (token expired, unknown agency, role): shown as is, never replaced by the cache. */
  | { kind: 'refused'; code: ErrorCode; message: string }
  /** No usable answer (network error, timeout, 5xx, too large): the cache answers instead. */
  | { kind: 'unreachable'; message: string };

export interface KpiGet {
  serverUrl: string;
  path: string;
  token: string;
  timeoutMs: number;
  /** Bigger bodies are cut off and count as no answer. */
  maxBytes: number;
  /** The service's own signal (closing the host aborts every request). */
  signal?: AbortSignal;
}

/** The query of a figure as the KPI routes read it: absent parts are left out. */
export function figureQuery(ref: KpiFigureRef, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ scope: ref.scope, metric: ref.metric });
  if (ref.agencyId !== undefined) params.set('agencyId', ref.agencyId);
  if (ref.field !== undefined) params.set('field', ref.field);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/**
 * One GET with the session's Bearer token: an AbortController ends it at `timeoutMs`
 * (the whole request, a slow trickle too) or when the service closes. A fresh connection
 * per call, no redirects. Never throws.
 */
export function kpiGet(request: KpiGet): Promise<KpiFetchOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(request.path, request.serverUrl);
    } catch {
      resolve({ kind: 'unreachable', message: `bad server URL ${request.serverUrl}` });
      return;
    }
    const controller = new AbortController();
    let settled = false;
    const settle = (outcome: KpiFetchOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onOuterAbort);
      resolve(outcome);
    };
    const onOuterAbort = (): void => controller.abort(new Error('closed'));
    if (request.signal?.aborted) {
      resolve({ kind: 'unreachable', message: 'closed' });
      return;
    }
    request.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const deadline = setTimeout(() => controller.abort(new Error(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    const reason = (): string => {
      const r: unknown = controller.signal.reason;
      return r instanceof Error ? r.message : 'aborted';
    };

    const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = requestFn(
      url,
      { method: 'GET', headers: { authorization: `Bearer ${request.token}`, accept: 'application/json, text/csv' }, agent: false, signal: controller.signal },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxBytes) {
            settle({ kind: 'unreachable', message: `the server's answer is larger than ${request.maxBytes} bytes` });
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error) => settle({ kind: 'unreachable', message: controller.signal.aborted ? reason() : error.message }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks);
          if (status >= 200 && status < 300) return settle({ kind: 'ok', body, headers: res.headers });
          if (status >= 500 || status === 0) return settle({ kind: 'unreachable', message: `server answered ${status}` });
          let parsed: { code?: unknown; message?: unknown } = {};
          try {
            parsed = (JSON.parse(body.toString('utf8')) ?? {}) as typeof parsed;
          } catch {
            // not JSON: the status decides
          }
          const fallback: ErrorCode = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 429 ? 'rate-limited' : 'bad-request';
          settle({
            kind: 'refused',
            code: isErrorCode(parsed.code) ? parsed.code : fallback,
            message: typeof parsed.message === 'string' ? parsed.message.slice(0, 500) : `the server refused (${status})`,
          });
        });
      },
    );
    req.on('error', (error) => settle({ kind: 'unreachable', message: controller.signal.aborted ? reason() : error.message }));
    req.end();
  });
}
