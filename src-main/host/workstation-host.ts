import {
  eventChannel,
  type AlertsChanged,
  type CamerasChanged,
  type BasemapChanged,
  type WallDisplaysChanged,
  type WallLayoutsChanged,
  type DesktopApiHandlers,
  type KpiBoardView,
  type KpiChanged,
  type DirectoryChanged,
  type DirectoryUser,
  type ReportsChanged,
  type RejectedCommand,
  type SessionInfo,
  type SyncStatus,
} from '../../src-shared/desktop-api.js';
import type { Alert } from '../../src-shared/model/alert.js';
import type { Camera } from '../../src-shared/model/camera.js';
import type { Department, FieldReport, RoutingRule } from '../../src-shared/model/field-report.js';
import type { BasemapSetting } from '../../src-shared/model/map.js';
import type { WallDisplayState, WallLayout } from '../../src-shared/model/wall.js';
import { queueCommand } from './api/queue-command.js';
import { createAlertsApi } from './api/alerts-api.js';
import { createDirectoryApi, createDirectoryRefresher } from './api/directory-api.js';
import { createSessionApi } from './api/session-api.js';
import { createSyncApi } from './api/sync-api.js';
import { createWorkstationApi } from './api/workstation-api.js';
import { AlertReplica } from './cache/alert-replica.js';
import { openCacheDatabase } from './cache/cache-database.js';
import { DirectoryRepository } from './cache/directory-repository.js';
import { OfflineCredentials } from './cache/offline-credentials.js';
import { OutboxRepository, type OutboxEntry } from './cache/outbox-repository.js';
import { SyncState } from './cache/sync-state.js';
import { WallCache } from './cache/wall-cache.js';
import { createCamerasApi } from './api/cameras-api.js';
import { createWallApi } from './api/wall-api.js';
import { createReportsApi } from './api/reports-api.js';
import { ReportCache } from './cache/report-cache.js';
import { ReportMediaCache } from './media/report-media-cache.js';
import { createMapApi } from './api/map-api.js';
import { createKpiApi } from './api/kpi-api.js';
import { KpiCache } from './kpi/kpi-cache.js';
import { KpiService } from './kpi/kpi-service.js';
import { openBasemapService } from './map/basemap-service.js';
import { BasemapStore } from './map/basemap-store.js';
import { DEFAULT_REGION_FILE } from './map/region-file.js';
import type { WallDisplayConfigResolved } from './wall-displays.js';
import type { HostContext } from './host-context.js';
import { DEFAULT_BACKOFF } from './sync/backoff.js';
import { BatchApplier } from './sync/batch-applier.js';
import { StatusTracker } from './sync/status-tracker.js';
import { SyncEngine } from './sync/sync-engine.js';

export interface WorkstationHostOptions {
  /** Folder holding cache.db (created if missing). */
  dataDir: string;
  /** Base URL of the sync server, e.g. http://127.0.0.1:4600 */
  serverUrl: string;
  workstationId: string;
  workstationName?: string;
  shell: 'electron' | 'kiosk';
  /** Reconnect backoff bounds (ms); tests use small values. */
  backoff?: { minMs: number; maxMs: number };
  /** bcrypt cost of the locally kept offline password hash (default 10; tests use 4). */
  bcryptCost?: number;
  /** HTTP login timeout before the offline check decides (default 4000 ms). */
  loginTimeoutMs?: number;
  /** socket.io connect timeout (default 5000 ms). */
  connectTimeoutMs?: number;
  /** How long hello may wait for its ack (default 5000 ms). */
  helloTimeoutMs?: number;
  /** How long a command may wait for its ack before the connection is dropped (default 8000 ms). */
  commandTimeoutMs?: number;
  /** Resume the last session after a restart while its token is valid (default false). */
  restoreSession?: boolean;
  /** Throttle of status pushes caused by applied batches (default 250 ms: at most 4/s). */
  statusThrottleMs?: number;
  /** This workstation's wall monitors (from its profile: wallDisplaysFromProfile); none by default. */
  wallDisplays?: readonly WallDisplayConfigResolved[];
  /** The region GeoJSON of the operations map (default: the demo region in assets/region). */
  regionFile?: string;
  /** The basemap until someone chooses another on this workstation (default: the region). */
  basemap?: BasemapSetting;
  /**
   * Public bases the server writes media_url with besides serverUrl (the server's
   * VIGIL_PUBLIC_BASE_URL); photos under them are still fetched from serverUrl. None by default.
   */
  mediaBaseUrls?: readonly string[];
  /** Cap of the cached report photos together (default 200 MB). */
  mediaCacheBytes?: number;
  /** How often the KPI board is fetched while online (default 10 s). */
  kpiPollMs?: number;
  /** Deadline of one KPI request (default 8 s). */
  kpiTimeoutMs?: number;
  /** Font files to try for PDF exports (default: DejaVu Sans and the like; VIGIL_PDF_FONT first). */
  pdfFontFiles?: readonly string[];
}

/** Read-only views for tests and tools; windows use `handlers`. */
export interface WorkstationHostInspect {
  cursor(): number;
  replicaAlerts(): Alert[];
  outbox(): OutboxEntry[];
  rejected(): RejectedCommand[];
  status(): SyncStatus;
  session(): SessionInfo | null;
  /** The cached directory, whoever is logged in. */
  directory(): DirectoryUser[];
  cameras(): Camera[];
  layouts(): WallLayout[];
  wallDisplay(displayId: string): WallDisplayState | null;
  /** The cached field reports (replica only, newest first). */
  reports(): FieldReport[];
  /** The cached departments and routing rules (replica only, by id). */
  departments(): Department[];
  routingRules(): RoutingRule[];
  /** The KPI board as windows would get it now (no fetch). */
  kpiBoard(): KpiBoardView;
  /** How many figures' dossier lists cache.db holds. */
  kpiDrillsCached(): number;
}

export interface WorkstationHost {
  /** The desktop API implementation over cache.db; bridges validate arguments before calling it. */
  readonly handlers: DesktopApiHandlers;
  /** Push events for every window: channel is `vigil:<domain>:<event>` (see eventChannel). */
  onPush(listener: (channel: string, payload: unknown) => void): () => void;
  readonly inspect: WorkstationHostInspect;
  close(): Promise<void>;
}

export async function createWorkstationHost(options: WorkstationHostOptions): Promise<WorkstationHost> {
  const db = openCacheDatabase(options.dataDir);
  const replica = new AlertReplica(db);
  const outbox = new OutboxRepository(db);
  const state = new SyncState(db);
  const offline = new OfflineCredentials(db);
  const directory = new DirectoryRepository(db);
  const wall = new WallCache(db);
  const reports = new ReportCache(db);
  state.setWorkstationId(options.workstationId);
  const basemaps = await openBasemapService({
    store: new BasemapStore(db),
    regionFile: options.regionFile ?? DEFAULT_REGION_FILE,
    defaultSetting: options.basemap,
    log: (message) => console.warn(`[host] ${message}`),
  });

  const listeners = new Set<(channel: string, payload: unknown) => void>();
  // Created once the status tracker exists; the tracker tells it when the link comes and goes.
  let kpi: KpiService | null = null;
  const push = (channel: string, payload: unknown): void => {
    for (const listener of [...listeners]) {
      try {
        listener(channel, payload);
      } catch {
        // one broken window must not stop the others from hearing
      }
    }
  };

  const status = new StatusTracker(
    () => {
      const meta = state.read();
      return {
        queued: outbox.unackedCount(),
        cursor: meta.cursor,
        headSeq: meta.headSeq,
        lastEventAt: meta.lastEventAt,
        lastSyncAt: meta.lastSyncAt,
      };
    },
    (s) => {
      push(eventChannel('sync', 'onDidChangeStatus'), s);
      kpi?.connectionChanged();
    },
    options.statusThrottleMs ?? 250,
    { connection: 'offline', offlineSince: null },
  );

  const pushAlertsChanged = (alertIds: string[]): void => {
    const payload: AlertsChanged = { alertIds };
    push(eventChannel('alerts', 'onDidChange'), payload);
  };

  const pushWallChanged: HostContext['pushWallChanged'] = (changes) => {
    const cameraIds = changes.cameraIds ?? [];
    const layoutIds = changes.layoutIds ?? [];
    const tourIds = changes.tourIds ?? [];
    const displayIds = changes.displayIds ?? [];
    const everything = !changes.cameraIds && !changes.layoutIds && !changes.tourIds && !changes.displayIds;
    if (cameraIds.length > 0 || everything) push(eventChannel('cameras', 'onDidChange'), { cameraIds } satisfies CamerasChanged);
    // Announced workstations travel with the layouts event: the same windows (walls) read both.
    if (layoutIds.length + tourIds.length > 0 || changes.workstations || everything) {
      push(eventChannel('wall', 'onDidChangeLayouts'), { layoutIds, tourIds } satisfies WallLayoutsChanged);
    }
    if (displayIds.length > 0) push(eventChannel('wall', 'onDidChangeDisplays'), { displayIds } satisfies WallDisplaysChanged);
  };

  const pushReportsChanged = (reportIds: string[]): void => {
    push(eventChannel('reports', 'onDidChange'), { reportIds } satisfies ReportsChanged);
  };

  const reportMedia = new ReportMediaCache(db, {
    serverUrl: options.serverUrl,
    publicBaseUrls: options.mediaBaseUrls ?? [],
    serverBaseUrls: state.serverMediaBases(),
    reports,
    isOffline: () => status.connection.connection === 'offline',
    maxTotalBytes: options.mediaCacheBytes,
    log: (message) => console.warn(`[host] ${message}`),
  });

  const kpiCache = new KpiCache(db);
  // Assigned below, before anything can log in (the session's token is read at each fetch).
  let ctxRef: HostContext | null = null;
  const kpiService = new KpiService({
    serverUrl: options.serverUrl,
    cache: kpiCache,
    token: () => ctxRef?.session?.token ?? null,
    isOnline: () => status.connection.connection === 'online',
    onChanged: (change) => push(eventChannel('kpi', 'onDidChange'), change satisfies KpiChanged),
    pollMs: options.kpiPollMs,
    timeoutMs: options.kpiTimeoutMs,
    pdfFontFiles: options.pdfFontFiles,
    log: (message) => console.warn(`[host] ${message}`),
  });
  kpi = kpiService;

  const loginTimeoutMs = options.loginTimeoutMs ?? 4000;
  const directoryRefresher = createDirectoryRefresher({
    serverUrl: options.serverUrl,
    timeoutMs: loginTimeoutMs,
    directory,
    onChanged: (count) => {
      const payload: DirectoryChanged = { count };
      push(eventChannel('directory', 'onDidChange'), payload);
    },
  });
  const refreshDirectory = (token: string): void => void directoryRefresher.refresh(token);

  const engine = new SyncEngine({
    serverUrl: options.serverUrl,
    workstationId: options.workstationId,
    outbox,
    state,
    applier: new BatchApplier(db, replica, outbox, state, wall, options.workstationId, reports),
    status,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    connectTimeoutMs: options.connectTimeoutMs,
    helloTimeoutMs: options.helloTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs,
    onAlertsChanged: pushAlertsChanged,
    onWallChanged: (w) => {
      // An empty summary means an outbox row settled: the pending marks may have changed.
      const nothing = w.cameraIds.length + w.layoutIds.length + w.tourIds.length + w.displayIds.length === 0 && !w.workstations;
      pushWallChanged(nothing ? {} : { cameraIds: w.cameraIds, layoutIds: w.layoutIds, tourIds: w.tourIds, displayIds: w.displayIds, workstations: w.workstations });
    },
    onReportsChanged: (r) => {
      pushReportsChanged(r.reportIds);
      // In the background (returns at once): the photos of changed reports, for outages.
      reportMedia.prefetchReports(r.reportIds);
    },
    onRejected: (rejected) => {
      pushAlertsChanged(rejected.alertId ? [rejected.alertId] : []);
      // A refused report step or admin change: its pending mark (and optimistic effect) goes.
      if (/^(report|department|routing-rule)\./.test(rejected.type)) pushReportsChanged([]);
    },
    onOnline: (token, reply) => {
      void kpiService.refresh();
      reportMedia.setServerBases(reply.mediaBaseUrls);
      state.setServerMediaBases(reply.mediaBaseUrls);
      refreshDirectory(token);
      announceWall();
    },
  });

  const ctx: HostContext = {
    serverUrl: options.serverUrl,
    workstationId: options.workstationId,
    workstationName: options.workstationName ?? options.workstationId,
    shell: options.shell,
    db,
    replica,
    outbox,
    state,
    offline,
    directory,
    wall,
    reports,
    reportMedia,
    wallDisplays: options.wallDisplays ?? [],
    status,
    basemaps,
    engine,
    kpi: kpiService,
    bcryptCost: options.bcryptCost ?? 10,
    loginTimeoutMs,
    session: null,
    pushAlertsChanged,
    pushWallChanged,
    pushReportsChanged,
    pushSession: () => push(eventChannel('session', 'onDidChange'), ctx.session?.info ?? null),
    pushBasemapChanged: (basemap) => push(eventChannel('map', 'onDidChangeBasemap'), { basemap } satisfies BasemapChanged),
    refreshDirectory,
    roleOf: (userId) => (ctx.session?.info.user.id === userId ? ctx.session.info.user.role : 'operator'),
  };
  ctxRef = ctx;

  /**
   * Tells the server which wall monitors this workstation has, so a supervisor can
   * push to them; only when that changed since the last announcement it queued.
   */
  function announceWall(): void {
    const user = ctx.session?.info.user;
    if (!user) return;
    const payload = {
      workstationId: options.workstationId,
      name: ctx.workstationName,
      displays: ctx.wallDisplays.map((d) => ({ displayId: d.displayId, label: d.label })),
    };
    const json = JSON.stringify(payload);
    const last = state.announcedWall();
    // A workstation without wall monitors has nothing to push to: it announces only to withdraw earlier ones.
    if (last === json || (last === null && payload.displays.length === 0)) return;
    if (queueCommand(ctx, 'workstation.announce', payload, user.id).ok) state.setAnnouncedWall(json);
  }

  const session = createSessionApi(ctx);
  const handlers: DesktopApiHandlers = {
    session,
    alerts: createAlertsApi(ctx),
    sync: createSyncApi(ctx),
    workstation: createWorkstationApi(ctx),
    directory: createDirectoryApi(ctx),
    cameras: createCamerasApi(ctx),
    wall: createWallApi(ctx),
    map: createMapApi(ctx),
    reports: createReportsApi(ctx),
    kpi: createKpiApi(ctx),
  };
  if (options.restoreSession) session.restore();

  let closed = false;
  return {
    handlers: {
      session: { login: session.login, logout: session.logout, current: session.current },
      alerts: handlers.alerts,
      sync: handlers.sync,
      workstation: handlers.workstation,
      directory: handlers.directory,
      cameras: handlers.cameras,
      wall: handlers.wall,
      map: handlers.map,
      reports: handlers.reports,
      kpi: handlers.kpi,
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    inspect: {
      cursor: () => state.cursor(),
      replicaAlerts: () => replica.all(),
      outbox: () => outbox.pending(),
      rejected: () => outbox.rejected(),
      status: () => status.snapshot(),
      session: () => ctx.session?.info ?? null,
      directory: () => directory.list(),
      cameras: () => wall.cameras.all(),
      layouts: () => wall.layouts.all(),
      wallDisplay: (displayId) => wall.displays.get(displayId),
      reports: () => reports.all(),
      departments: () => reports.departments.all(),
      routingRules: () => reports.routingRules.all(),
      kpiBoard: () => kpiService.view(),
      kpiDrillsCached: () => kpiCache.drillCount(),
    },
    async close() {
      if (closed) return;
      closed = true;
      engine.stop();
      kpiService.close();
      reportMedia.close();
      directoryRefresher.dispose();
      status.dispose();
      listeners.clear();
      await basemaps.close();
      db.close();
    },
  };
}
