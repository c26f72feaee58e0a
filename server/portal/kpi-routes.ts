import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KpiFigureRefSchema, type ConnectorHealth, type DossierSummary, type KpiFigureRef } from '../../src-shared/model/kpi.js';
import { hasRoleAtLeast, type Role, type User } from '../../src-shared/model/user.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { describeIssues } from '../domain/command-bus.js';
import { sendFailure } from '../http/http-errors.js';
import type { Digest } from './digest-service.js';
import { DEFAULT_DRILL_LIMIT, DEFAULT_STALE_AFTER_MS, type KpiEngine } from './kpi-engine.js';
import { kpiCsvHead, kpiCsvRow } from '../../src-shared/model/kpi-csv.js';
import { vietnamDay } from '../../src-shared/model/vietnam-time.js';

export interface KpiRouteDeps {
  auth: Pick<UserAuthenticator, 'userFromBearer'>;
  engine: Pick<KpiEngine, 'board' | 'drill' | 'drillAll' | 'hasAgency'>;
  /** The connectors' health, shown as the board's provenance. */
  connectorHealth(): ConnectorHealth[];
  /** A polled source not read successfully for longer than this marks the board stale; default 15 min. */
  staleAfterMs?: number;
  /** A source's own threshold (e.g. the connector's configured staleAfterMs), overriding staleAfterMs. */
  staleAfterFor?: (source: ConnectorHealth) => number | undefined;
  digest: { generate(agencyId: string): Result<Digest> };
  /** Most rows one CSV export carries (the rest are counted in X-Total-Count); default 200000. */
  exportMaxRows?: number;
}

export const MAX_DRILL_LIMIT = 5000;
export const DEFAULT_EXPORT_MAX_ROWS = 200_000;
const QUERY_KEYS = new Set(['scope', 'metric', 'agencyId', 'field', 'limit']);

/**
 * Who may read what. Every KPI route only reads, and the board is what the whole control
 * room watches, so any signed-in role (operators included) may read the board, drill into
 * a figure and export it: the export holds exactly the rows a drill shows, and dossiers
 * carry no personal data (dossier.ts). The digest is the supervisors' report to the
 * agencies (what the daily run sends): supervisor or admin.
 */
const ROUTE_ROLE: Record<'board' | 'dossiers' | 'export' | 'digest', Role> = {
  board: 'operator',
  dossiers: 'operator',
  export: 'operator',
  digest: 'supervisor',
};

function userFor(deps: KpiRouteDeps, request: FastifyRequest, route: keyof typeof ROUTE_ROLE): Result<User> {
  const user = deps.auth.userFromBearer(request.headers.authorization);
  if (!user.ok) return user;
  const role = ROUTE_ROLE[route];
  if (!hasRoleAtLeast(user.value.role, role)) return fail('forbidden', `This needs the ${role} role`);
  return user;
}

/** The figure and limit from a query string: one value per key, empty = absent, unknown keys refused. */
export function parseFigureQuery(query: unknown, defaultLimit: number, maxLimit: number): Result<{ ref: KpiFigureRef; limit: number }> {
  const raw = (query ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!QUERY_KEYS.has(key)) return fail('bad-request', `unknown query parameter "${key}" (expected scope, metric, agencyId, field, limit)`);
    if (typeof value !== 'string') return fail('bad-request', `query parameter "${key}" must be given once`);
    if (value !== '') values[key] = value;
  }
  const parsed = KpiFigureRefSchema.safeParse({ scope: values.scope, metric: values.metric, agencyId: values.agencyId, field: values.field });
  if (!parsed.success) return describeIssues(parsed.error);
  let limit = defaultLimit;
  if (values.limit !== undefined) {
    if (!/^\d{1,9}$/.test(values.limit)) return fail('bad-request', `limit must be a whole number from 1 to ${maxLimit}, got "${values.limit.slice(0, 40)}"`);
    limit = Number(values.limit);
    if (limit < 1 || limit > maxLimit) return fail('bad-request', `limit must be from 1 to ${maxLimit}, got ${limit}`);
  }
  const ref: KpiFigureRef = { scope: parsed.data.scope, metric: parsed.data.metric };
  if (parsed.data.agencyId !== undefined) ref.agencyId = parsed.data.agencyId;
  if (parsed.data.field !== undefined) ref.field = parsed.data.field;
  return ok({ ref, limit });
}

/** The CSV text lazily, a thousand rows per chunk: BOM + header, CRLF line ends. */
function* csvChunks(rows: readonly DossierSummary[]): Generator<string> {
  yield kpiCsvHead();
  for (let i = 0; i < rows.length; i += 1000) {
    let chunk = '';
    for (const row of rows.slice(i, i + 1000)) chunk += `${kpiCsvRow(row)}\r\n`;
    yield chunk;
  }
}

/**
 * The KPI board over HTTP (Bearer token):
 * - GET /api/kpi/board → {ok, board: KpiBoard}
 * - GET /api/kpi/dossiers?scope=&metric=&agencyId=&field=&limit= → {ok, result: KpiDrillResult}
 * - GET /api/kpi/export.csv?scope=&metric=&agencyId=&field=&limit= → text/csv (UTF-8 BOM)
 * - GET /api/kpi/digest/:agencyId → the agency's digest as text/html
 */
export function registerKpiRoutes(app: FastifyInstance, deps: KpiRouteDeps): void {
  const staleAfterMs = deps.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const exportMax = deps.exportMaxRows ?? DEFAULT_EXPORT_MAX_ROWS;

  app.get('/api/kpi/board', async (request, reply) => {
    const user = userFor(deps, request, 'board');
    if (!user.ok) return sendFailure(reply, user);
    reply.header('cache-control', 'no-store');
    return { ok: true, board: deps.engine.board(deps.connectorHealth(), staleAfterMs, deps.staleAfterFor) };
  });

  app.get('/api/kpi/dossiers', async (request, reply) => {
    const user = userFor(deps, request, 'dossiers');
    if (!user.ok) return sendFailure(reply, user);
    const figure = parseFigureQuery(request.query, DEFAULT_DRILL_LIMIT, MAX_DRILL_LIMIT);
    if (!figure.ok) return sendFailure(reply, figure);
    const { ref, limit } = figure.value;
    if (ref.agencyId !== undefined && !deps.engine.hasAgency(ref.agencyId)) return sendFailure(reply, fail('not-found', `unknown agency ${ref.agencyId}`));
    reply.header('cache-control', 'no-store');
    return { ok: true, result: deps.engine.drill(ref, limit) };
  });

  app.get('/api/kpi/export.csv', async (request, reply) => {
    const user = userFor(deps, request, 'export');
    if (!user.ok) return sendFailure(reply, user);
    const figure = parseFigureQuery(request.query, exportMax, exportMax);
    if (!figure.ok) return sendFailure(reply, figure);
    const { ref, limit } = figure.value;
    if (ref.agencyId !== undefined && !deps.engine.hasAgency(ref.agencyId)) return sendFailure(reply, fail('not-found', `unknown agency ${ref.agencyId}`));
    const { total, dossiers, nowMs } = deps.engine.drillAll(ref, limit);
    const name = ['kpi', ref.scope, ref.metric, ref.agencyId].filter(Boolean).join('-').replace(/[^A-Za-z0-9._-]/g, '_');
    const day = vietnamDay(nowMs);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-${day}.csv"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('x-total-count', String(total))
      .header('x-vigil-truncated', String(total > dossiers.length))
      .send(Readable.from(csvChunks(dossiers)));
  });

  app.get<{ Params: { agencyId: string } }>('/api/kpi/digest/:agencyId', async (request, reply) => {
    const user = userFor(deps, request, 'digest');
    if (!user.ok) return sendFailure(reply, user);
    const digest = deps.digest.generate(request.params.agencyId);
    if (!digest.ok) return sendFailure(reply, digest);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(digest.value.html);
  });
}
