import { z } from 'zod';
import { AgencyIdSchema } from './dossier.js';

/**
 * The KPI board's contract: what the server computes from the dossiers, what the
 * workstation caches for outages, what the board draws. Every figure is addressed by a
 * `KpiFigureRef`, so a click on any number asks for exactly the dossiers behind it.
 *
 * Windows are Vietnam calendar periods (+07:00) containing "now": today, this month,
 * this year. Each metric filters its dossiers by one time field:
 * - received, online (received through the online channel): receivedAt in the window;
 * - completed, onTime, late: completedAt in the window;
 * - inProgress, overdue, atRisk (states at "now"): receivedAt in the window, still open.
 */
export const KPI_SCOPES = ['today', 'month', 'year'] as const;
export const KpiScopeSchema = z.enum(KPI_SCOPES);
export type KpiScope = z.infer<typeof KpiScopeSchema>;

export const KPI_METRICS = ['received', 'online', 'inProgress', 'completed', 'onTime', 'late', 'overdue', 'atRisk'] as const;
export const KpiMetricSchema = z.enum(KPI_METRICS);
export type KpiMetric = z.infer<typeof KpiMetricSchema>;

export type KpiCounts = Record<KpiMetric, number> & {
  /** onTime / completed, null when nothing was completed. */
  onTimeRate: number | null;
};

/** One figure of the board: a metric in a scope, optionally for one agency (handling) or one field. */
export const KpiFigureRefSchema = z.object({
  scope: KpiScopeSchema,
  metric: KpiMetricSchema,
  agencyId: AgencyIdSchema.optional(),
  field: z.string().trim().min(1).max(200).optional(),
});
export type KpiFigureRef = z.infer<typeof KpiFigureRefSchema>;

/** A connector's health, shown on the board as the figures' provenance. */
export interface ConnectorHealth {
  id: string;
  name: string;
  kind: 'http-json' | 'csv';
  /** Last time a poll (or import) finished without error. */
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** How far behind the portal the data is: now − the newest updatedAt seen (null before any). */
  lagMs: number | null;
  /** The updated-since watermark the next poll starts from. */
  watermark: string | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  lastError: { at: string; message: string } | null;
  recordsIngested: number;
  /** Malformed records skipped (each reported with its reason in `recentSkips`). */
  recordsSkipped: number;
  recentSkips: { at: string; recordKey: string; reason: string }[];
}

export interface KpiAgencyRow {
  agencyId: string;
  name: string;
  counts: Record<KpiScope, KpiCounts>;
}

export interface KpiFieldRow {
  field: string;
  counts: Record<KpiScope, KpiCounts>;
}

export interface KpiTrendDay {
  /** Vietnam calendar day, YYYY-MM-DD. */
  day: string;
  received: number;
  completed: number;
  onTime: number;
  late: number;
}

/** A dossier as lists show it (drill-downs, the overdue list). */
export interface DossierSummary {
  code: string;
  procedureName: string;
  field: string;
  handlingAgencyId: string;
  receivedAt: string;
  /** Due time with stopped-clock time added (what timeliness is judged against). */
  effectiveDueAt: string;
  completedAt: string | null;
  status: string;
  timeliness: string;
  /** Working hours past due (overdue) or left (open); null when completed. */
  workingHoursToDue: number | null;
}

export interface KpiBoard {
  generatedAt: string;
  provenance: {
    sources: ConnectorHealth[];
    /** The newest moment any source was read successfully. */
    lastUpdatedAt: string | null;
    /** True when a source has not succeeded within its stale threshold. */
    stale: boolean;
    staleAfterMs: number;
  };
  totals: Record<KpiScope, KpiCounts>;
  byAgency: KpiAgencyRow[];
  byField: KpiFieldRow[];
  /** The last 30 Vietnam days, oldest first. */
  trend: KpiTrendDay[];
  /** Open overdue dossiers per handling agency (all of the year's; at most 20 listed per agency, most overdue first). */
  overdueByAgency: { agencyId: string; name: string; count: number; dossiers: DossierSummary[] }[];
  /** Agencies by this year's on-time rate (best first), overdue count as the tie-break. */
  ranking: { agencyId: string; name: string; onTimeRate: number | null; completed: number; overdue: number; rank: number }[];
}

export interface KpiDrillResult {
  figure: KpiFigureRef;
  /** How many dossiers the figure counts (equals the board's number at `generatedAt`). */
  total: number;
  dossiers: DossierSummary[];
  generatedAt: string;
}
