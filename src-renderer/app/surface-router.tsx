import type { Surface } from '../../src-shared/desktop-api.js';
import { useT } from '../store/store-context.js';
import { ConsoleSurface } from '../surfaces/console/console-surface.js';

/** One window, one surface. Surfaces not built yet say so by name instead of showing something else. */
export function SurfaceRouter({ surface }: { surface: Surface }) {
  const t = useT();
  switch (surface) {
    case 'console':
      return <ConsoleSurface />;
    default:
      return (
        <main className="panel not-built" data-testid="surface-not-built" data-surface={surface}>
          <h1>{t('surface.notBuilt.title', { surface: t(`surface.${surface}`) })}</h1>
          <p>{t('surface.notBuilt.body', { surface: t(`surface.${surface}`), id: surface })}</p>
        </main>
      );
  }
}
