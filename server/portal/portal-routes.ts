import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConnectorHealth } from '../../src-shared/model/kpi.js';
import { hasRoleAtLeast, type User } from '../../src-shared/model/user.js';
import { fail, type Result } from '../../src-shared/result.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { sendFailure } from '../http/http-errors.js';
import type { PortalIngestion } from './portal-ingestion.js';

/** A year of a province's dossiers as CSV is a few tens of MB; only admins may send that much. */
export const PORTAL_IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const ImportBodySchema = z.strictObject({
  /** The id of a configured mapping (columns are its paths). */
  mappingId: z.string().min(1).max(64),
  text: z.string().min(1),
});

export interface PortalRouteDeps {
  auth: Pick<UserAuthenticator, 'userFromBearer'>;
  ingestion: Pick<PortalIngestion, 'importCsv' | 'health'>;
  /** Told the import's source id, so the caller can log it. */
  onImported?: (user: User, mappingId: string, imported: number) => void;
}

function adminFrom(deps: PortalRouteDeps, request: FastifyRequest): Result<User> {
  const user = deps.auth.userFromBearer(request.headers.authorization);
  if (!user.ok) return user;
  return hasRoleAtLeast(user.value.role, 'admin') ? user : fail('forbidden', 'Only an administrator may import dossiers');
}

/**
 * The portal's administration over HTTP: a CSV back-fill through a configured mapping
 * (`POST /api/portal/import`, admin; the KPI board and warnings follow at once) and every
 * source's health, CSV imports included (`GET /api/portal/health`, any signed-in user).
 */
export function registerPortalRoutes(app: FastifyInstance, deps: PortalRouteDeps): void {
  app.post(
    '/api/portal/import',
    {
      bodyLimit: PORTAL_IMPORT_BODY_LIMIT,
      // Before the body is read: the large limit is for admins, not for anyone who can reach the port.
      onRequest: async (request, reply) => {
        const user = adminFrom(deps, request);
        if (!user.ok) return sendFailure(reply, user);
        return undefined;
      },
    },
    async (request, reply) => {
      const user = adminFrom(deps, request);
      if (!user.ok) return sendFailure(reply, user);
      const body = ImportBodySchema.safeParse(request.body);
      if (!body.success) return sendFailure(reply, fail('bad-request', 'Body must be {"mappingId": "<configured mapping id>", "text": "<CSV>"}'));
      const report = deps.ingestion.importCsv(body.data.text, body.data.mappingId);
      if (!report.ok) return sendFailure(reply, report);
      deps.onImported?.(user.value, body.data.mappingId, report.value.imported);
      return reply.code(200).send({ ok: true, report: report.value });
    },
  );

  app.get('/api/portal/health', async (request, reply) => {
    const user = deps.auth.userFromBearer(request.headers.authorization);
    if (!user.ok) return sendFailure(reply, user);
    const sources: ConnectorHealth[] = deps.ingestion.health();
    return { ok: true, sources };
  });
}
