/**
 * Errors cross every process boundary as data, never as thrown strings:
 * the renderer, the host, the server and the socket all speak this shape.
 */
export const ERROR_CODES = [
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'invalid-transition',
  'unknown-command',
  'payload-too-large',
  'offline',
  'unavailable',
  'schema-mismatch',
  'rate-limited',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Failure {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into a Failure without leaking stack traces across the boundary. */
export function failureFromUnknown(error: unknown, code: ErrorCode = 'internal'): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return fail(code, message);
}
