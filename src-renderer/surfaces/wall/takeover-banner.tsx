import { ErrorNotice } from '../../components/error-notice.js';
import { formatDuration } from '../../i18n/format.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { SeverityChip } from '../console/severity-chip.js';
import type { WallTakeover } from './wall-takeover.js';

/** The alarm that owns (part of) the wall: what, how bad, how long ago, how many wait, and the way to hand the wall back. */
export function TakeoverBanner({ takeover, nowMs }: { takeover: WallTakeover; nowMs: number }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const actOnAlert = useAppStore((s) => s.actOnAlert);
  const outcome = useAppStore((s) => s.actionOutcome);
  const dismissOutcome = useAppStore((s) => s.dismissActionOutcome);
  const { alert, waiting } = takeover;
  const mine = outcome?.alertId === alert.id ? outcome : null;
  return (
    <section
      className={`takeover-banner sev-${alert.severity}`}
      data-testid="takeover-banner"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-mode={takeover.mode}
      data-waiting={waiting.length}
      role="alert"
    >
      <span className="takeover-label">{t('takeover.title')}</span>
      <SeverityChip severity={alert.severity} />
      <strong className="takeover-headline">{alert.headline}</strong>
      {alert.location?.areaDesc && <span className="muted">{alert.location.areaDesc}</span>}
      <span className="muted">{t('time.ago', { duration: formatDuration(nowMs - Date.parse(alert.raisedAt), locale) })}</span>
      {waiting.length > 0 && (
        <span className="badge badge-warning" data-testid="takeover-waiting" title={waiting.map((a) => a.headline).join('\n')}>
          {t('takeover.more', { n: waiting.length })}
        </span>
      )}
      <button
        type="button"
        className="primary takeover-ack"
        data-testid="takeover-acknowledge"
        disabled={mine?.status === 'sending'}
        onClick={() => void actOnAlert({ alertId: alert.id, action: 'acknowledge' })}
      >
        {t('action.acknowledge')}
      </button>
      {mine?.status === 'failed' && <ErrorNotice failure={mine.failure} testId="takeover-error" onDismiss={dismissOutcome} />}
    </section>
  );
}
