import type { DossierSummary, KpiBoard, KpiCounts, KpiDrillResult, KpiFigureRef, KpiScope } from '../../src-shared/model/kpi.js';

/**
 * A small KPI board and the dossiers behind its figures, as the server's KPI routes
 * would send them, for host and renderer tests. Names are Vietnamese on purpose, and one
 * procedure name is hostile (markup and a formula) to show it stays text everywhere.
 */
export const HOSTILE_PROCEDURE = `<img src=x onerror="alert(1)">=HYPERLINK("http://evil")`;

export function counts(patch: Partial<KpiCounts> = {}): KpiCounts {
  const base: KpiCounts = { received: 0, online: 0, inProgress: 0, completed: 0, onTime: 0, late: 0, overdue: 0, atRisk: 0, onTimeRate: null, ...patch };
  return { ...base, onTimeRate: patch.onTimeRate !== undefined ? patch.onTimeRate : base.completed > 0 ? base.onTime / base.completed : null };
}

function scoped(today: Partial<KpiCounts>, month: Partial<KpiCounts>, year: Partial<KpiCounts>): Record<KpiScope, KpiCounts> {
  return { today: counts(today), month: counts(month), year: counts(year) };
}

export function dossier(code: string, patch: Partial<DossierSummary> = {}): DossierSummary {
  return {
    code,
    procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    field: 'Lý lịch tư pháp',
    handlingAgencyId: 'STP',
    receivedAt: '2026-11-02T02:00:00.000Z',
    effectiveDueAt: '2026-11-16T10:00:00.000Z',
    completedAt: null,
    status: 'in_progress',
    timeliness: 'overdue',
    workingHoursToDue: -52.5,
    ...patch,
  };
}

/** The dossiers behind each figure the fixtures serve; anything else lists nothing. */
export const FIXTURE_DRILLS: Record<string, DossierSummary[]> = {
  'year|overdue|STP|': [
    dossier('STP-2026-000117'),
    dossier('STP-2026-000245', { procedureName: HOSTILE_PROCEDURE, workingHoursToDue: -8 }),
  ],
  'today|received||': [
    dossier('TN-2026-001', { handlingAgencyId: 'STNMT', field: 'Đất đai', procedureName: 'Đăng ký biến động quyền sử dụng đất', timeliness: 'in-time', workingHoursToDue: 70, receivedAt: '2026-11-28T01:00:00.000Z', effectiveDueAt: '2026-12-12T10:00:00.000Z' }),
    dossier('HT-2026-002', { handlingAgencyId: 'UBND-VT', field: 'Hộ tịch', procedureName: 'Đăng ký khai sinh', status: 'completed', timeliness: 'on-time', completedAt: '2026-11-28T03:00:00.000Z', workingHoursToDue: null }),
  ],
};
/** A figure whose list the server cuts (total bigger than what it lists). */
export const TRUNCATED_FIGURE: KpiFigureRef = { scope: 'year', metric: 'received' };
export const TRUNCATED_TOTAL = 1532;

export function drillKey(ref: KpiFigureRef): string {
  return `${ref.scope}|${ref.metric}|${ref.agencyId ?? ''}|${ref.field ?? ''}`;
}

export function fixtureDrill(ref: KpiFigureRef, generatedAt: string): KpiDrillResult {
  const key = drillKey(ref);
  if (key === drillKey(TRUNCATED_FIGURE)) {
    const listed = Array.from({ length: 3 }, (_, i) => dossier(`NAM-${i + 1}`, { timeliness: 'in-time', workingHoursToDue: 40 }));
    return { figure: ref, total: TRUNCATED_TOTAL, dossiers: listed, generatedAt };
  }
  const dossiers = FIXTURE_DRILLS[key] ?? [];
  return { figure: ref, total: dossiers.length, dossiers, generatedAt };
}

export function fixtureBoard(generatedAt: string, patch: Partial<KpiBoard> = {}): KpiBoard {
  return {
    generatedAt,
    provenance: {
      sources: [
        {
          id: 'portal-hg',
          name: 'Cổng dịch vụ công tỉnh Hậu Giang',
          kind: 'http-json',
          lastSuccessAt: generatedAt,
          lastAttemptAt: generatedAt,
          lagMs: 4000,
          watermark: generatedAt,
          consecutiveFailures: 0,
          nextAttemptAt: null,
          lastError: null,
          recordsIngested: 1532,
          recordsSkipped: 1,
          recentSkips: [{ at: generatedAt, recordKey: 'X-1', reason: 'receivedAt: not a date' }],
        },
      ],
      lastUpdatedAt: generatedAt,
      stale: false,
      staleAfterMs: 900_000,
    },
    totals: scoped(
      { received: 2, online: 1, inProgress: 1, completed: 1, onTime: 1, late: 0, overdue: 0, atRisk: 0 },
      { received: 140, online: 80, inProgress: 35, completed: 100, onTime: 91, late: 9, overdue: 4, atRisk: 2 },
      { received: 1532, online: 902, inProgress: 60, completed: 1460, onTime: 1377, late: 83, overdue: 12, atRisk: 5 },
    ),
    byAgency: [
      { agencyId: 'STP', name: 'Sở Tư pháp', counts: scoped({ received: 0 }, { received: 30, completed: 25, onTime: 20, late: 5, overdue: 2 }, { received: 400, completed: 380, onTime: 350, late: 30, overdue: 2 }) },
      { agencyId: 'STNMT', name: 'Sở Tài nguyên và Môi trường', counts: scoped({ received: 1, inProgress: 1 }, { received: 60, completed: 40, onTime: 38, late: 2, overdue: 2 }, { received: 700, completed: 660, onTime: 640, late: 20, overdue: 10 }) },
      { agencyId: 'UBND-VT', name: 'UBND thành phố Vị Thanh', counts: scoped({ received: 1, completed: 1, onTime: 1 }, { received: 50, completed: 35, onTime: 33, late: 2 }, { received: 432, completed: 420, onTime: 387, late: 33 }) },
    ],
    byField: [
      { field: 'Đất đai', counts: scoped({ received: 1 }, { received: 60, completed: 40, onTime: 38, late: 2, overdue: 2 }, { received: 700, completed: 660, onTime: 640, late: 20, overdue: 10 }) },
      { field: 'Hộ tịch', counts: scoped({ received: 1, completed: 1, onTime: 1 }, { received: 50 }, { received: 432, completed: 420, onTime: 387, late: 33 }) },
      { field: 'Lý lịch tư pháp', counts: scoped({}, { received: 30 }, { received: 400, completed: 380, onTime: 350, late: 30, overdue: 2 }) },
    ],
    trend: Array.from({ length: 30 }, (_, i) => ({
      day: new Date(Date.UTC(2026, 9, 30 + i)).toISOString().slice(0, 10),
      received: 40 + (i % 7) * 3,
      completed: 38 + (i % 5) * 2,
      onTime: 35 + (i % 5),
      late: (i % 4) + 1,
    })),
    overdueByAgency: [
      { agencyId: 'STNMT', name: 'Sở Tài nguyên và Môi trường', count: 10, dossiers: [dossier('TN-2026-000031', { handlingAgencyId: 'STNMT', field: 'Đất đai', procedureName: 'Đăng ký biến động quyền sử dụng đất' })] },
      { agencyId: 'STP', name: 'Sở Tư pháp', count: 2, dossiers: FIXTURE_DRILLS['year|overdue|STP|']! },
    ],
    ranking: [
      { agencyId: 'STNMT', name: 'Sở Tài nguyên và Môi trường', onTimeRate: 640 / 660, completed: 660, overdue: 10, rank: 1 },
      { agencyId: 'STP', name: 'Sở Tư pháp', onTimeRate: 350 / 380, completed: 380, overdue: 2, rank: 2 },
      { agencyId: 'UBND-VT', name: 'UBND thành phố Vị Thanh', onTimeRate: 387 / 420, completed: 420, overdue: 0, rank: 3 },
    ],
    ...patch,
  };
}
