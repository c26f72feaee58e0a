import type { KpiBoardView, KpiCsvExport, KpiDrillView, KpiPdfExport, KpiPdfSubject } from '../../../src-shared/desktop-api.js';
import type { KpiFigureRef } from '../../../src-shared/model/kpi.js';
import { fail, type Failure, type Result } from '../../../src-shared/result.js';
import type { SliceCreator } from '../store-types.js';

/** The drill-down panel: the figure asked for and, once the host answered, its dossiers. */
export interface KpiDrillState {
  ref: KpiFigureRef;
  status: 'loading' | 'ready' | 'error';
  result: KpiDrillView | null;
  error: Failure | null;
}

/** The last export asked for (shown beside the buttons). */
export type KpiExportState = { kind: 'csv' | 'pdf'; subject: KpiPdfSubject } & (
  | { status: 'working' }
  | { status: 'done'; filename: string }
  | { status: 'failed'; failure: Failure }
);

export interface KpiSlice {
  /** The board as the host last gave it (its own cached copy through outages). */
  kpi: KpiBoardView | null;
  kpiStatus: 'idle' | 'loading' | 'ready' | 'error';
  kpiError: Failure | null;
  kpiDrill: KpiDrillState | null;
  kpiExport: KpiExportState | null;
  refreshKpi(): Promise<void>;
  openKpiDrill(ref: KpiFigureRef): Promise<void>;
  closeKpiDrill(): void;
  /** The CSV text to offer as a download (the component makes the file). */
  exportKpiCsv(ref: KpiFigureRef): Promise<Result<KpiCsvExport>>;
  /** The PDF (base64) to offer as a download. */
  exportKpiPdf(subject: KpiPdfSubject): Promise<Result<KpiPdfExport>>;
  dismissKpiExport(): void;
  clearKpi(): void;
}

export const createKpiSlice: SliceCreator<KpiSlice> = (set, get, { api }) => {
  // Pushes arrive every poll; only the newest answer may land, and only for the drill still open.
  let boardGeneration = 0;
  let drillGeneration = 0;

  async function runExport<T>(kind: 'csv' | 'pdf', subject: KpiPdfSubject, call: () => Promise<Result<T>>, filename: (value: T) => string): Promise<Result<T>> {
    if (!api) return fail('unavailable', 'No workstation host');
    set({ kpiExport: { status: 'working', kind, subject } });
    const result = await call();
    set({ kpiExport: result.ok ? { status: 'done', kind, subject, filename: filename(result.value) } : { status: 'failed', kind, subject, failure: result } });
    return result;
  }

  return {
    kpi: null,
    kpiStatus: 'idle',
    kpiError: null,
    kpiDrill: null,
    kpiExport: null,

    async refreshKpi() {
      if (!api) return;
      const generation = ++boardGeneration;
      if (get().kpiStatus === 'idle') set({ kpiStatus: 'loading' });
      const result = await api.kpi.board();
      if (generation !== boardGeneration) return;
      if (result.ok) set({ kpi: result.value, kpiStatus: 'ready', kpiError: null });
      else set({ kpiStatus: get().kpi ? 'ready' : 'error', kpiError: result });
    },

    async openKpiDrill(ref) {
      if (!api) return;
      const generation = ++drillGeneration;
      set({ kpiDrill: { ref, status: 'loading', result: null, error: null }, kpiExport: null });
      const result = await api.kpi.drill(ref);
      if (generation !== drillGeneration) return;
      set({ kpiDrill: result.ok ? { ref, status: 'ready', result: result.value, error: null } : { ref, status: 'error', result: null, error: result } });
    },

    closeKpiDrill() {
      drillGeneration++;
      set({ kpiDrill: null });
    },

    exportKpiCsv(ref) {
      return runExport('csv', ref, () => api!.kpi.exportCsv(ref), (v) => v.filename);
    },

    exportKpiPdf(subject) {
      return runExport('pdf', subject, () => api!.kpi.exportPdf(subject), (v) => v.filename);
    },

    dismissKpiExport() {
      set({ kpiExport: null });
    },

    clearKpi() {
      boardGeneration++;
      drillGeneration++;
      set({ kpi: null, kpiStatus: 'idle', kpiError: null, kpiDrill: null, kpiExport: null });
    },
  };
};
