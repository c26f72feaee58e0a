import { forwardRef, useEffect, useState } from 'react';
import type { AlertView, DirectoryUser } from '../../../src-shared/desktop-api.js';
import type { AlertAction } from '../../../src-shared/model/alert.js';
import type { User } from '../../../src-shared/model/user.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime, formatTime } from '../../i18n/format.js';
import { selectDisplayNameOf } from '../../store/slices/directory-slice.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { actionAvailability, CONSOLE_ACTIONS, reasonText } from './alert-action-rules.js';
import { RelatedCameras } from './related-cameras.js';
import { SeverityChip } from './severity-chip.js';

/** Everything about one alert: the CAP fields, where, which cameras, what happened, and what can be done. */
export const AlertDetail = forwardRef<HTMLElement, { alert: AlertView | null }>(function AlertDetail({ alert }, ref) {
  const t = useT();
  if (!alert) {
    return (
      <section className="alert-detail empty" data-testid="alert-detail" ref={ref} tabIndex={-1}>
        <p className="muted">{t('detail.empty')}</p>
      </section>
    );
  }
  return (
    <section className="alert-detail" data-testid="alert-detail" data-alert-id={alert.id} data-state={alert.state} ref={ref} tabIndex={-1} aria-labelledby="detail-headline">
      <header className="detail-head">
        <SeverityChip severity={alert.severity} />
        <h2 id="detail-headline">{alert.headline}</h2>
        <span className={`state-pill state-${alert.state}`} data-testid="detail-state">
          {t(`state.${alert.state}`)}
        </span>
      </header>
      <AlertActions alert={alert} />
      <AlertFields alert={alert} />
      <PendingList alert={alert} />
      <AlertHistory alert={alert} />
    </section>
  );
});

function AlertFields({ alert }: { alert: AlertView }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const nameOf = useAppStore(selectDisplayNameOf);
  return (
    <>
      <dl className="field-grid">
        <dt>{t('detail.category')}</dt>
        <dd>{t(`category.${alert.category}`)}</dd>
        <dt>{t('detail.severity')}</dt>
        <dd>{t(`severity.${alert.severity}`)}</dd>
        <dt>{t('detail.urgency')}</dt>
        <dd>{t(`urgency.${alert.urgency}`)}</dd>
        <dt>{t('detail.certainty')}</dt>
        <dd>{t(`certainty.${alert.certainty}`)}</dd>
        <dt>{t('detail.source')}</dt>
        <dd>{t(`source.${alert.source}`)}</dd>
        <dt>{t('detail.owner')}</dt>
        <dd data-testid="detail-owner" data-user-id={alert.ownerId ?? ''} title={alert.ownerId ?? undefined}>
          {alert.ownerId ? nameOf(alert.ownerId) : <span className="muted">{t('queue.unowned')}</span>}
        </dd>
        <dt>{t('detail.raisedAt')}</dt>
        <dd>{formatDateTime(alert.raisedAt, locale)}</dd>
        <dt>{t('detail.raisedBy')}</dt>
        <dd data-testid="detail-raised-by" data-user-id={alert.raisedBy} title={alert.raisedBy}>
          {nameOf(alert.raisedBy)}
        </dd>
        <dt>{t('detail.updatedAt')}</dt>
        <dd>{formatDateTime(alert.updatedAt, locale)}</dd>
        <dt>{t('detail.id')}</dt>
        <dd className="mono">{alert.id}</dd>
        <dt>{t('detail.location')}</dt>
        <dd data-testid="detail-location">
          {alert.location ? (
            <>
              {alert.location.areaDesc && <span>{alert.location.areaDesc} · </span>}
              <span className="mono">
                {alert.location.lat.toFixed(5)}, {alert.location.lon.toFixed(5)}
              </span>
            </>
          ) : (
            <span className="muted">{t('detail.noLocation')}</span>
          )}
        </dd>
        <dt>{t('detail.cameras')}</dt>
        <dd data-testid="detail-cameras">
          <RelatedCameras cameraIds={alert.cameraIds} />
        </dd>
      </dl>
      <h3>{t('detail.description')}</h3>
      <p className="description">{alert.description || <span className="muted">{t('detail.noDescription')}</span>}</p>
    </>
  );
}

function AlertActions({ alert }: { alert: AlertView }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const user = useAppStore((s) => s.session?.user ?? null);
  const outcome = useAppStore((s) => s.actionOutcome);
  const actOnAlert = useAppStore((s) => s.actOnAlert);
  const dismissOutcome = useAppStore((s) => s.dismissActionOutcome);
  const directory = useAppStore((s) => s.directory);
  const nameOf = useAppStore(selectDisplayNameOf);
  const [note, setNote] = useState('');
  const [reassignTo, setReassignTo] = useState('');

  useEffect(() => {
    setNote('');
    setReassignTo('');
  }, [alert.id]);

  if (!user) return null;
  const mine = outcome && outcome.alertId === alert.id ? outcome : null;
  const sending = mine?.status === 'sending';

  function run(action: AlertAction) {
    const trimmed = note.trim();
    const ownerId = reassignTo === '' ? null : reassignTo;
    void actOnAlert({
      alertId: alert.id,
      action,
      ...(trimmed ? { note: trimmed } : {}),
      ...(action === 'reassign' ? { ownerId } : {}),
    }).then((result) => {
      if (result.ok) {
        setNote('');
        if (action === 'reassign') setReassignTo('');
      }
    });
  }

  function button(action: AlertAction, label: string, testId: string) {
    if (!user) return null;
    const availability = actionAvailability(alert, action, user, {
      note: note.trim(),
      ownerId: reassignTo || null,
    });
    const owner = availability.reason?.params?.owner;
    const reason = availability.reason
      ? reasonText(typeof owner === 'string' && owner ? { ...availability.reason, params: { ...availability.reason.params, owner: nameOf(owner) } } : availability.reason, t)
      : undefined;
    return (
      <button
        key={action}
        type="button"
        data-testid={testId}
        data-permitted={availability.status === 'blocked-permission' ? 'false' : 'true'}
        className={`action-button action-${action}${availability.status === 'blocked-permission' ? ' not-permitted' : ''}`}
        disabled={availability.status === 'blocked-state' || sending}
        title={sending ? t('reason.busy') : reason}
        aria-description={reason}
        onClick={() => run(action)}
      >
        {label}
      </button>
    );
  }

  return (
    <div className="detail-actions" aria-label={t('detail.actions')} role="group">
      <div className="action-row">
        {CONSOLE_ACTIONS.filter((a) => a !== 'reassign').map((action) => button(action, t(`action.${action}`), `action-${action}`))}
      </div>
      <div className="action-row">
        <label className="inline-field">
          <span>{t('detail.reassignLabel')}</span>
          <select data-testid="reassign-user" value={reassignTo} onChange={(e) => setReassignTo(e.target.value)}>
            <option value="">{t('detail.reassignRelease')}</option>
            {reassignCandidates(directory, user).map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {t(candidate.id === alert.ownerId ? 'detail.reassignCurrent' : 'detail.reassignOption', {
                  name: candidate.displayName,
                  role: t(`role.${candidate.role}`),
                })}
              </option>
            ))}
          </select>
        </label>
        {button('reassign', t('action.reassign'), 'action-reassign')}
      </div>
      <div className="action-row">
        <label className="inline-field grow">
          <span>{t('detail.noteLabel')}</span>
          <textarea
            data-testid="note-input"
            value={note}
            rows={2}
            maxLength={2000}
            placeholder={t('detail.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {button('note', t('action.note'), 'action-note')}
      </div>
      {mine?.status === 'failed' && <ErrorNotice failure={mine.failure} testId="action-error" onDismiss={dismissOutcome} />}
      {mine?.status === 'sending' && (
        <p className="outcome muted" role="status" data-testid="action-outcome" data-status="sending">
          {t('detail.sending', { action: t(`action.${mine.action}`) })}
        </p>
      )}
      {mine?.status === 'queued' && (
        <p
          className={`outcome ${mine.whileOnline ? 'outcome-sent' : 'outcome-queued'}`}
          role="status"
          data-testid="action-outcome"
          data-status={mine.whileOnline ? 'sent' : 'queued'}
        >
          {t(mine.whileOnline ? 'detail.sent' : 'detail.queued', {
            action: t(`action.${mine.action}`),
            time: formatTime(mine.command.queuedAt, locale),
          })}
        </p>
      )}
    </div>
  );
}

/**
 * Who the picker offers: the directory, and the signed-in user even when the
 * directory has not been fetched on this workstation yet (offline after an upgrade).
 */
function reassignCandidates(directory: readonly DirectoryUser[], user: User): readonly DirectoryUser[] {
  return directory.some((u) => u.id === user.id) ? directory : [...directory, user];
}

function PendingList({ alert }: { alert: AlertView }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  if (alert.pending.length === 0) return null;
  return (
    <section className="pending-list" data-testid="detail-pending">
      <h3>
        <span className="badge badge-pending">{t('queue.pending')}</span> {t('detail.pending')}
      </h3>
      <ul>
        {alert.pending.map((p) => (
          <li key={p.commandId} data-command-id={p.commandId}>
            {t('detail.pendingItem', { action: t(`action.${p.action}`), time: formatTime(p.queuedAt, locale), attempts: p.attempts })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AlertHistory({ alert }: { alert: AlertView }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const nameOf = useAppStore(selectDisplayNameOf);
  const entries = [...alert.history].reverse();
  return (
    <section className="history">
      <h3>{t('detail.history')}</h3>
      <ol className="timeline" data-testid="detail-history">
        {entries.map((entry, index) => (
          <li key={`${entry.at}-${index}`} className={`timeline-entry action-${entry.action}`} data-action={entry.action} data-actor={entry.actor}>
            <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
            <span className="timeline-what">
              <strong>{t(`action.${entry.action}`)}</strong> ·{' '}
              <span className="timeline-actor" title={entry.actor}>
                {nameOf(entry.actor)}
              </span>
              {entry.fromState !== entry.toState && (
                <span className="muted">
                  {' '}
                  · {entry.fromState ? t(`state.${entry.fromState}`) : '∅'} → {t(`state.${entry.toState}`)}
                </span>
              )}
              {entry.action === 'reassign' || entry.action === 'own' ? (
                <span className="muted" data-owner={entry.ownerId ?? ''} title={entry.ownerId ?? undefined}>
                  {' '}
                  · {entry.ownerId ? nameOf(entry.ownerId) : t('queue.unowned')}
                </span>
              ) : null}
            </span>
            {entry.note && <blockquote className="timeline-note">{entry.note}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
