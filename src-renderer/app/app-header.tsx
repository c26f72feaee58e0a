import type { Surface } from '../../src-shared/desktop-api.js';
import { SyncIndicator } from '../components/sync-indicator.js';
import { useAppStore, useT } from '../store/store-context.js';

export function AppHeader({ surface }: { surface: Surface }) {
  const t = useT();
  const session = useAppStore((s) => s.session);
  const workstation = useAppStore((s) => s.workstation);
  const locale = useAppStore((s) => s.locale);
  const setLocale = useAppStore((s) => s.setLocale);
  const logout = useAppStore((s) => s.logout);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.title')}</span>
        <span className="brand-surface">{t(`surface.${surface}`)}</span>
        {workstation && <span className="muted small">{t('header.workstation', { name: workstation.name })}</span>}
      </div>
      <SyncIndicator />
      <div className="header-tools">
        {session && (
          <span className="user-chip" data-testid="current-user" data-user-id={session.user.id} data-role={session.user.role}>
            <strong>{session.user.displayName}</strong> · {t(`role.${session.user.role}`)}
            {session.offline && (
              <span className="badge badge-warning" data-testid="offline-login" title={t('login.offlineHint')}>
                {t('login.offline')}
              </span>
            )}
          </span>
        )}
        <button
          type="button"
          data-testid="locale-switch"
          data-locale={locale}
          lang={locale === 'vi' ? 'en' : 'vi'}
          title={t('header.switchLocaleTitle')}
          onClick={() => setLocale(locale === 'vi' ? 'en' : 'vi')}
        >
          {t('header.switchLocale')}
        </button>
        {session && (
          <button type="button" data-testid="logout" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        )}
      </div>
    </header>
  );
}
