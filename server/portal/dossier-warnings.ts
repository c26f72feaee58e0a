import type { AlertDraft } from '../../src-shared/model/alert.js';
import type { Dossier } from '../../src-shared/model/dossier.js';
import { effectiveDueMs, timelinessOf } from '../../src-shared/model/dossier-timeliness.js';
import { workingMsBetween, type WorkingCalendarLike } from '../../src-shared/model/working-calendar.js';
import type { DossierWarningLog, DossierWarningThreshold } from './dossier-warning-log.js';
import { clipText } from '../../src-shared/text/clip-text.js';
import { vietnamClock } from '../../src-shared/model/vietnam-time.js';

export interface DossierWarningOptions {
  calendar: WorkingCalendarLike;
  /** Working hours before the effective due time from which an open dossier is at risk (the KPI engine's). */
  atRiskWorkingHours: number;
  /** How often the flagged dossiers are checked; default 60000 ms. */
  intervalMs?: number;
  /**
   * At most this many alerts per round (and per `onChanged`), default 100: the first run
   * over a backlog, or a connector catching up, must not flood the queue or stall the
   * event loop (each alert is its own fsync'd transaction). The rest follow next round.
   */
  maxAlertsPerRound?: number;
}

export interface DossierWarningDeps {
  log: DossierWarningLog;
  /** The server store's transaction (`store.transact`): the alert and its log row commit together. */
  transact<T>(fn: () => T): T;
  /** The ordinary alert path (command bus `alert.raise`); throws when refused. */
  raiseAlert(draft: AlertDraft): { alertId: string };
  /** Open dossiers at risk or overdue now (`KpiEngine.flagged()`). */
  flagged(): Iterable<{ dossier: Dossier; timeliness: 'at-risk' | 'overdue' }>;
  /** The dossier as the centre holds it now (`KpiEngine.get`), re-read inside the transaction. */
  current?(code: string): Dossier | undefined;
  agencyName(agencyId: string): string | null;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export const DEFAULT_DOSSIER_WARNING_INTERVAL_MS = 60_000;
export const DEFAULT_MAX_ALERTS_PER_ROUND = 100;
const HOUR_MS = 3_600_000;


/** "12,5" — hours with at most one decimal, Vietnamese decimal comma. */
export function formatHours(hours: number): string {
  return (Math.round(hours * 10) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** The alert for one threshold of one dossier (Vietnamese, naming the handling agency). */
export function dossierAlertDraft(
  dossier: Dossier,
  threshold: DossierWarningThreshold,
  agencyName: string,
  nowMs: number,
  calendar: WorkingCalendarLike,
): AlertDraft {
  const dueMs = effectiveDueMs(dossier, nowMs, calendar);
  const leftHours = workingMsBetween(nowMs, dueMs, calendar) / HOUR_MS;
  const headline =
    threshold === 'overdue'
      ? `Hồ sơ ${dossier.code} đã quá hạn xử lý – ${agencyName}`
      : `Hồ sơ ${dossier.code} sắp đến hạn xử lý – ${agencyName}`;
  const lines = [
    `Thủ tục: ${clipText(dossier.procedure.name, 500)}`,
    `Lĩnh vực: ${dossier.procedure.field}`,
    `Đơn vị xử lý: ${agencyName}`,
    `Tiếp nhận: ${vietnamClock(Date.parse(dossier.receivedAt))}`,
    `Hạn xử lý: ${vietnamClock(dueMs)}`,
    ...(Number.isFinite(leftHours)
      ? [threshold === 'overdue' ? `Đã quá hạn: ${formatHours(Math.max(0, -leftHours))} giờ làm việc` : `Còn lại: ${formatHours(Math.max(0, leftHours))} giờ làm việc`]
      : []),
  ];
  return {
    source: 'portal',
    category: 'Other',
    severity: threshold === 'overdue' ? 'Moderate' : 'Minor',
    urgency: threshold === 'overdue' ? 'Immediate' : 'Expected',
    certainty: 'Observed',
    headline: clipText(headline, 160),
    description: clipText(lines.join('\n'), 4000),
    location: null,
    cameraIds: [],
  };
}

/**
 * Which threshold (if any) a dossier has newly reached: its state now, less what was
 * already raised; overdue wins over at-risk (a dossier found overdue never gets an
 * at-risk alert afterwards).
 */
export function dossierThreshold(
  timeliness: string,
  raised: (threshold: DossierWarningThreshold) => boolean,
): DossierWarningThreshold | null {
  if (timeliness === 'overdue') return raised('overdue') ? null : 'overdue';
  if (timeliness === 'at-risk') return raised('at-risk') || raised('overdue') ? null : 'at-risk';
  return null;
}

/**
 * Portal dossier warnings: an open dossier at risk (within `atRiskWorkingHours` working
 * hours of its effective due time) or overdue raises one alert per threshold in the
 * unified queue through the ordinary alert path, naming its handling agency. Which were
 * raised is kept in `dossier_warning_log`, committed with the alert, so a restart never
 * raises one again. Runs every `intervalMs` over the engine's flagged dossiers, and on
 * `onChanged` over a committed ingestion batch.
 */
export class DossierWarningChecker {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly intervalMs: number;
  private readonly maxPerRound: number;
  private readonly now: () => number;

  constructor(
    private readonly deps: DossierWarningDeps,
    private readonly options: DossierWarningOptions,
  ) {
    this.intervalMs = Math.max(10, options.intervalMs ?? DEFAULT_DOSSIER_WARNING_INTERVAL_MS);
    this.maxPerRound = Math.max(1, options.maxAlertsPerRound ?? DEFAULT_MAX_ALERTS_PER_ROUND);
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.checkNow();
      } catch (error) {
        this.deps.onError?.(error);
      }
    }, this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round over the flagged dossiers at `nowMs`; returns how many alerts it raised. */
  checkNow(nowMs: number = this.now()): number {
    // The engine already judged them at now: only those not yet raised are looked at again (in the transaction).
    return this.checkCandidates(this.deps.flagged(), nowMs);
  }

  /** The ingestion's hook after a committed batch: checks just those dossiers now. */
  onChanged(dossiers: readonly Dossier[]): number {
    try {
      const nowMs = this.now();
      const { calendar, atRiskWorkingHours } = this.options;
      return this.checkCandidates(
        (function* () {
          for (const dossier of dossiers) yield { dossier, timeliness: timelinessOf(dossier, nowMs, calendar, atRiskWorkingHours) };
        })(),
        nowMs,
      );
    } catch (error) {
      this.deps.onError?.(error);
      return 0;
    }
  }

  private checkCandidates(candidates: Iterable<{ dossier: Dossier; timeliness: string }>, nowMs: number): number {
    const { log } = this.deps;
    let raised = 0;
    for (const { dossier, timeliness } of candidates) {
      if (raised >= this.maxPerRound) break;
      const threshold = dossierThreshold(timeliness, (t) => log.has(dossier.code, t));
      if (!threshold) continue;
      try {
        raised += this.raiseFor(dossier, threshold, nowMs);
      } catch (error) {
        // One dossier's failure (rolled back) must not stop the round.
        this.deps.onError?.(error);
      }
    }
    return raised;
  }

  private raiseFor(candidate: Dossier, threshold: DossierWarningThreshold, nowMs: number): number {
    const { log } = this.deps;
    const done = this.deps.transact(() => {
      const dossier = this.deps.current?.(candidate.code) ?? candidate;
      const timeliness = timelinessOf(dossier, nowMs, this.options.calendar, this.options.atRiskWorkingHours);
      if (dossierThreshold(timeliness, (t) => log.hasStored(dossier.code, t)) !== threshold) return null;
      const agencyName = this.deps.agencyName(dossier.handlingAgencyId) ?? dossier.handlingAgencyId;
      const { alertId } = this.deps.raiseAlert(dossierAlertDraft(dossier, threshold, agencyName, nowMs, this.options.calendar));
      log.insert({ dossierCode: dossier.code, threshold, alertId, handlingAgencyId: dossier.handlingAgencyId, raisedAt: new Date(nowMs).toISOString() });
      return dossier.code;
    });
    if (done === null) {
      // Raised by an earlier run (the table says so): bring the in-memory copy up to date.
      if (log.hasStored(candidate.code, threshold)) log.remember(candidate.code, threshold);
      return 0;
    }
    log.remember(done, threshold);
    return 1;
  }
}
