import { z } from 'zod';
import { KPI_METRICS, KpiFigureRefSchema, type DossierSummary, type KpiBoard, type KpiDrillResult } from '../../../src-shared/model/kpi.js';

/**
 * What the host accepts from the server's KPI routes (and from its own cache.db rows):
 * the shapes of src-shared/model/kpi.ts, checked before anything is stored or shown. A
 * reply that does not fit counts as no answer, like any malformed server reply.
 * Unknown keys are dropped (a newer server may send more).
 */

const Text = z.string().max(2000);
const Instant = z.string().min(1).max(64);
const Count = z.number().int().min(0);

const countsShape = Object.fromEntries(KPI_METRICS.map((m) => [m, Count])) as Record<(typeof KPI_METRICS)[number], typeof Count>;
export const KpiCountsSchema = z.object({ ...countsShape, onTimeRate: z.number().min(0).max(1).nullable() });
const ScopedCountsSchema = z.object({ today: KpiCountsSchema, month: KpiCountsSchema, year: KpiCountsSchema });

export const ConnectorHealthSchema = z.object({
  id: z.string().max(200),
  name: Text,
  kind: z.enum(['http-json', 'csv']),
  lastSuccessAt: Instant.nullable(),
  lastAttemptAt: Instant.nullable(),
  lagMs: z.number().nullable(),
  watermark: z.string().max(200).nullable(),
  consecutiveFailures: Count,
  nextAttemptAt: Instant.nullable(),
  lastError: z.object({ at: Instant, message: Text }).nullable(),
  recordsIngested: Count,
  recordsSkipped: Count,
  recentSkips: z.array(z.object({ at: Instant, recordKey: Text, reason: Text })).max(1000),
});

export const DossierSummarySchema = z.object({
  code: z.string().min(1).max(200),
  procedureName: Text,
  field: Text,
  handlingAgencyId: z.string().max(200),
  receivedAt: Instant,
  effectiveDueAt: Instant,
  completedAt: Instant.nullable(),
  status: z.string().max(100),
  timeliness: z.string().max(100),
  workingHoursToDue: z.number().nullable(),
});

export const KpiBoardSchema = z.object({
  generatedAt: Instant,
  provenance: z.object({
    sources: z.array(ConnectorHealthSchema).max(200),
    lastUpdatedAt: Instant.nullable(),
    stale: z.boolean(),
    staleAfterMs: z.number().min(0),
  }),
  totals: ScopedCountsSchema,
  byAgency: z.array(z.object({ agencyId: z.string().max(200), name: Text, counts: ScopedCountsSchema })).max(5000),
  byField: z.array(z.object({ field: Text, counts: ScopedCountsSchema })).max(5000),
  trend: z.array(z.object({ day: z.string().max(20), received: Count, completed: Count, onTime: Count, late: Count })).max(400),
  overdueByAgency: z
    .array(z.object({ agencyId: z.string().max(200), name: Text, count: Count, dossiers: z.array(DossierSummarySchema).max(1000) }))
    .max(5000),
  ranking: z
    .array(
      z.object({
        agencyId: z.string().max(200),
        name: Text,
        onTimeRate: z.number().min(0).max(1).nullable(),
        completed: Count,
        overdue: Count,
        rank: z.number().int().min(0),
      }),
    )
    .max(5000),
});

export const KpiDrillResultSchema = z.object({
  figure: KpiFigureRefSchema,
  total: Count,
  dossiers: z.array(DossierSummarySchema).max(100_000),
  generatedAt: Instant,
});

// The schemas must produce exactly the shared types (a compile error here means kpi.ts moved).
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type _BoardMatches = Assert<Same<z.output<typeof KpiBoardSchema>, KpiBoard>>;
export type _DrillMatches = Assert<Same<z.output<typeof KpiDrillResultSchema>, KpiDrillResult>>;
export type _SummaryMatches = Assert<Same<z.output<typeof DossierSummarySchema>, DossierSummary>>;

/** The server's reply body: `{ok, board}` (as server/portal/kpi-routes.ts sends it) or the bare board. */
export const BoardReplySchema = z.preprocess((body) => (body && typeof body === 'object' && 'board' in body ? (body as { board: unknown }).board : body), KpiBoardSchema);
/** The server's reply body: `{ok, result}` or the bare drill result. */
export const DrillReplySchema = z.preprocess((body) => (body && typeof body === 'object' && 'result' in body ? (body as { result: unknown }).result : body), KpiDrillResultSchema);
