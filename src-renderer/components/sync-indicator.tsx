import { useAppStore, useNow } from '../store/store-context.js';
import { describeSync } from './sync-display.js';

/** Always on screen: connection in words and colour, queued actions, and how old the data is. */
export function SyncIndicator() {
  const sync = useAppStore((s) => s.sync);
  const bridge = useAppStore((s) => s.bridge);
  const locale = useAppStore((s) => s.locale);
  const now = useNow(1000);
  const view = describeSync(sync, bridge, now, locale);
  return (
    <div
      className={`sync-indicator sync-${view.connection}`}
      data-testid="sync-indicator"
      data-connection={view.connection}
      data-queued={String(view.queued)}
      data-age-seconds={view.dataAgeSeconds ?? ''}
      role="status"
      aria-live="polite"
      title={view.detail ?? undefined}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label">{view.label}</span>
      <span className="sync-age">{view.dataAge}</span>
    </div>
  );
}
