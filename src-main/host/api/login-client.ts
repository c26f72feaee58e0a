import { LoginReplySchema, type LoginReply } from '../../../src-shared/protocol/sync-protocol.js';
import { isErrorCode, type ErrorCode } from '../../../src-shared/result.js';

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
  let response: Response;
  try {
    response = await fetch(new URL('/api/login', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: credentials.username, password: credentials.password }),
      signal: AbortSignal.timeout(timeoutMs),
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
    return { kind: 'refused', code, message: typeof b.message === 'string' ? b.message : `login refused (${response.status})` };
  }
  // Accept the reply bare or wrapped as Result data.
  const wrapped = body as { ok?: unknown; value?: unknown } | null;
  const candidate = wrapped && wrapped.ok === true && 'value' in wrapped ? wrapped.value : body;
  const parsed = LoginReplySchema.safeParse(candidate);
  if (!parsed.success) return { kind: 'unreachable', message: 'malformed login reply' };
  return { kind: 'ok', reply: parsed.data };
}
