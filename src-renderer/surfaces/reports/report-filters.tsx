import { forwardRef, useMemo } from 'react';
import { REPORT_STATUSES, type ReportStatus } from '../../../src-shared/model/field-report.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { DEFAULT_REPORT_FILTERS } from '../../store/slices/reports-slice.js';
import { AGE_FILTER_HOURS } from './report-desk-model.js';
import { useUnitNames } from './use-unit-names.js';

/** Status checkboxes, category / unit / department / age selects, overdue, and a diacritics-insensitive search. */
export const ReportFilters = forwardRef<HTMLInputElement>(function ReportFilters(_props, searchRef) {
  const t = useT();
  const filters = useAppStore((s) => s.reportFilters);
  const services = useAppStore((s) => s.reportServices);
  const departments = useAppStore((s) => s.reportDepartments);
  const setFilters = useAppStore((s) => s.setReportFilters);
  const reset = useAppStore((s) => s.resetReportFilters);
  const units = useUnitNames();
  const unitOptions = useMemo(() => [...units.entries()].sort((a, b) => a[1].localeCompare(b[1], 'vi')), [units]);
  const changed = JSON.stringify(filters) !== JSON.stringify(DEFAULT_REPORT_FILTERS);

  function toggleStatus(status: ReportStatus, on: boolean) {
    const statuses = on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status);
    setFilters({ statuses: REPORT_STATUSES.filter((s) => statuses.includes(s)) });
  }

  return (
    <section className="report-filters" aria-label={t('reports.filters.title')}>
      <input
        ref={searchRef}
        type="search"
        className="filter-search"
        data-testid="report-search"
        aria-label={t('reports.filters.search')}
        placeholder={t('reports.filters.search')}
        value={filters.search}
        maxLength={200}
        onChange={(e) => setFilters({ search: e.target.value })}
      />
      <fieldset className="chip-row" data-testid="report-filter-status">
        <legend className="chip-row-label">{t('reports.filters.status')}</legend>
        {REPORT_STATUSES.map((status) => (
          <label key={status} className={`check-chip status-${status}`}>
            <input type="checkbox" value={status} checked={filters.statuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
            {t(`reports.status.${status}`)}
          </label>
        ))}
      </fieldset>
      <div className="report-filter-selects">
        <label>
          {t('reports.filters.service')}
          <select
            data-testid="report-filter-service"
            value={filters.serviceCodes[0] ?? ''}
            onChange={(e) => setFilters({ serviceCodes: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">{t('reports.filters.any')}</option>
            {services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.filters.unit')}
          <select data-testid="report-filter-unit" value={filters.unitIds[0] ?? ''} onChange={(e) => setFilters({ unitIds: e.target.value ? [e.target.value] : [] })}>
            <option value="">{t('reports.filters.any')}</option>
            {unitOptions.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.filters.department')}
          <select
            data-testid="report-filter-department"
            value={filters.departmentIds[0] ?? ''}
            onChange={(e) => setFilters({ departmentIds: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">{t('reports.filters.any')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.shortName || d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.filters.age')}
          <select
            data-testid="report-filter-age"
            value={filters.olderThanHours === null ? '' : String(filters.olderThanHours)}
            onChange={(e) => setFilters({ olderThanHours: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('reports.filters.anyAge')}</option>
            {AGE_FILTER_HOURS.map((h) => (
              <option key={h} value={String(h)}>
                {t('reports.filters.olderThan', { hours: h })}
              </option>
            ))}
          </select>
        </label>
        <label className="check-inline">
          <input type="checkbox" data-testid="report-filter-overdue" checked={filters.overdueOnly} onChange={(e) => setFilters({ overdueOnly: e.target.checked })} />
          {t('reports.filters.overdue')}
        </label>
        {changed && (
          <button type="button" className="link-button" data-testid="report-filter-reset" onClick={reset}>
            {t('reports.filters.reset')}
          </button>
        )}
      </div>
    </section>
  );
});
