import { useEffect } from 'react';
import { pickWallDisplay } from '../../store/wall-selectors.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { playersAlive } from './player-registry.js';
import { WallView } from './wall-view.js';

declare global {
  interface Window {
    /** Read-only, for end-to-end tests and support staff at the console: how many players this window holds. */
    __vigilWall?: { playersAlive(): number };
  }
}

/**
 * The video wall window: finds which of the workstation's wall monitors it is (launch
 * parameter `wall=`, else the first), or says plainly why it cannot show one.
 */
export function WallSurface({ wallDisplayId }: { wallDisplayId: string | null }) {
  const t = useT();
  const displays = useAppStore((s) => s.wallDisplays);
  const status = useAppStore((s) => s.wallDisplaysStatus);

  useEffect(() => {
    Object.defineProperty(window, '__vigilWall', { value: Object.freeze({ playersAlive }), configurable: true, writable: false });
    return () => {
      delete window.__vigilWall;
    };
  }, []);

  const picked = pickWallDisplay(displays, wallDisplayId);
  if (picked.display) return <WallView key={picked.display.displayId} display={picked.display} />;

  if (status === 'idle' || status === 'loading') {
    return (
      <main className="wall-surface wall-empty" data-testid="wall-surface" data-display-id={wallDisplayId ?? ''} data-grid="" data-players-alive={0} data-takeover-alert-id="" aria-busy="true">
        <p className="muted">{t('wall.loading')}</p>
      </main>
    );
  }
  const reason = status === 'error' ? 'error' : picked.reason;
  return (
    <main className="wall-surface wall-empty" data-testid="wall-surface" data-display-id={wallDisplayId ?? ''} data-grid="" data-players-alive={0} data-takeover-alert-id="" data-problem={reason}>
      <div className="panel not-built" data-testid="wall-no-display">
        <h1>{reason === 'unknown' ? t('wall.unknownDisplay.title', { id: wallDisplayId ?? '' }) : t('wall.noDisplays.title')}</h1>
        <p>{reason === 'unknown' ? t('wall.unknownDisplay.body', { ids: displays.map((d) => d.displayId).join(', ') || '—' }) : t(reason === 'error' ? 'wall.displaysError' : 'wall.noDisplays.body')}</p>
      </div>
    </main>
  );
}
