import { useEffect, useMemo, useRef } from 'react';
import type { ReportView } from '../../../src-shared/desktop-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDuration } from '../../i18n/format.js';
import { useAppStore, useNow, useT } from '../../store/store-context.js';
import { REPORT_LIST_LIMIT } from '../../store/slices/reports-slice.js';
import { msToDue } from './report-desk-model.js';
import { useUnitNames } from './use-unit-names.js';

export interface ReportQueueProps {
  checked: ReadonlySet<string>;
  onToggleCheck(reportId: string): void;
  onToggleAll(check: boolean): void;
}

/** The queue: one row per report matching the filters, newest first, with checkboxes for bulk steps. */
export function ReportQueue({ checked, onToggleCheck, onToggleAll }: ReportQueueProps) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const reports = useAppStore((s) => s.reports);
  const status = useAppStore((s) => s.reportsStatus);
  const error = useAppStore((s) => s.reportsError);
  const selectedId = useAppStore((s) => s.selectedReportId);
  const selectReport = useAppStore((s) => s.selectReport);
  const services = useAppStore((s) => s.reportServices);
  const departments = useAppStore((s) => s.reportDepartments);
  const units = useUnitNames();
  const now = useNow(30_000);
  const selectedRow = useRef<HTMLTableRowElement | null>(null);
  const serviceName = useMemo(() => new Map(services.map((s) => [s.code, s.name] as const)), [services]);
  const departmentName = useMemo(() => new Map(departments.map((d) => [d.id, d.shortName || d.name] as const)), [departments]);
  const allChecked = reports.length > 0 && reports.every((r) => checked.has(r.id));

  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="report-queue" data-testid="report-queue" aria-label={t('reports.queue.title')}>
      <div className="queue-head">
        <h2>{t('reports.queue.title')}</h2>
        <span className="muted" data-testid="report-count">
          {t('reports.queue.count', { shown: reports.length })}
          {reports.length >= REPORT_LIST_LIMIT && ` ${t('reports.queue.capped', { limit: REPORT_LIST_LIMIT })}`}
        </span>
      </div>
      {error && <ErrorNotice failure={error} testId="report-queue-error" />}
      <div className="queue-scroll">
        <table className="queue-table report-table">
          <thead>
            <tr>
              <th scope="col" className="check-col">
                <input type="checkbox" aria-label={t('reports.queue.checkAll')} checked={allChecked} onChange={(e) => onToggleAll(e.target.checked)} />
              </th>
              <th scope="col">{t('reports.queue.col.id')}</th>
              <th scope="col">{t('reports.queue.col.report')}</th>
              <th scope="col">{t('reports.queue.col.status')}</th>
              <th scope="col">{t('reports.queue.col.department')}</th>
              <th scope="col" className="num">
                {t('reports.queue.col.age')}
              </th>
              <th scope="col" className="num">
                {t('reports.queue.col.due')}
              </th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <ReportRow
                key={report.id}
                report={report}
                selected={report.id === selectedId}
                checked={checked.has(report.id)}
                rowRef={report.id === selectedId ? selectedRow : undefined}
                serviceName={serviceName.get(report.serviceCode) ?? report.serviceCode}
                departmentName={report.departmentId ? (departmentName.get(report.departmentId) ?? report.departmentId) : null}
                unitName={report.location.unitId ? (units.get(report.location.unitId) ?? report.location.unitId) : null}
                now={now}
                locale={locale}
                onSelect={() => void selectReport(report.id)}
                onToggleCheck={() => onToggleCheck(report.id)}
              />
            ))}
          </tbody>
        </table>
        {reports.length === 0 && (
          <p className="queue-empty muted" data-testid="report-queue-empty">
            {status === 'loading' || status === 'idle' ? t('queue.loading') : t('reports.queue.empty')}
          </p>
        )}
      </div>
      <p className="keyboard-hint muted small">{t('reports.queue.keyboardHint')}</p>
    </section>
  );
}

interface RowProps {
  report: ReportView;
  selected: boolean;
  checked: boolean;
  rowRef: React.Ref<HTMLTableRowElement> | undefined;
  serviceName: string;
  departmentName: string | null;
  unitName: string | null;
  now: number;
  locale: 'vi' | 'en';
  onSelect(): void;
  onToggleCheck(): void;
}

function ReportRow({ report, selected, checked, rowRef, serviceName, departmentName, unitName, now, locale, onSelect, onToggleCheck }: RowProps) {
  const t = useT();
  const pending = report.pending.length > 0;
  const toDue = msToDue(report, now);
  return (
    <tr
      ref={rowRef}
      className={`queue-row report-status-${report.status}${selected ? ' selected' : ''}${report.overdue ? ' overdue' : ''}`}
      data-testid="report-row"
      data-report-id={report.id}
      data-status={report.status}
      data-overdue={report.overdue ? 'true' : 'false'}
      data-pending={pending ? 'true' : 'false'}
      aria-selected={selected}
      onClick={onSelect}
    >
      <td className="check-col" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" data-testid="report-check" aria-label={t('reports.queue.check', { id: report.id })} checked={checked} onChange={onToggleCheck} />
      </td>
      <td className="mono">{report.id}</td>
      <td className="headline-cell">
        <span className="headline">{serviceName}</span>
        {pending && (
          <span className="badge badge-pending" data-testid="report-pending-badge" title={report.pending.map((p) => t(`reports.action.${p.action}`)).join(', ')}>
            {t('queue.pending')}
          </span>
        )}
        {report.duplicateSuggestions.length > 0 && report.status !== 'duplicate' && (
          <span className="badge badge-duplicate" title={report.duplicateSuggestions.join(', ')}>
            {t('reports.queue.maybeDuplicate')}
          </span>
        )}
        <span className="muted small area">{[report.location.address, unitName].filter(Boolean).join(' · ')}</span>
      </td>
      <td>
        <span className={`state-pill report-status-${report.status}`}>{t(`reports.status.${report.status}`)}</span>
      </td>
      <td>{departmentName ?? <span className="muted">{t('reports.queue.noDepartment')}</span>}</td>
      <td className="num" title={report.receivedAt}>
        {formatDuration(now - Date.parse(report.receivedAt), locale)}
      </td>
      <td className="num" title={report.dueAt ?? undefined}>
        {report.overdue ? (
          <span className="badge badge-overdue">{t('reports.overdue')}</span>
        ) : toDue !== null && report.status !== 'resolved' && report.status !== 'rejected' && report.status !== 'duplicate' ? (
          formatDuration(toDue, locale)
        ) : (
          ''
        )}
      </td>
    </tr>
  );
}
