import type { ReportView } from '../../../src-shared/desktop-api.js';
import { SYSTEM_ACTOR } from '../../../src-shared/model/field-report.js';
import { formatDateTime } from '../../i18n/format.js';
import { selectDisplayNameOf } from '../../store/slices/directory-slice.js';
import { useAppStore, useT } from '../../store/store-context.js';

/** Every step, oldest first: who, when, what, and whether the citizen sees it. */
export function ReportTimeline({ report }: { report: ReportView }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const nameOf = useAppStore(selectDisplayNameOf);
  return (
    <section className="report-timeline-section">
      <h3>{t('reports.detail.timeline')}</h3>
      <ol className="report-timeline" data-testid="report-timeline">
        {report.history.map((h, i) => (
          <li key={`${h.at}-${i}`} data-action={h.action} data-visibility={h.visibility} className={`visibility-${h.visibility}`}>
            <div className="timeline-head">
              <strong>{t(h.action === 'receive' ? 'reports.action.receive' : `reports.action.${h.action}`)}</strong>
              <span className={`state-pill report-status-${h.toStatus}`}>{t(`reports.status.${h.toStatus}`)}</span>
              <span className={`badge badge-${h.visibility}`}>{t(`reports.visibility.${h.visibility}`)}</span>
            </div>
            <div className="muted small">
              {formatDateTime(h.at, locale)} · {h.actor === SYSTEM_ACTOR ? t('reports.actor.system') : nameOf(h.actor)}
            </div>
            {h.note && <p className="timeline-note">{h.note}</p>}
          </li>
        ))}
        {report.pending.map((p) => (
          <li key={p.commandId} data-pending-action={p.action} className="timeline-pending" data-testid="report-timeline-pending">
            <div className="timeline-head">
              <strong>{t(`reports.action.${p.action}`)}</strong>
              <span className="badge badge-pending">{t('queue.pending')}</span>
            </div>
            <div className="muted small">{formatDateTime(p.queuedAt, locale)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
