import { lazy, Suspense } from 'react';
import type { Surface } from '../../src-shared/desktop-api.js';
import { useT } from '../store/store-context.js';
import { ConsoleSurface } from '../surfaces/console/console-surface.js';

// hls.js is half the bundle; only wall windows load it.
// maplibre + deck.gl are the other half; only map windows load them.
const MapSurface = lazy(() => import('../surfaces/map/map-surface.js').then((m) => ({ default: m.MapSurface })));
// The desk is plain React; lazy so console and wall windows do not carry it.
const ReportsSurface = lazy(() => import('../surfaces/reports/reports-surface.js').then((m) => ({ default: m.ReportsSurface })));
// The KPI board: plain React and SVG; lazy so other windows do not carry it.
const KpiSurface = lazy(() => import('../surfaces/kpi/kpi-surface.js').then((m) => ({ default: m.KpiSurface })));
const WallSurface = lazy(() => import('../surfaces/wall/wall-surface.js').then((m) => ({ default: m.WallSurface })));

/** One window, one surface. Surfaces not built yet say so by name instead of showing something else. */
export function SurfaceRouter({ surface, wallDisplayId = null }: { surface: Surface; wallDisplayId?: string | null }) {
  const t = useT();
  switch (surface) {
    case 'console':
      return <ConsoleSurface />;
    case 'wall':
      return (
        <Suspense fallback={<main className="panel" aria-busy="true">{t('app.loading')}</main>}>
          <WallSurface wallDisplayId={wallDisplayId} />
        </Suspense>
      );
    case 'map':
      return (
        <Suspense fallback={<main className="panel" aria-busy="true">{t('app.loading')}</main>}>
          <MapSurface />
        </Suspense>
      );
    case 'reports':
      return (
        <Suspense fallback={<main className="panel" aria-busy="true">{t('app.loading')}</main>}>
          <ReportsSurface />
        </Suspense>
      );
    case 'kpi':
      return (
        <Suspense fallback={<main className="panel" aria-busy="true">{t('app.loading')}</main>}>
          <KpiSurface />
        </Suspense>
      );
    default:
      return (
        <main className="panel not-built" data-testid="surface-not-built" data-surface={surface}>
          <h1>{t('surface.notBuilt.title', { surface: t(`surface.${surface}`) })}</h1>
          <p>{t('surface.notBuilt.body', { surface: t(`surface.${surface}`), id: surface })}</p>
        </main>
      );
  }
}
