import type { KpiBoardView } from '../../../src-shared/desktop-api.js';
import type { ConnectorHealth } from '../../../src-shared/model/kpi.js';
import { formatAgo, formatDateTime, formatDuration, formatTime } from '../../i18n/format.js';
import { useAppStore, useT } from '../../store/store-context.js';
import { boardFreshness } from './kpi-model.js';

/**
 * Where the figures come from and how old they are, on every page of the board: the
 * portal sources, when the portal was last read, when this workstation last got the
 * board, and a stale badge when the figures are the workstation's copy from before an
 * outage or a source has fallen behind.
 */
export function KpiProvenance({ view, now }: { view: KpiBoardView; now: number }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const sync = useAppStore((s) => s.sync);
  const bridge = useAppStore((s) => s.bridge);
  const board = view.board;
  if (!board) return null;
  const freshness = boardFreshness(view, sync, bridge, now);
  const sources = board.provenance.sources;
  const behind = sources.filter((s) => s.lastError !== null || s.consecutiveFailures > 0).map((s) => s.name);
  const ago = view.fetchedAt ? formatAgo(view.fetchedAt, now, locale) : '—';
  return (
    <footer className="kpi-provenance" data-testid="kpi-provenance" data-stale={freshness.stale} data-from-cache={view.fromCache}>
      <span className="kpi-sources" data-testid="kpi-sources">
        {t('kpi.sources', { names: sources.length > 0 ? sources.map((s) => s.name).join(', ') : t('kpi.noSources') })}
      </span>
      {sources.map((source) => (
        <SourceHealth key={source.id} source={source} now={now} />
      ))}
      <span title={board.provenance.lastUpdatedAt ? formatDateTime(board.provenance.lastUpdatedAt, locale) : undefined}>
        {t('kpi.portalReadAt', { time: board.provenance.lastUpdatedAt ? formatTime(board.provenance.lastUpdatedAt, locale) : '—' })}
      </span>
      <span data-testid="kpi-updated" data-fetched-at={view.fetchedAt ?? ''} title={view.fetchedAt ? formatDateTime(view.fetchedAt, locale) : undefined}>
        {t('kpi.updatedAgo', { ago })}
      </span>
      {freshness.stale && (
        <span className={`badge kpi-stale kpi-stale-${freshness.reason}`} data-testid="kpi-stale" data-reason={freshness.reason ?? ''} role="status" title={view.lastError ?? undefined}>
          {freshness.reason === 'source'
            ? t('kpi.stale.source', { names: behind.length > 0 ? behind.join(', ') : sources.map((s) => s.name).join(', ') })
            : freshness.reason === 'host'
              ? t('kpi.stale.host', { ago })
              : t('kpi.stale.cached', { ago })}
        </span>
      )}
    </footer>
  );
}

/**
 * One connector's health, as an operator needs it to trust a number: when it last read
 * the portal, how far behind the portal the data is, and its errors (message on hover).
 */
function SourceHealth({ source, now }: { source: ConnectorHealth; now: number }) {
  const t = useT();
  const locale = useAppStore((s) => s.locale);
  const failing = source.consecutiveFailures > 0;
  const parts = [
    source.lastSuccessAt ? t('kpi.source.read', { ago: formatAgo(source.lastSuccessAt, now, locale) }) : t('kpi.source.neverRead'),
    ...(source.lagMs !== null ? [t('kpi.source.lag', { lag: formatDuration(source.lagMs, locale) })] : []),
    ...(failing ? [t('kpi.source.failures', { count: source.consecutiveFailures })] : []),
    ...(source.recordsSkipped > 0 ? [t('kpi.source.skipped', { count: source.recordsSkipped })] : []),
  ];
  return (
    <span
      className={`kpi-source-health${failing ? ' failing' : ''}`}
      data-testid="kpi-source-health"
      data-source-id={source.id}
      data-failures={source.consecutiveFailures}
      title={source.lastError ? `${formatDateTime(source.lastError.at, locale)}: ${source.lastError.message}` : undefined}
    >
      {`${source.name}: ${parts.join(' · ')}`}
    </span>
  );
}
