import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, type LoginReply } from '../../src-shared/protocol/sync-protocol.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { describeIssues } from '../domain/command-bus.js';
import { sendFailure } from './http-errors.js';

const LOGIN_BODY_LIMIT = 4 * 1024;

/** POST /api/login: username + password → signed token for the socket and the HTTP API. */
export function registerAuthRoutes(app: FastifyInstance, auth: UserAuthenticator, throttle = new LoginThrottle()): void {
  app.post('/api/login', { bodyLimit: LOGIN_BODY_LIMIT }, async (request, reply) => {
    const body = LoginRequestSchema.safeParse(request.body);
    if (!body.success) return sendFailure(reply, describeIssues(body.error));
    const { username, password } = body.data;
    const retryAfter = throttle.retryAfterSeconds(username, request.ip);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      return sendFailure(reply, {
        ok: false,
        code: 'rate-limited',
        message: `Too many failed logins; try again in ${retryAfter} s`,
        details: { retryAfterSeconds: retryAfter },
      });
    }
    const result = await auth.login(username, password);
    if (!result.ok) {
      if (result.code === 'unauthorized') throttle.recordFailure(username, request.ip);
      return sendFailure(reply, result);
    }
    throttle.recordSuccess(username);
    const answer: LoginReply = result.value;
    return reply.code(200).send(answer);
  });
}
