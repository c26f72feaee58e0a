import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorCode, Failure } from '../../src-shared/result.js';

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'invalid-transition': 409,
  'unknown-command': 400,
  'payload-too-large': 413,
  offline: 503,
  unavailable: 503,
  'schema-mismatch': 400,
  'rate-limited': 429,
  internal: 500,
};

export function statusFor(code: ErrorCode): number {
  return STATUS[code];
}

export function sendFailure(reply: FastifyReply, failure: Failure): FastifyReply {
  const body = { ok: false as const, code: failure.code, message: failure.message, ...(failure.details === undefined ? {} : { details: failure.details }) };
  return reply.code(statusFor(failure.code)).send(body);
}

/** Every HTTP error, ours or Fastify's (bad JSON, body too large, no route), leaves as `{ok:false, code, message}`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return sendFailure(reply, { ok: false, code: 'payload-too-large', message: 'Request body is too large' });
    if (status === 415) return reply.code(415).send({ ok: false, code: 'bad-request', message: 'Content-Type must be application/json' });
    if (status >= 400 && status < 500) return reply.code(status).send({ ok: false, code: 'bad-request', message: error.message });
    app.log.error(error);
    return sendFailure(reply, { ok: false, code: 'internal', message: 'Internal server error' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendFailure(reply, { ok: false, code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
