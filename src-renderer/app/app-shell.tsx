import { useEffect } from 'react';
import type { LaunchParams } from '../bridge/launch-params.js';
import { useAppStore, useT } from '../store/store-context.js';
import { AppHeader } from './app-header.js';
import { LoginScreen } from './login-screen.js';
import { SurfaceRouter } from './surface-router.js';

/**
 * The window: a header that is always there (sync state, user, language), then either
 * the reason there is nothing to show (no host, refused by the host, nobody signed in)
 * or the surface the shell gave this window.
 */
export function AppShell({ params }: { params: LaunchParams }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const bridge = useAppStore((s) => s.bridge);
  const session = useAppStore((s) => s.session);
  const sessionStatus = useAppStore((s) => s.sessionStatus);
  const surface = params.surface;

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${t('app.title')} — ${t(`surface.${surface}`)}`;
  }, [locale, surface, t]);

  let body;
  if (bridge === 'absent') {
    body = (
      <main className="panel host-missing" data-testid="host-missing">
        <h1>{t('host.missing.title')}</h1>
        <p>{t('host.missing.body')}</p>
      </main>
    );
  } else if (bridge === 'closed') {
    body = (
      <main className="panel host-missing" data-testid="host-rejected">
        <h1>{t('host.rejected.title')}</h1>
        <p>{t('host.rejected.body')}</p>
      </main>
    );
  } else if (!session && sessionStatus === 'unknown') {
    body = (
      <main className="panel" aria-busy="true">
        {t('app.loading')}
      </main>
    );
  } else if (!session) {
    body = <LoginScreen />;
  } else {
    body = <SurfaceRouter surface={surface} wallDisplayId={params.wallDisplayId} />;
  }

  return (
    <div className="app-shell" data-surface={surface} data-window={params.windowKey ?? undefined}>
      <AppHeader surface={surface} />
      {params.unknownSurface && (
        <div className="banner banner-warning" role="status">
          {t('surface.unknown', { name: params.unknownSurface })}
        </div>
      )}
      {body}
    </div>
  );
}
