import type { SessionInfo } from '../../src-shared/desktop-api.js';
import type { BasemapInfo } from '../../src-shared/model/map.js';
import type { Role } from '../../src-shared/model/user.js';
import type { AlertReplica } from './cache/alert-replica.js';
import type { CacheDb } from './cache/cache-database.js';
import type { DirectoryRepository } from './cache/directory-repository.js';
import type { OfflineCredentials } from './cache/offline-credentials.js';
import type { OutboxRepository } from './cache/outbox-repository.js';
import type { ReportCache } from './cache/report-cache.js';
import type { SyncState } from './cache/sync-state.js';
import type { WallCache } from './cache/wall-cache.js';
import type { KpiService } from './kpi/kpi-service.js';
import type { BasemapService } from './map/basemap-service.js';
import type { ReportMediaCache } from './media/report-media-cache.js';
import type { WallDisplayConfigResolved } from './wall-displays.js';
import type { StatusTracker } from './sync/status-tracker.js';
import type { SyncEngine } from './sync/sync-engine.js';

/** The session of the operator at this workstation; the password stays only in memory and only when needed. */
export interface ActiveSession {
  info: SessionInfo;
  token: string | null;
  tokenExpiresAt: string | null;
  /** Kept for an offline login only, to fetch a token once the server answers again. */
  password: string | null;
}

/** What every API module of the host shares: the cache, the engine and the push channel. */
export interface HostContext {
  readonly serverUrl: string;
  readonly workstationId: string;
  readonly workstationName: string;
  readonly shell: 'electron' | 'kiosk';
  readonly db: CacheDb;
  readonly replica: AlertReplica;
  readonly outbox: OutboxRepository;
  readonly state: SyncState;
  readonly offline: OfflineCredentials;
  readonly directory: DirectoryRepository;
  readonly wall: WallCache;
  /** Field reports, departments and routing rules (replicas). */
  readonly reports: ReportCache;
  /** Photos of field reports: the server's own media, cached for outages (never external URLs). */
  readonly reportMedia: ReportMediaCache;
  /** This workstation's wall monitors, from its profile. */
  readonly wallDisplays: readonly WallDisplayConfigResolved[];
  readonly status: StatusTracker;
  /** The region and the basemap of the operations map. */
  readonly basemaps: BasemapService;
  readonly engine: SyncEngine;
  /** The KPI board: polls the server while online, answers from cache.db through outages. */
  readonly kpi: KpiService;
  readonly bcryptCost: number;
  readonly loginTimeoutMs: number;
  session: ActiveSession | null;
  pushAlertsChanged(alertIds: string[]): void;
  /** Tells windows what of the wall changed; missing lists mean "nothing of that kind". */
  pushWallChanged(changes: { cameraIds?: string[]; layoutIds?: string[]; tourIds?: string[]; displayIds?: string[]; workstations?: boolean }): void;
  /** Tells windows which reports changed (empty: departments, rules or pending marks only). */
  pushReportsChanged(reportIds: string[]): void;
  pushSession(): void;
  pushBasemapChanged(basemap: BasemapInfo): void;
  /** Fetches the server's user directory in the background; a failure keeps the cached copy. */
  refreshDirectory(token: string): void;
  /** The role to judge a queued command's optimistic effect with. */
  roleOf(userId: string): Role;
}
