import { formatDateTime } from '../../i18n/format.js';
import { hasMessage } from '../../i18n/i18n.js';
import { useAppStore, useT } from '../../store/store-context.js';

/** Offline actions the server refused on replay: never dropped silently, the operator must see and dismiss them. */
export function RejectedCommands() {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const rejected = useAppStore((s) => s.rejected);
  const dismiss = useAppStore((s) => s.dismissRejected);
  if (rejected.length === 0) return null;
  return (
    <section className="rejected-commands" role="alert" data-testid="rejected-commands">
      <h2>{t('rejected.title')}</h2>
      <ul>
        {rejected.map((r) => {
          const actionKey = `action.${r.action}`;
          return (
            <li key={r.commandId} data-command-id={r.commandId} data-code={r.code}>
              <span>
                {t('rejected.item', {
                  action: hasMessage(actionKey) ? t(actionKey) : r.action,
                  alert: r.alertId ?? '—',
                  queuedAt: formatDateTime(r.queuedAt, locale),
                  code: r.code,
                  message: r.message,
                })}
              </span>
              <button type="button" onClick={() => void dismiss(r.commandId)}>
                {t('rejected.dismiss')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
