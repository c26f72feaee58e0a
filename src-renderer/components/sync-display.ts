import type { ConnectionState, SyncStatus } from '../../src-shared/desktop-api.js';
import type { WindowLink } from '../store/slices/sync-slice.js';
import { formatAgo, formatTime } from '../i18n/format.js';
import { translate, type Locale } from '../i18n/i18n.js';

export interface SyncDisplay {
  connection: ConnectionState;
  queued: number;
  /** The main line: "Trực tuyến", "Đang kết nối lại…", "Mất kết nối từ 14:05 · 3 thao tác chờ gửi". */
  label: string;
  /** "Dữ liệu: 12 giây trước" (or live / never). */
  dataAge: string;
  /** Seconds since the cache last heard from the server; null when never. */
  dataAgeSeconds: number | null;
  authRequired: boolean;
  detail: string | null;
}

/**
 * What the sync indicator says. The window's own bridge to the host counts first: if
 * the host cannot be reached, whatever it last said about the server is stale too.
 */
export function describeSync(sync: SyncStatus | null, bridge: WindowLink, now: number, locale: Locale): SyncDisplay {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(locale, key, params);
  const heardAt = sync?.lastSyncAt ?? sync?.lastEventAt ?? null;
  const heardMs = heardAt ? Date.parse(heardAt) : NaN;
  const dataAgeSeconds = Number.isNaN(heardMs) ? null : Math.max(0, Math.floor((now - heardMs) / 1000));
  const queued = sync?.queued ?? 0;
  const hostDown = bridge === 'connecting';
  const connection: ConnectionState =
    bridge === 'absent' || bridge === 'closed' ? 'offline' : hostDown ? 'connecting' : (sync?.connection ?? 'connecting');

  let label: string;
  if (bridge === 'absent' || bridge === 'closed') label = t('host.missing.title');
  else if (hostDown) label = t('sync.hostLost');
  else if (!sync) label = t('sync.unknown');
  else if (sync.connection === 'online') label = t('sync.online');
  else if (sync.connection === 'connecting') label = t('sync.connecting');
  else {
    label = sync.offlineSince ? t('sync.offlineSince', { time: formatTime(sync.offlineSince, locale) }) : t('sync.offline');
    // Say that the workstation keeps trying, and when, so nobody restarts it to "reconnect".
    const retryMs = sync.nextRetryAt ? Date.parse(sync.nextRetryAt) - now : NaN;
    if (!sync.authRequired) label += ` · ${retryMs > 1000 ? t('sync.retryIn', { s: Math.ceil(retryMs / 1000) }) : t('sync.retrying')}`;
  }
  if (queued > 0) label += ` · ${t('sync.queued', { n: queued })}`;

  let dataAge: string;
  if (heardAt === null) dataAge = t('sync.dataNever');
  else if (connection === 'online') dataAge = t('sync.dataLive');
  else dataAge = t('sync.dataAge', { age: formatAgo(heardAt, now, locale) });

  const detail = sync?.lastError ? t('sync.lastError', { error: sync.lastError }) : null;
  return { connection, queued, label, dataAge, dataAgeSeconds, authRequired: sync?.authRequired ?? false, detail };
}
