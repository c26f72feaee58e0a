import type { FastifyInstance } from 'fastify';
import type { UserAuthenticator } from '../auth/authenticator.js';
import type { VigilStore } from '../store/vigil-store.js';
import { sendFailure } from './http-errors.js';

/** Read-only lists a signed-in workstation needs: people (for the reassign picker) and the region's units. */
export function registerDirectoryRoutes(app: FastifyInstance, auth: UserAuthenticator, store: VigilStore): void {
  app.get('/api/users', async (request, reply) => {
    const user = auth.userFromBearer(request.headers.authorization);
    if (!user.ok) return sendFailure(reply, user);
    return { ok: true, users: store.users.listActive() };
  });
  app.get('/api/region/units', async (request, reply) => {
    const user = auth.userFromBearer(request.headers.authorization);
    if (!user.ok) return sendFailure(reply, user);
    return { ok: true, units: store.region.listUnits() };
  });
}
