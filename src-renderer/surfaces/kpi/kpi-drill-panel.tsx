import { useEffect, useMemo } from 'react';
import { formatAgo, formatDateTime } from '../../i18n/format.js';
import { hasMessage } from '../../i18n/i18n.js';
import { useAppStore, useNow, useT } from '../../store/store-context.js';
import { KpiExportButtons } from './kpi-export-buttons.js';
import { useFigureLabel } from './kpi-figure.js';
import { formatCount, formatHours } from './kpi-model.js';

/**
 * The dossiers behind the figure someone clicked: exactly the list the server counts,
 * with the total, when it was computed, whether it is the workstation's cached copy, and
 * exports of the list. Escape or the close button returns to the board.
 */
export function KpiDrillPanel() {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const drill = useAppStore((s) => s.kpiDrill);
  const board = useAppStore((s) => s.kpi?.board ?? null);
  const close = useAppStore((s) => s.closeKpiDrill);
  const reopen = useAppStore((s) => s.openKpiDrill);
  const label = useFigureLabel();
  const now = useNow(15_000);
  const agencyNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const a of board?.byAgency ?? []) names.set(a.agencyId, a.name);
    for (const a of board?.overdueByAgency ?? []) if (!names.has(a.agencyId)) names.set(a.agencyId, a.name);
    return names;
  }, [board]);

  useEffect(() => {
    if (!drill) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drill, close]);

  if (!drill) return null;
  const { ref, result } = drill;
  const title = label(ref, ref.agencyId ? agencyNames.get(ref.agencyId) : null);
  return (
    <div className="kpi-drill-backdrop" onClick={close}>
      <section
        className="kpi-drill"
        data-testid="kpi-drill"
        data-status={drill.status}
        data-scope={ref.scope}
        data-metric={ref.metric}
        data-agency-id={ref.agencyId ?? ''}
        data-field={ref.field ?? ''}
        data-total={result?.total ?? ''}
        data-from-cache={result?.fromCache ?? ''}
        role="dialog"
        aria-modal="true"
        aria-label={t('kpi.drill.title', { figure: title })}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="kpi-drill-head">
          <h2>{t('kpi.drill.title', { figure: title })}</h2>
          <button type="button" data-testid="kpi-drill-close" onClick={close} aria-label={t('kpi.drill.close')}>
            ✕
          </button>
        </header>
        {drill.status === 'loading' && <p aria-busy="true">{t('app.loading')}</p>}
        {drill.status === 'error' && drill.error && (
          <div className="kpi-drill-error" data-testid="kpi-drill-error" data-code={drill.error.code} role="alert">
            <p>{drill.error.code === 'unavailable' ? t('kpi.drill.unavailable') : t('kpi.drill.failed')}</p>
            <p className="muted small">{drill.error.message}</p>
            <button type="button" onClick={() => void reopen(ref)}>
              {t('kpi.drill.retry')}
            </button>
          </div>
        )}
        {result && (
          <>
            <div className="kpi-drill-meta">
              <strong data-testid="kpi-drill-total" data-value={result.total}>
                {result.dossiers.length < result.total
                  ? t('kpi.drill.totalPartial', { total: formatCount(result.total), listed: formatCount(result.dossiers.length) })
                  : t('kpi.drill.total', { total: formatCount(result.total) })}
              </strong>
              <span className="muted">{t('kpi.drill.generatedAt', { time: formatDateTime(result.generatedAt, locale) })}</span>
              {result.fromCache && (
                <span className="badge kpi-stale" data-testid="kpi-drill-cached">
                  {t('kpi.drill.cached', { ago: formatAgo(result.fetchedAt, now, locale) })}
                </span>
              )}
              <KpiExportButtons subject={ref} testIdPrefix="kpi-drill-export" />
            </div>
            {result.dossiers.length === 0 ? (
              <p className="muted" data-testid="kpi-drill-empty">
                {t('kpi.drill.empty')}
              </p>
            ) : (
              <div className="kpi-drill-list">
                <table className="kpi-table kpi-drill-table">
                  <thead>
                    <tr>
                      <th>{t('kpi.col.code')}</th>
                      <th>{t('kpi.col.procedure')}</th>
                      <th>{t('kpi.col.field')}</th>
                      <th>{t('kpi.col.agency')}</th>
                      <th>{t('kpi.col.received')}</th>
                      <th>{t('kpi.col.due')}</th>
                      <th>{t('kpi.col.completed')}</th>
                      <th>{t('kpi.col.timeliness')}</th>
                      <th className="num">{t('kpi.col.hoursToDue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.dossiers.map((d) => {
                      const timeliness = `kpi.timeliness.${d.timeliness}`;
                      const status = `kpi.status.${d.status}`;
                      return (
                        <tr key={d.code} data-testid="kpi-drill-row" data-code={d.code} data-timeliness={d.timeliness} className={`timeliness-${d.timeliness}`}>
                          <td className="mono">{d.code}</td>
                          <td>{d.procedureName}</td>
                          <td>{d.field}</td>
                          <td>{agencyNames.get(d.handlingAgencyId) ?? d.handlingAgencyId}</td>
                          <td>{formatDateTime(d.receivedAt, locale)}</td>
                          <td>{formatDateTime(d.effectiveDueAt, locale)}</td>
                          <td>{d.completedAt ? formatDateTime(d.completedAt, locale) : '—'}</td>
                          <td>
                            <span className={`badge badge-${d.timeliness}`}>{hasMessage(timeliness) ? t(timeliness) : d.timeliness}</span>
                            <span className="muted small"> {hasMessage(status) ? t(status) : d.status}</span>
                          </td>
                          <td className="num">{d.workingHoursToDue === null ? '—' : formatHours(d.workingHoursToDue)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}
