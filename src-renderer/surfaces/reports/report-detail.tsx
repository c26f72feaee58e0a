import { forwardRef } from 'react';
import type { ReportView } from '../../../src-shared/desktop-api.js';
import { REPORT_ACTIONS, type ReportAction } from '../../../src-shared/model/field-report.js';
import { formatAgo, formatDateTime } from '../../i18n/format.js';
import { useAppStore, useNow, useT } from '../../store/store-context.js';
import { ReportActionForm } from './report-action-form.js';
import { actionAllowedFor } from './report-desk-model.js';
import { ReportMiniMap } from './report-mini-map.js';
import { ReportPhoto } from './report-photo.js';
import { ReportTimeline } from './report-timeline.js';
import { useUnitNames } from './use-unit-names.js';

export interface ReportDetailProps {
  report: ReportView | null;
  /** The step whose form is open (from a button or a shortcut), or null. */
  openAction: ReportAction | null;
  onOpenAction(action: ReportAction | null): void;
}

/**
 * The selected report: what the citizen sent (text shown as text, never as markup),
 * photos, where it is, who has it, its timeline, suggested duplicates, and the steps.
 */
export const ReportDetail = forwardRef<HTMLElement, ReportDetailProps>(function ReportDetail({ report, openAction, onOpenAction }, ref) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const services = useAppStore((s) => s.reportServices);
  const departments = useAppStore((s) => s.reportDepartments);
  const related = useAppStore((s) => s.selectedRelated);
  const actOnReports = useAppStore((s) => s.actOnReports);
  const selectReport = useAppStore((s) => s.selectReport);
  const units = useUnitNames();
  const now = useNow(30_000);

  if (!report) {
    return (
      <section className="report-detail empty" ref={ref} tabIndex={-1} data-testid="report-detail-empty">
        <p className="muted">{t('reports.detail.none')}</p>
      </section>
    );
  }
  const service = services.find((s) => s.code === report.serviceCode);
  const department = report.departmentId ? departments.find((d) => d.id === report.departmentId) : undefined;
  const unitName = report.location.unitId ? (units.get(report.location.unitId) ?? report.location.unitId) : null;
  const suggestions = related.filter((r) => report.duplicateSuggestions.includes(r.id) && r.id !== report.id);
  const original = report.duplicateOf ? related.find((r) => r.id === report.duplicateOf) : undefined;
  const reporter = [report.reporter.lastName, report.reporter.firstName].filter(Boolean).join(' ');
  const contact = [reporter, report.reporter.phone, report.reporter.email].filter(Boolean).join(' · ');

  return (
    <section className="report-detail" ref={ref} tabIndex={-1} data-testid="report-detail" data-report-id={report.id} aria-label={report.id}>
      <header className="report-detail-head">
        <h2>
          <span className="mono">{report.id}</span> — {service?.name ?? report.serviceCode}
        </h2>
        <div className="report-badges">
          <span className={`state-pill report-status-${report.status}`} data-testid="report-status" data-status={report.status}>
            {t(`reports.status.${report.status}`)}
          </span>
          {report.overdue && <span className="badge badge-overdue">{t('reports.overdue')}</span>}
          {report.pending.length > 0 && <span className="badge badge-pending">{t('queue.pending')}</span>}
        </div>
      </header>

      <dl className="report-facts">
        <dt>{t('reports.detail.received')}</dt>
        <dd title={report.receivedAt}>
          {formatDateTime(report.receivedAt, locale)} ({formatAgo(report.receivedAt, now, locale)})
        </dd>
        <dt>{t('reports.detail.due')}</dt>
        <dd>{report.dueAt ? formatDateTime(report.dueAt, locale) : '—'}</dd>
        <dt>{t('reports.detail.department')}</dt>
        <dd data-testid="report-department" data-department-id={report.departmentId ?? ''}>
          {department?.name ?? report.departmentId ?? <span className="muted">{t('reports.queue.noDepartment')}</span>}
        </dd>
        <dt>{t('reports.detail.place')}</dt>
        <dd>{[report.location.address, unitName].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('reports.detail.channel')}</dt>
        <dd>{report.channel}</dd>
        {contact && (
          <>
            <dt>{t('reports.detail.reporter')}</dt>
            <dd className="internal-data" title={t('reports.detail.reporterHint')}>
              {contact}
            </dd>
          </>
        )}
      </dl>

      <p className="report-description" data-testid="report-description">
        {report.description || <span className="muted">{t('reports.detail.noDescription')}</span>}
      </p>

      {report.mediaUrls.length > 0 && (
        <div className="report-photos">
          {report.mediaUrls.map((url) => (
            <ReportPhoto key={url} url={url} alt={t('reports.detail.photo', { id: report.id })} />
          ))}
        </div>
      )}

      <ReportMiniMap report={report} nearby={suggestions} />

      {original && (
        <p data-testid="report-original">
          {t('reports.detail.duplicateOf')}{' '}
          <button type="button" className="link-button mono" onClick={() => void selectReport(original.id)}>
            {original.id}
          </button>
        </p>
      )}

      {report.status !== 'duplicate' && suggestions.length > 0 && (
        <section className="report-duplicates" data-testid="report-duplicates">
          <h3>{t('reports.detail.suggestions')}</h3>
          <ul>
            {suggestions.map((s) => (
              <li key={s.id} data-testid="report-duplicate" data-report-id={s.id}>
                <span className="mono">{s.id}</span> <span className={`state-pill report-status-${s.status}`}>{t(`reports.status.${s.status}`)}</span>{' '}
                <span className="muted small">{s.description.slice(0, 120)}</span>{' '}
                <button
                  type="button"
                  data-testid="report-merge-into"
                  disabled={!actionAllowedFor('merge', [report]) || s.status === 'duplicate' || s.status === 'rejected'}
                  onClick={() => void actOnReports([{ action: 'merge', reportId: report.id, intoReportId: s.id }])}
                >
                  {t('reports.detail.mergeInto', { id: s.id })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="report-actions" role="toolbar" aria-label={t('reports.detail.actions')}>
        {REPORT_ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            data-testid={`report-action-${action}`}
            disabled={!actionAllowedFor(action, [report])}
            aria-pressed={openAction === action}
            onClick={() => onOpenAction(openAction === action ? null : action)}
          >
            {t(`reports.action.${action}`)} <kbd>{t(`reports.shortcut.${action}`)}</kbd>
          </button>
        ))}
      </div>
      {openAction && (
        <ReportActionForm key={`${report.id}-${openAction}`} action={openAction} reports={[report]} onDone={() => onOpenAction(null)} onCancel={() => onOpenAction(null)} />
      )}

      <ReportTimeline report={report} />
    </section>
  );
});
