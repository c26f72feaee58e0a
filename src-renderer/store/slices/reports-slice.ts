import type {
  DepartmentView,
  QueuedCommand,
  ReportActInput,
  ReportPhotoPayload,
  ReportQueryInput,
  ReportView,
  RoutingRuleView,
  ServiceInfo,
} from '../../../src-shared/desktop-api.js';
import { MAX_BULK_REPORT_ACTIONS } from '../../../src-shared/desktop-api.js';
import type { ReportStatus } from '../../../src-shared/model/field-report.js';
import { fail, type Failure, type Result } from '../../../src-shared/result.js';
import type { SliceCreator } from '../store-types.js';

/** The host caps a list at 5000; the desk's queue and the map's layer show up to that. */
export const REPORT_LIST_LIMIT = 5000;

/** The desk's queue filters; empty lists mean "any". */
export interface ReportFilters {
  statuses: ReportStatus[];
  serviceCodes: string[];
  unitIds: string[];
  departmentIds: string[];
  overdueOnly: boolean;
  /** Only reports received more than this many hours ago; null for any age. */
  olderThanHours: number | null;
  search: string;
}

/** The desk opens on the work still to do: everything not closed. */
export const DEFAULT_REPORT_FILTERS: ReportFilters = {
  statuses: ['received', 'classified', 'forwarded', 'in_progress'],
  serviceCodes: [],
  unitIds: [],
  departmentIds: [],
  overdueOnly: false,
  olderThanHours: null,
  search: '',
};

/** What happened to the operator's last step (one report or a bulk), shown on the desk. */
export type ReportOutcome =
  | { status: 'sending'; count: number }
  | { status: 'queued'; count: number; whileOnline: boolean }
  | { status: 'failed'; count: number; failure: Failure };

export interface ReportsSlice {
  /** The desk's queue: reports matching `reportFilters`, newest first. */
  reports: ReportView[];
  reportsStatus: 'idle' | 'loading' | 'ready' | 'error';
  reportsError: Failure | null;
  reportFilters: ReportFilters;
  /** Every report the cache holds (up to the limit), for the map's layer; loaded only where a map asks. */
  mapReports: ReportView[];
  mapReportsWanted: boolean;
  reportDepartments: DepartmentView[];
  reportRules: RoutingRuleView[];
  reportServices: ServiceInfo[];
  selectedReportId: string | null;
  /** The selected report as the host has it now, also when the filters hide it. */
  selectedReport: ReportView | null;
  /** The reports the selected one points at: its suggested duplicates and the original it was merged into. */
  selectedRelated: ReportView[];
  reportOutcome: ReportOutcome | null;
  refreshReports(): Promise<void>;
  refreshMapReports(): Promise<void>;
  /** Departments, routing rules and the service catalogue. */
  refreshReportDirectory(): Promise<void>;
  setReportFilters(filters: Partial<ReportFilters>): void;
  resetReportFilters(): void;
  selectReport(reportId: string | null): Promise<void>;
  /** One step or a bulk (all checked first by the host; all queued or none). */
  actOnReports(inputs: ReportActInput[]): Promise<Result<QueuedCommand[]>>;
  dismissReportOutcome(): void;
  clearReports(): void;
  /** One photo of a report through the host (cached for outages; an external URL is only named, never loaded). */
  loadReportPhoto(url: string): Promise<Result<ReportPhotoPayload>>;
}

export function toReportQuery(filters: ReportFilters): ReportQueryInput {
  const query: ReportQueryInput = { limit: REPORT_LIST_LIMIT };
  if (filters.statuses.length) query.statuses = filters.statuses;
  if (filters.serviceCodes.length) query.serviceCodes = filters.serviceCodes;
  if (filters.unitIds.length) query.unitIds = filters.unitIds;
  if (filters.departmentIds.length) query.departmentIds = filters.departmentIds;
  if (filters.overdueOnly) query.overdueOnly = true;
  if (filters.olderThanHours !== null) query.olderThanHours = filters.olderThanHours;
  if (filters.search.trim()) query.search = filters.search.trim();
  return query;
}

export const createReportsSlice: SliceCreator<ReportsSlice> = (set, get, { api }) => {
  // Refreshes overlap when events arrive quickly; only the newest answer of each list may land.
  let listGeneration = 0;
  let mapGeneration = 0;
  let selectGeneration = 0;

  async function refreshSelected(): Promise<void> {
    const id = get().selectedReportId;
    if (!api || id === null) return;
    const generation = ++selectGeneration;
    const result = await api.reports.get(id);
    if (generation !== selectGeneration || get().selectedReportId !== id) return;
    const report = result.ok ? result.value : null;
    const relatedIds = report ? [...new Set([...(report.duplicateOf ? [report.duplicateOf] : []), ...report.duplicateSuggestions])] : [];
    const related = await Promise.all(relatedIds.map((rid) => api.reports.get(rid)));
    if (generation !== selectGeneration || get().selectedReportId !== id) return;
    set({ selectedReport: report, selectedRelated: related.flatMap((r) => (r.ok ? [r.value] : [])) });
  }

  return {
    reports: [],
    reportsStatus: 'idle',
    reportsError: null,
    reportFilters: DEFAULT_REPORT_FILTERS,
    mapReports: [],
    mapReportsWanted: false,
    reportDepartments: [],
    reportRules: [],
    reportServices: [],
    selectedReportId: null,
    selectedReport: null,
    selectedRelated: [],
    reportOutcome: null,

    async refreshReports() {
      if (!api) return;
      const generation = ++listGeneration;
      if (get().reportsStatus === 'idle') set({ reportsStatus: 'loading' });
      const result = await api.reports.list(toReportQuery(get().reportFilters));
      if (generation !== listGeneration) return;
      if (result.ok) set({ reports: result.value, reportsStatus: 'ready', reportsError: null });
      else set({ reportsStatus: get().reports.length > 0 ? 'ready' : 'error', reportsError: result });
      await refreshSelected();
    },

    async refreshMapReports() {
      if (!api) return;
      const generation = ++mapGeneration;
      set({ mapReportsWanted: true });
      const result = await api.reports.list({ limit: REPORT_LIST_LIMIT });
      if (generation !== mapGeneration) return;
      if (result.ok) set({ mapReports: result.value });
    },

    async refreshReportDirectory() {
      if (!api) return;
      const [departments, rules, services] = await Promise.all([
        api.reports.departments(),
        api.reports.routingRules(),
        api.reports.services(),
      ]);
      set({
        ...(departments.ok ? { reportDepartments: departments.value } : {}),
        ...(rules.ok ? { reportRules: rules.value } : {}),
        ...(services.ok ? { reportServices: services.value } : {}),
      });
    },

    setReportFilters(filters) {
      set({ reportFilters: { ...get().reportFilters, ...filters } });
      void get().refreshReports();
    },

    resetReportFilters() {
      set({ reportFilters: DEFAULT_REPORT_FILTERS });
      void get().refreshReports();
    },

    async selectReport(reportId) {
      const fromList = reportId === null ? null : (get().reports.find((r) => r.id === reportId) ?? null);
      set({ selectedReportId: reportId, selectedReport: fromList, selectedRelated: [] });
      await refreshSelected();
    },

    async actOnReports(inputs) {
      if (!api) return fail('unavailable', 'No workstation host');
      if (inputs.length === 0) return fail('bad-request', 'Nothing selected');
      if (inputs.length > MAX_BULK_REPORT_ACTIONS) {
        const failure = fail('bad-request', `At most ${MAX_BULK_REPORT_ACTIONS} reports at once`);
        set({ reportOutcome: { status: 'failed', count: inputs.length, failure } });
        return failure;
      }
      set({ reportOutcome: { status: 'sending', count: inputs.length } });
      const [first] = inputs;
      const result: Result<QueuedCommand[]> =
        inputs.length === 1 && first
          ? await api.reports.act(first).then((r) => (r.ok ? { ok: true as const, value: [r.value] } : r))
          : await api.reports.actMany(inputs);
      if (result.ok) {
        set({ reportOutcome: { status: 'queued', count: inputs.length, whileOnline: get().sync?.connection === 'online' } });
        // The host also pushes onDidChange; refreshing now shows the queued effect at once.
        void get().refreshReports();
        if (inputs.some((i) => i.action === 'department.save' || i.action.startsWith('routing-rule.'))) void get().refreshReportDirectory();
      } else {
        set({ reportOutcome: { status: 'failed', count: inputs.length, failure: result } });
      }
      return result;
    },

    dismissReportOutcome() {
      set({ reportOutcome: null });
    },

    clearReports() {
      listGeneration++;
      mapGeneration++;
      selectGeneration++;
      set({
        reports: [],
        reportsStatus: 'idle',
        reportsError: null,
        reportFilters: DEFAULT_REPORT_FILTERS,
        mapReports: [],
        reportDepartments: [],
        reportRules: [],
        reportServices: [],
        selectedReportId: null,
        selectedReport: null,
        selectedRelated: [],
        reportOutcome: null,
      });
    },

    async loadReportPhoto(url) {
      if (!api) return fail('unavailable', 'No workstation host');
      return api.reports.photo(url);
    },
  };
};
