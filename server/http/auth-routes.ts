import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, type LoginReply } from '../../src-shared/protocol/sync-protocol.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { describeIssues } from '../domain/command-bus.js';
import { sendFailure } from './http-errors.js';

const LOGIN_BODY_LIMIT = 4 * 1024;

/** POST /api/login: username + password → signed token for the socket and the HTTP API. */
export function registerAuthRoutes(app: FastifyInstance, auth: UserAuthenticator): void {
  app.post('/api/login', { bodyLimit: LOGIN_BODY_LIMIT }, async (request, reply) => {
    const body = LoginRequestSchema.safeParse(request.body);
    if (!body.success) return sendFailure(reply, describeIssues(body.error));
    const result = await auth.login(body.data.username, body.data.password);
    if (!result.ok) return sendFailure(reply, result);
    const answer: LoginReply = result.value;
    return reply.code(200).send(answer);
  });
}
