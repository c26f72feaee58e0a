import type { AlertDraft } from '../../src-shared/model/alert.js';
import { applySlaWarned, type FieldReport, type ReportSlaWarned, type SlaThreshold } from '../../src-shared/model/field-report.js';
import { findService, REPORT_SERVICES } from '../../src-shared/model/report-catalog.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { VigilStore } from '../store/vigil-store.js';
import { clipText } from '../../src-shared/text/clip-text.js';
import { vietnamClock } from '../../src-shared/model/vietnam-time.js';

export interface ReportSlaOptions {
  /** How often the open reports are checked; default 60000 ms. */
  intervalMs?: number;
  /** Share of the SLA after which a report is "nearing" its due time; default 0.8. */
  warnRatio?: number;
}

export interface ReportSlaDeps {
  store: VigilStore;
  /** The ordinary alert path (command bus `alert.raise`); throws when refused. */
  raiseAlert(draft: AlertDraft): { alertId: string };
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * The centre's own SLA per service code (hours from receipt to the promised resolution),
 * overriding the catalogue's `slaHours` (src-shared/model/report-catalog.ts) for the
 * codes it names. Server option `reportSlaHours`, CLI `--report-sla-hours code=hours,…`.
 */
export type ReportSlaHours = Readonly<Record<string, number>>;

/** Every code known and every value a positive, finite number of hours; the failure names the culprit. */
export function checkReportSlaHours(overrides: Readonly<Record<string, unknown>>): Result<Record<string, number>> {
  const checked: Record<string, number> = {};
  for (const [code, hours] of Object.entries(overrides)) {
    if (!findService(code)) {
      return fail('bad-request', `unknown service code "${code}" (known: ${REPORT_SERVICES.map((s) => s.code).join(', ')})`, { serviceCode: code });
    }
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) {
      return fail('bad-request', `SLA of "${code}" must be a positive number of hours, got ${JSON.stringify(hours)}`, { serviceCode: code });
    }
    checked[code] = hours;
  }
  return ok(checked);
}

/** Parses `code=hours,code=hours` (the CLI's `--report-sla-hours`); hours may be fractional. */
export function parseReportSlaHours(text: string): Result<Record<string, number>> {
  const overrides = new Map<string, number>();
  const items = text.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) return fail('bad-request', 'expected code=hours[,code=hours…], got nothing');
  for (const item of items) {
    if (item === '') continue;
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(item);
    if (!match) return fail('bad-request', `expected code=hours, got "${item}"`);
    const code = match[1]!;
    const value = match[2]!;
    if (overrides.has(code)) return fail('bad-request', `service code "${code}" is given twice`, { serviceCode: code });
    // Number('') is 0 and Number('0x10') is 16: only plain decimals are hours.
    const hours = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(hours)) return fail('bad-request', `SLA of "${code}" must be a positive number of hours, got "${value}"`, { serviceCode: code });
    overrides.set(code, hours);
  }
  return checkReportSlaHours(Object.fromEntries(overrides));
}

/** The hours a report of `serviceCode` gets at this centre when they differ from the catalogue (undefined: the catalogue's). */
export function slaHoursOverride(overrides: ReportSlaHours | undefined, serviceCode: string): number | undefined {
  return overrides && Object.hasOwn(overrides, serviceCode) ? overrides[serviceCode] : undefined;
}

/** The centre's SLA of a service in hours: the override, else the catalogue's; null for an unknown code. */
export function effectiveSlaHours(overrides: ReportSlaHours | undefined, serviceCode: string): number | null {
  return slaHoursOverride(overrides, serviceCode) ?? findService(serviceCode)?.slaHours ?? null;
}

export const DEFAULT_SLA_INTERVAL_MS = 60_000;
export const DEFAULT_SLA_WARN_RATIO = 0.8;
const NO_DEPARTMENT = 'chưa chuyển đơn vị xử lý';


/** The alert for one threshold of one report (Vietnamese, naming the department). */
export function slaAlertDraft(report: FieldReport, threshold: SlaThreshold, departmentName: string | null): AlertDraft {
  const service = findService(report.serviceCode);
  const who = departmentName ?? NO_DEPARTMENT;
  const headline =
    threshold === 'overdue' ? `Phản ánh ${report.id} đã quá hạn xử lý – ${who}` : `Phản ánh ${report.id} sắp đến hạn xử lý – ${who}`;
  const lines = [
    `${service?.name ?? report.serviceCode}: ${clipText(report.description, 500)}`,
    `Đơn vị xử lý: ${who}`,
    `Hạn xử lý: ${report.dueAt ? vietnamClock(Date.parse(report.dueAt)) : '—'}`,
    ...(report.location.address ? [`Địa chỉ: ${report.location.address}`] : []),
  ];
  return {
    source: 'field-report',
    category: service?.alertCategory ?? 'Other',
    severity: threshold === 'overdue' ? 'Moderate' : 'Minor',
    urgency: threshold === 'overdue' ? 'Immediate' : 'Expected',
    certainty: 'Observed',
    headline: clipText(headline, 160),
    description: clipText(lines.join('\n'), 4000),
    location:
      report.location.lat !== null && report.location.lon !== null
        ? { lat: report.location.lat, lon: report.location.lon, ...(report.location.address ? { areaDesc: clipText(report.location.address, 200) } : {}) }
        : null,
    cameraIds: [],
  };
}

/** Which threshold (if any) a report has newly reached at `nowMs`; overdue wins over warn. */
export function dueThreshold(report: FieldReport, nowMs: number, warnRatio: number): SlaThreshold | null {
  if (!report.dueAt) return null;
  const dueMs = Date.parse(report.dueAt);
  const receivedMs = Date.parse(report.receivedAt);
  if (Number.isNaN(dueMs) || Number.isNaN(receivedMs)) return null;
  const raised = new Set(report.slaAlerts.map((s) => s.threshold));
  if (nowMs >= dueMs) return raised.has('overdue') ? null : 'overdue';
  if (nowMs >= receivedMs + warnRatio * (dueMs - receivedMs)) return raised.has('warn') || raised.has('overdue') ? null : 'warn';
  return null;
}

/**
 * Periodic SLA check of open reports: a report nearing its due time (warnRatio of
 * its SLA) or past it raises an alert in the unified queue, once per threshold. The
 * alert, the `report.sla-warned` event and the projection commit together.
 */
export class ReportSlaChecker {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly intervalMs: number;
  private readonly warnRatio: number;
  private readonly now: () => number;

  constructor(
    private readonly deps: ReportSlaDeps,
    options: ReportSlaOptions = {},
  ) {
    this.intervalMs = Math.max(10, options.intervalMs ?? DEFAULT_SLA_INTERVAL_MS);
    this.warnRatio = Math.min(1, Math.max(0, options.warnRatio ?? DEFAULT_SLA_WARN_RATIO));
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.checkNow(this.now());
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

  /** One round at `nowMs`; returns how many alerts it raised. */
  checkNow(nowMs: number = this.now()): number {
    const { store } = this.deps;
    let raised = 0;
    for (const report of store.reports.listOpen()) {
      const threshold = dueThreshold(report, nowMs, this.warnRatio);
      if (!threshold) continue;
      const at = new Date(nowMs).toISOString();
      try {
        raised += this.raiseFor(report.id, threshold, nowMs, at);
      } catch (error) {
        // One report's failure (rolled back) must not stop the round.
        this.deps.onError?.(error);
      }
    }
    return raised;
  }

  private raiseFor(reportId: string, threshold: SlaThreshold, nowMs: number, at: string): number {
    const { store } = this.deps;
    return store.transact((tx) => {
      const current = store.reports.get(reportId);
      if (!current || dueThreshold(current, nowMs, this.warnRatio) !== threshold) return 0;
      const department = current.departmentId ? store.departments.get(current.departmentId) : null;
      const { alertId } = this.deps.raiseAlert(slaAlertDraft(current, threshold, department?.name ?? null));
      const warned: ReportSlaWarned = { reportId: current.id, threshold, alertId, departmentId: current.departmentId };
      tx.append({ id: ulid(), type: 'report.sla-warned', at, actor: 'system', subject: current.id, commandId: null, data: warned });
      store.reports.upsert(applySlaWarned(current, warned, at));
      return 1;
    });
  }
}
