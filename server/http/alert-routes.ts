import type { FastifyInstance } from 'fastify';
import { AlertDraftSchema } from '../../src-shared/model/alert.js';
import { hasRoleAtLeast } from '../../src-shared/model/user.js';
import { CommandIdSchema } from '../../src-shared/protocol/sync-protocol.js';
import { ulid } from '../../src-shared/ulid.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { describeIssues } from '../domain/command-bus.js';
import type { CommandQueue } from '../domain/command-queue.js';
import { sendFailure } from './http-errors.js';

const ALERT_BODY_LIMIT = 64 * 1024;

/**
 * POST /api/alerts for integrations (analytics, CAP feeds, webhooks). It takes the
 * same command path as a workstation. An `Idempotency-Key` header holding a ULID
 * becomes the command id (and the alert id), so a retried webhook raises once.
 */
export function registerAlertRoutes(app: FastifyInstance, auth: UserAuthenticator, commands: CommandQueue): void {
  app.post('/api/alerts', { bodyLimit: ALERT_BODY_LIMIT }, async (request, reply) => {
    const user = auth.userFromBearer(request.headers.authorization);
    if (!user.ok) return sendFailure(reply, user);
    if (!hasRoleAtLeast(user.value.role, 'operator')) return sendFailure(reply, { ok: false, code: 'forbidden', message: 'Raising alerts needs the operator role' });
    const draft = AlertDraftSchema.safeParse(request.body);
    if (!draft.success) return sendFailure(reply, describeIssues(draft.error));
    const key = request.headers['idempotency-key'];
    const commandId = typeof key === 'string' && CommandIdSchema.safeParse(key).success ? key : ulid();
    const ack = await commands.submit({ commandId, type: 'alert.raise', payload: { alertId: commandId, draft: request.body } }, user.value);
    if (!ack.ok) return sendFailure(reply, ack);
    return reply.code(ack.duplicate ? 200 : 201).send({ ok: true, alertId: commandId, seq: ack.seq, duplicate: ack.duplicate });
  });
}
