import type { FastifyInstance } from 'fastify';

export interface HealthSource {
  headSeq(): number;
  oldestSeq(): number;
  connectedClients(): number;
}

/** GET /health: liveness plus the figures an operator checks first. No auth: it reveals nothing private. */
export function registerHealthRoute(app: FastifyInstance, source: HealthSource, version: string, startedAt: number): void {
  app.get('/health', async () => ({
    ok: true,
    headSeq: source.headSeq(),
    oldestSeq: source.oldestSeq(),
    clients: source.connectedClients(),
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    version,
  }));
}
