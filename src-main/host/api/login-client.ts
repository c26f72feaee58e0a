import { LoginReplySchema, type LoginReply } from '../../../src-shared/protocol/sync-protocol.js';
import type { ErrorCode } from '../../../src-shared/result.js';
import { requestServer } from './server-request.js';

export type LoginOutcome =
  | { kind: 'ok'; reply: LoginReply }
  /** The server answered and said no: never fall back to the offline check for this. */
  | { kind: 'refused'; code: ErrorCode; message: string }
  /** No usable answer (network error, timeout, 5xx): the offline check may decide. */
  | { kind: 'unreachable'; message: string };

/** POST `${serverUrl}/api/login` with a short timeout. */
export async function postLogin(
  serverUrl: string,
  credentials: { username: string; password: string },
  timeoutMs: number,
): Promise<LoginOutcome> {
  const outcome = await requestServer({
    serverUrl,
    path: '/api/login',
    reply: LoginReplySchema,
    what: 'login',
    timeoutMs,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credentials.username, password: credentials.password }),
  });
  return outcome.kind === 'ok' ? { kind: 'ok', reply: outcome.value } : outcome;
}
