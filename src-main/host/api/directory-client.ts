import { z } from 'zod';
import { UserSchema, type User } from '../../../src-shared/model/user.js';
import { isErrorCode, type ErrorCode } from '../../../src-shared/result.js';

export type UsersOutcome =
  | { kind: 'ok'; users: User[] }
  /** The server answered and said no (e.g. the token expired). */
  | { kind: 'refused'; code: ErrorCode; message: string }
  /** No usable answer (network error, timeout, 5xx, malformed body). */
  | { kind: 'unreachable'; message: string };

const UsersReplySchema = z.object({ users: z.array(UserSchema).max(10_000) });

/** GET `${serverUrl}/api/users` with the session's Bearer token and a short timeout. */
export async function getUsers(
  serverUrl: string,
  token: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<UsersOutcome> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    response = await fetch(new URL('/api/users', serverUrl), {
      headers: { authorization: `Bearer ${token}` },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
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
    return { kind: 'refused', code, message: typeof b.message === 'string' ? b.message : `user list refused (${response.status})` };
  }
  const parsed = UsersReplySchema.safeParse(body);
  if (!parsed.success) return { kind: 'unreachable', message: 'malformed user list' };
  return { kind: 'ok', users: parsed.data.users };
}
