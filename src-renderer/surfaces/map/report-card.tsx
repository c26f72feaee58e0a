import { useEffect } from 'react';
import type { ReportView } from '../../../src-shared/desktop-api.js';
import { findService } from '../../../src-shared/model/report-catalog.js';
import { formatDateTime } from '../../i18n/format.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { rgbaCss } from './map-colors.js';
import { clipText, reportMapClass, reportMapColor } from './layers/report-layer.js';

/** Enough of a citizen's description to know what it is about; the desk shows all of it. */
const CARD_DESCRIPTION_CHARS = 240;

/**
 * A field report clicked on the map, as a small card over the map. Everything in it
 * (description, address) is citizen input: rendered as React text, never as markup.
 */
export function ReportCard({ report, onClose }: { report: ReportView; onClose(): void }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const department = useAppStore((s) => (report.departmentId ? s.reportDepartments.find((d) => d.id === report.departmentId) ?? null : null));
  const serviceName = useAppStore((s) => findService(report.serviceCode)?.name ?? s.reportServices.find((x) => x.code === report.serviceCode)?.name ?? report.serviceCode);
  const refreshDirectory = useAppStore((s) => s.refreshReportDirectory);
  const cls = reportMapClass(report);
  const knownDepartment = department !== null;
  // A map window does not follow directory changes (the desk does): a department not
  // known yet (added since the map opened) is asked for once, when a card needs its name.
  useEffect(() => {
    if (report.departmentId && !knownDepartment) void refreshDirectory();
  }, [report.departmentId, knownDepartment, refreshDirectory]);
  return (
    <section
      className="map-report-card"
      data-testid="map-report-card"
      data-report-id={report.id}
      data-status={report.status}
      data-overdue={report.overdue}
      aria-label={t('map.report.card', { id: report.id })}
    >
      <header>
        <h2>
          <span className="legend-swatch" style={{ background: rgbaCss(reportMapColor(cls)) }} aria-hidden="true" /> {report.id}
        </h2>
        <button type="button" className="ghost" data-testid="map-report-card-close" onClick={onClose} aria-label={t('map.panel.close')}>
          ×
        </button>
      </header>
      <dl>
        <dt>{t('map.report.service')}</dt>
        <dd data-testid="map-report-service">{serviceName}</dd>
        <dt>{t('map.report.statusLabel')}</dt>
        <dd data-testid="map-report-status">
          {t(`reports.status.${report.status}`)}
          {cls === 'overdue' && (
            <>
              {' · '}
              <strong className="map-report-overdue">{t('reports.overdue')}</strong>
            </>
          )}
        </dd>
        <dt>{t('map.report.department')}</dt>
        <dd data-testid="map-report-department" data-department-id={report.departmentId ?? ''}>
          {report.departmentId ? department?.name ?? report.departmentId : <span className="muted">{t('map.report.noDepartment')}</span>}
        </dd>
        <dt>{t('map.report.address')}</dt>
        <dd>{report.location.address || <span className="muted">{t('map.report.noAddress')}</span>}</dd>
        <dt>{t('map.report.receivedAt')}</dt>
        <dd>{formatDateTime(report.receivedAt, locale)}</dd>
        {report.dueAt && (
          <>
            <dt>{t('map.report.dueAt')}</dt>
            <dd>{formatDateTime(report.dueAt, locale)}</dd>
          </>
        )}
      </dl>
      <p className="map-report-description" data-testid="map-report-description">
        {report.description ? clipText(report.description, CARD_DESCRIPTION_CHARS) : <span className="muted">{t('map.report.noDescription')}</span>}
      </p>
    </section>
  );
}
