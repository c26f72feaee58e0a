import { z } from 'zod';
import { UserSchema, type User } from '../../../src-shared/model/user.js';
import type { ErrorCode } from '../../../src-shared/result.js';
import { requestServer } from './server-request.js';

export type UsersOutcome =
  | { kind: 'ok'; users: User[] }
  /** The server answered and said no (e.g. the token expired). */
  | { kind: 'refused'; code: ErrorCode; message: string }
  /** No usable answer (network error, timeout, 5xx, malformed body). */
  | { kind: 'unreachable'; message: string };

const UsersReplySchema = z.object({ users: z.array(UserSchema).max(10_000) });

/** GET `${serverUrl}/api/users` with the session's Bearer token and a short timeout. */
export async function getUsers(serverUrl: string, token: string, timeoutMs: number, signal?: AbortSignal): Promise<UsersOutcome> {
  const outcome = await requestServer({
    serverUrl,
    path: '/api/users',
    reply: UsersReplySchema,
    what: 'user list',
    timeoutMs,
    signal,
    headers: { authorization: `Bearer ${token}` },
  });
  return outcome.kind === 'ok' ? { kind: 'ok', users: outcome.value.users } : outcome;
}
