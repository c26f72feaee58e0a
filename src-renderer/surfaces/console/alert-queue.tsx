import { useEffect, useRef } from 'react';
import type { AlertView } from '../../../src-shared/desktop-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDuration } from '../../i18n/format.js';
import { selectDisplayNameOf } from '../../store/slices/directory-slice.js';
import { useAppStore, useNow, useT } from '../../store/store-context.js';
import { SeverityChip } from './severity-chip.js';

export function AlertQueue({ queue, onOpen }: { queue: AlertView[]; onOpen: (alertId: string) => void }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const total = useAppStore((s) => s.alerts.length);
  const status = useAppStore((s) => s.alertsStatus);
  const error = useAppStore((s) => s.alertsError);
  const selectedId = useAppStore((s) => s.selectedAlertId);
  const selectAlert = useAppStore((s) => s.selectAlert);
  const userId = useAppStore((s) => s.session?.user.id ?? null);
  const nameOf = useAppStore(selectDisplayNameOf);
  const now = useNow(1000);
  const selectedRow = useRef<HTMLTableRowElement | null>(null);

  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="alert-queue" data-testid="alert-queue" aria-label={t('queue.title')}>
      <div className="queue-head">
        <h2>{t('queue.title')}</h2>
        <span className="muted" data-testid="queue-count">
          {t('queue.count', { shown: queue.length, total })}
        </span>
      </div>
      {error && <ErrorNotice failure={error} testId="queue-error" />}
      <div className="queue-scroll">
        <table className="queue-table" aria-rowcount={queue.length}>
          <thead>
            <tr>
              <th scope="col">{t('queue.col.severity')}</th>
              <th scope="col">{t('queue.col.headline')}</th>
              <th scope="col">{t('queue.col.category')}</th>
              <th scope="col">{t('queue.col.state')}</th>
              <th scope="col">{t('queue.col.owner')}</th>
              <th scope="col" className="num">
                {t('queue.col.age')}
              </th>
            </tr>
          </thead>
          <tbody>
            {queue.map((alert) => {
              const selected = alert.id === selectedId;
              const pending = alert.pending.length > 0;
              return (
                <tr
                  key={alert.id}
                  ref={selected ? selectedRow : undefined}
                  className={`queue-row state-${alert.state}${selected ? ' selected' : ''}`}
                  data-testid="alert-row"
                  data-alert-id={alert.id}
                  data-state={alert.state}
                  data-pending={pending ? 'true' : 'false'}
                  aria-selected={selected}
                  onClick={() => selectAlert(alert.id)}
                  onDoubleClick={() => onOpen(alert.id)}
                >
                  <td>
                    <SeverityChip severity={alert.severity} />
                  </td>
                  <td className="headline-cell">
                    <span className="headline">{alert.headline}</span>
                    {pending && (
                      <span className="badge badge-pending" data-testid="pending-badge" title={alert.pending.map((p) => t(`action.${p.action}`)).join(', ')}>
                        {t('queue.pending')}
                      </span>
                    )}
                    {alert.location?.areaDesc && <span className="muted small area">{alert.location.areaDesc}</span>}
                  </td>
                  <td>{t(`category.${alert.category}`)}</td>
                  <td>
                    <span className={`state-pill state-${alert.state}`}>{t(`state.${alert.state}`)}</span>
                  </td>
                  <td data-testid="owner-cell" data-user-id={alert.ownerId ?? ''} title={alert.ownerId ?? undefined}>
                    {alert.ownerId ? (
                      <>
                        {nameOf(alert.ownerId)}
                        {alert.ownerId === userId && <span className="muted"> {t('detail.you')}</span>}
                      </>
                    ) : (
                      <span className="muted">{t('queue.unowned')}</span>
                    )}
                  </td>
                  <td className="num" title={alert.raisedAt}>
                    {formatDuration(now - Date.parse(alert.raisedAt), locale)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {queue.length === 0 && (
          <p className="queue-empty muted" data-testid="queue-empty">
            {status === 'loading' || status === 'idle' ? t('queue.loading') : t('queue.empty')}
          </p>
        )}
      </div>
      <p className="keyboard-hint muted small">{t('queue.keyboardHint')}</p>
    </section>
  );
}
