import { useCallback, useEffect, useState } from 'react';
import { useAppStore, useAppStoreApi, useNow, useT } from '../../store/store-context.js';
import { KpiDesk } from './kpi-desk.js';
import { KpiDrillPanel } from './kpi-drill-panel.js';
import { DEFAULT_ROTATE_SECONDS, parseRotateSeconds } from './kpi-rotation.js';
import { KpiWallBoard } from './kpi-wall-board.js';

export type KpiVariant = 'wall' | 'desk';

/** Per window (sessionStorage is), like the map's wall mode: a wall monitor stays the board, a desk keeps its tables. */
const VARIANT_KEY = 'vigil.kpi.variant';
const ROTATE_KEY = 'vigil.kpi.rotateSeconds';

function useSessionSetting<T>(key: string, read: (stored: string | null) => T, write: (value: T) => string): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      return read(window.sessionStorage.getItem(key));
    } catch {
      return read(null);
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.sessionStorage.setItem(key, write(next));
      } catch {
        // Storage refused: the choice still holds until the window closes.
      }
    },
    [key, write],
  );
  return [value, set];
}

const readVariant = (s: string | null): KpiVariant => (s === 'desk' ? 'desk' : 'wall');
const writeString = (v: string | number): string => String(v);

/**
 * The KPI board of the public-service portal: the wall board (default) or the
 * supervisor's desk, both over the board the workstation host keeps (its cached copy
 * through outages, marked stale with its age), with a drill-down behind every number.
 */
export function KpiSurface() {
  const t = useT();
  const store = useAppStoreApi();
  const session = useAppStore((s) => s.session);
  const view = useAppStore((s) => s.kpi);
  const status = useAppStore((s) => s.kpiStatus);
  const error = useAppStore((s) => s.kpiError);
  const [variant, setVariant] = useSessionSetting<KpiVariant>(VARIANT_KEY, readVariant, writeString);
  const [rotateSeconds, setRotateSeconds] = useSessionSetting<number>(ROTATE_KEY, parseRotateSeconds, writeString);
  const now = useNow(1000);

  useEffect(() => {
    if (session) void store.getState().refreshKpi();
  }, [session, store]);

  let body;
  if (!view?.board) {
    body =
      status === 'idle' || status === 'loading' ? (
        <p className="kpi-empty" aria-busy="true">
          {t('app.loading')}
        </p>
      ) : (
        <div className="kpi-empty" data-testid="kpi-empty" role="status">
          <p>{t('kpi.empty')}</p>
          {(view?.lastError || error) && <p className="muted small">{view?.lastError ?? error?.message}</p>}
        </div>
      );
  } else if (variant === 'desk') {
    body = <KpiDesk view={view} now={now} />;
  } else {
    body = <KpiWallBoard view={view} now={now} rotateSeconds={rotateSeconds || DEFAULT_ROTATE_SECONDS} onRotateSeconds={setRotateSeconds} />;
  }

  return (
    <main className={`kpi-surface variant-${variant}`} data-testid="kpi-surface" data-variant={variant} data-status={status}>
      <button
        type="button"
        className="kpi-variant-toggle"
        data-testid="kpi-variant-toggle"
        data-variant={variant}
        onClick={() => setVariant(variant === 'wall' ? 'desk' : 'wall')}
      >
        {variant === 'wall' ? t('kpi.variant.toDesk') : t('kpi.variant.toWall')}
      </button>
      {body}
      <KpiDrillPanel />
    </main>
  );
}
