import { z } from 'zod';
import {
  AlertActionSchema,
  AlertCategorySchema,
  AlertDraftSchema,
  AlertIdSchema,
  AlertStateSchema,
  NoteSchema,
  UserIdSchema,
  type Alert,
  type AlertAction,
  type AlertCategory,
  type AlertDraft,
  type AlertState,
} from './model/alert.js';
import {
  CameraIdSchema,
  CameraImportRequestSchema,
  CameraInputSchema,
  CameraKindSchema,
  CameraStatusSchema,
  type Camera,
  type CameraHealth,
  type CameraImportReport,
  type CameraImportRequest,
  type CameraInput,
  type CameraKind,
  type CameraStatus,
} from './model/camera.js';
import type { User } from './model/user.js';
import {
  DisplayIdSchema,
  LayoutIdSchema,
  TourIdSchema,
  WallContentSchema,
  WallLayoutInputSchema,
  WallPushSchema,
  WallTourInputSchema,
  type WallContent,
  type WallDisplayState,
  type WallLayout,
  type WallLayoutInput,
  type WallPush,
  type WallTour,
  type WallTourInput,
} from './model/wall.js';
import {
  BasemapSettingSchema,
  TileCoordSchema,
  type BasemapInfo,
  type BasemapSetting,
  type Region,
} from './model/map.js';
import {
  DeleteRoutingRulePayloadSchema,
  ForwardReportPayloadSchema,
  ClassifyReportPayloadSchema,
  MergeReportPayloadSchema,
  NoteReportPayloadSchema,
  RejectReportPayloadSchema,
  ReportIdSchema,
  ReportStatusSchema,
  ResolveReportPayloadSchema,
  SaveDepartmentPayloadSchema,
  SaveRoutingRulePayloadSchema,
  StartReportPayloadSchema,
  UnitIdSchema,
  DepartmentIdSchema,
  type Department,
  type FieldReport,
  type RoutingRule,
  type ReportAction,
} from './model/field-report.js';
import { ServiceCodeSchema } from './model/report-catalog.js';
import { KpiFigureRefSchema, type KpiBoard, type KpiDrillResult, type KpiFigureRef } from './model/kpi.js';
import type { ErrorCode, Result } from './result.js';

/**
 * The desktop API: the one contract between a window (renderer) and its
 * workstation host. Preload, ipcMain registration, the kiosk WebSocket bridge and
 * the renderer client are all generated from `desktopApiManifest` below, and a
 * type-level check keeps the manifest and these interfaces identical.
 */

// ── session ──────────────────────────────────────────────────────────────────
export const CredentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

export interface SessionInfo {
  user: User;
  /** True when the password was checked against this workstation's cache because the server was unreachable. */
  offline: boolean;
  loggedInAt: string;
}

export interface SessionApi {
  login(credentials: Credentials): Promise<Result<SessionInfo>>;
  logout(): Promise<Result<null>>;
  current(): Promise<Result<SessionInfo | null>>;
}

// ── alerts ───────────────────────────────────────────────────────────────────
export const AlertQuerySchema = z.object({
  states: z.array(AlertStateSchema).max(6).optional(),
  categories: z.array(AlertCategorySchema).max(12).optional(),
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export interface AlertQuery {
  states?: AlertState[] | undefined;
  categories?: AlertCategory[] | undefined;
  search?: string | undefined;
  limit?: number | undefined;
}

export const AlertActInputSchema = z.object({
  alertId: AlertIdSchema,
  action: AlertActionSchema,
  note: NoteSchema.optional(),
  ownerId: UserIdSchema.nullable().optional(),
});
export interface AlertActInput {
  alertId: string;
  action: AlertAction;
  note?: string | undefined;
  ownerId?: string | null | undefined;
}

/** An operator action waiting in the outbox; the alert already shows its effect. */
export interface PendingAction {
  commandId: string;
  action: AlertAction | 'raise';
  queuedAt: string;
  attempts: number;
}

export interface AlertView extends Alert {
  pending: PendingAction[];
}

export interface QueuedCommand {
  commandId: string;
  queuedAt: string;
}

/** A queued action the server refused once it could be sent (e.g. someone else closed the alert meanwhile). */
export interface RejectedCommand {
  commandId: string;
  type: string;
  alertId: string | null;
  action: string;
  code: ErrorCode;
  message: string;
  queuedAt: string;
  rejectedAt: string;
}

export interface AlertsApi {
  list(query: AlertQuery): Promise<Result<AlertView[]>>;
  get(alertId: string): Promise<Result<AlertView>>;
  act(input: AlertActInput): Promise<Result<QueuedCommand>>;
  raise(draft: AlertDraft): Promise<Result<QueuedCommand & { alertId: string }>>;
  rejected(): Promise<Result<RejectedCommand[]>>;
  dismissRejected(commandId: string): Promise<Result<null>>;
}

export interface AlertsChanged {
  alertIds: string[];
}

// ── sync ─────────────────────────────────────────────────────────────────────
export type ConnectionState = 'online' | 'connecting' | 'offline';

export interface SyncStatus {
  connection: ConnectionState;
  /** When the workstation last lost the server; null while online. */
  offlineSince: string | null;
  /** While offline: when the next reconnect attempt starts (backoff with jitter); null while trying or online. */
  nextRetryAt: string | null;
  /** Operator actions in the outbox not yet acknowledged by the server. */
  queued: number;
  /** Time of the newest event applied to the cache (the age of the data on screen). */
  lastEventAt: string | null;
  /** When the cache last heard from the server (hello answered or batch applied). */
  lastSyncAt: string | null;
  cursor: number;
  headSeq: number | null;
  lastError: string | null;
  /** The server refused the session's token: someone must log in again. */
  authRequired: boolean;
}

export interface SyncApi {
  status(): Promise<Result<SyncStatus>>;
}

// ── workstation ──────────────────────────────────────────────────────────────
export const SURFACES = ['console', 'wall', 'map', 'reports', 'kpi', 'supervisor'] as const;
export type Surface = (typeof SURFACES)[number];

export interface WorkstationInfo {
  workstationId: string;
  name: string;
  serverUrl: string;
  shell: 'electron' | 'kiosk';
}

export interface WorkstationApi {
  info(): Promise<Result<WorkstationInfo>>;
}

// ── directory ────────────────────────────────────────────────────────────────
/** A person who may own or act on alerts, as the server's directory lists them (cached on the workstation). */
export type DirectoryUser = User;

export interface DirectoryApi {
  /** Every active user, sorted by display name (Vietnamese collation); from the workstation's cache, so it works offline. */
  users(): Promise<Result<DirectoryUser[]>>;
}

export interface DirectoryChanged {
  /** How many users the refreshed directory holds. */
  count: number;
}

// ── cameras ──────────────────────────────────────────────────────────────────
export const CameraQuerySchema = z.object({
  search: z.string().max(200).optional(),
  kinds: z.array(CameraKindSchema).max(3).optional(),
  groups: z.array(z.string().max(80)).max(50).optional(),
  statuses: z.array(CameraStatusSchema).max(4).optional(),
  includeDisabled: z.boolean().optional(),
});
export interface CameraQuery {
  search?: string | undefined;
  kinds?: CameraKind[] | undefined;
  groups?: string[] | undefined;
  statuses?: CameraStatus[] | undefined;
  includeDisabled?: boolean | undefined;
}

/** A camera with its last known health; `pending` while an admin's edit waits in the outbox. */
export interface CameraView extends Camera {
  health: CameraHealth | null;
  pending: boolean;
}

export interface CamerasApi {
  /** Sorted by name (Vietnamese collation); search folds diacritics. From the cache: works offline. */
  list(query: CameraQuery): Promise<Result<CameraView[]>>;
  get(cameraId: string): Promise<Result<CameraView>>;
  /** Every group named by an enabled camera, sorted. */
  groups(): Promise<Result<string[]>>;
  /** Admin only; queued like any command, so it also works offline. */
  save(input: CameraInput): Promise<Result<QueuedCommand>>;
  setEnabled(cameraId: string, enabled: boolean): Promise<Result<QueuedCommand>>;
  /** Admin only, online only (the server checks every row; all land or none). */
  import(request: CameraImportRequest): Promise<Result<CameraImportReport>>;
}

export interface CamerasChanged {
  cameraIds: string[];
}

// ── wall ─────────────────────────────────────────────────────────────────────
/** A shared layout as this workstation sees it; `pending` while a save or delete waits in the outbox. */
export interface WallLayoutView extends WallLayout {
  pending: boolean;
}

export interface WallTourView extends WallTour {
  pending: boolean;
}

export type TakeoverMode = 'none' | 'display' | 'tiles';

/** One wall monitor of this workstation, as its profile configures it, and what it shows now. */
export interface WallDisplayInfo {
  displayId: string;
  label: string;
  takeover: TakeoverMode;
  /** For takeover 'tiles': which tile indexes the alarm's cameras take. */
  takeoverTiles: number[];
  /** Unacknowledged alerts older than this do not take over (minutes). */
  takeoverMaxAgeMinutes: number;
  /** Most streams this monitor plays at once; more tiles show "paused: over budget". */
  streamCap: number;
  state: WallDisplayState;
}

/** Another workstation's wall monitors, as it last announced them (for a supervisor's push). */
export interface KnownWorkstation {
  workstationId: string;
  name: string;
  displays: { displayId: string; label: string }[];
  announcedAt: string;
}

export const PushCameraInputSchema = z.object({
  displayId: DisplayIdSchema,
  tileIndex: z.number().int().min(0).max(24),
  cameraId: CameraIdSchema,
});
export interface PushCameraInput {
  displayId: string;
  tileIndex: number;
  cameraId: string;
}

export interface WallApi {
  layouts(): Promise<Result<WallLayoutView[]>>;
  saveLayout(input: WallLayoutInput): Promise<Result<QueuedCommand>>;
  deleteLayout(layoutId: string): Promise<Result<QueuedCommand>>;
  tours(): Promise<Result<WallTourView[]>>;
  saveTour(input: WallTourInput): Promise<Result<QueuedCommand>>;
  deleteTour(tourId: string): Promise<Result<QueuedCommand>>;
  /** This workstation's wall monitors and what each shows; kept in cache.db, so it survives outages and restarts. */
  displays(): Promise<Result<WallDisplayInfo[]>>;
  /** Local and immediate (no server needed): what one of this workstation's wall monitors shows. */
  setDisplay(displayId: string, content: WallContent): Promise<Result<WallDisplayState>>;
  /** Puts a camera on one tile of a local wall monitor (from the console or an alert's detail). */
  pushCamera(input: PushCameraInput): Promise<Result<WallDisplayState>>;
  /** Sets a monitor of any workstation through the server (supervisor; anyone for their own workstation). */
  pushToWorkstation(push: WallPush): Promise<Result<QueuedCommand>>;
  /** Workstations that announced their wall monitors to the server (cached). */
  workstations(): Promise<Result<KnownWorkstation[]>>;
}

export interface WallLayoutsChanged {
  layoutIds: string[];
  tourIds: string[];
}

export interface WallDisplaysChanged {
  displayIds: string[];
}

// ── map ──────────────────────────────────────────────────────────────────────
/** A tile as the map gets it: base64 of the decompressed bytes (vector pbf or an image); null where the file has none. */
export type TilePayload = string | null;

export interface MapApi {
  /** The region this workstation is configured with (boundary, units, roads, waterways), validated GeoJSON. */
  region(): Promise<Result<Region>>;
  /** The current basemap: the region drawn by the map (default) or a local PMTiles/MBTiles file. */
  basemap(): Promise<Result<BasemapInfo>>;
  /** Points this workstation at another basemap (supervisor or admin); the file is checked before it is used. */
  setBasemap(setting: BasemapSetting): Promise<Result<BasemapInfo>>;
  /** One tile of the current tile-file basemap, read by the host from the file: [z, x, y] in XYZ order. */
  tile(coord: [number, number, number]): Promise<Result<TilePayload>>;
}

export interface BasemapChanged {
  basemap: BasemapInfo;
}

// ── field reports ────────────────────────────────────────────────────────────
export const ReportQuerySchema = z.object({
  statuses: z.array(ReportStatusSchema).max(7).optional(),
  serviceCodes: z.array(ServiceCodeSchema).max(50).optional(),
  unitIds: z.array(UnitIdSchema).max(200).optional(),
  departmentIds: z.array(DepartmentIdSchema).max(200).optional(),
  /** Only open reports past their due time. */
  overdueOnly: z.boolean().optional(),
  /** Only reports received more than this many hours ago. */
  olderThanHours: z.number().min(0).max(24 * 366).optional(),
  /** Every word must occur (diacritics-insensitive) in id, description, address, service or department. */
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type ReportQueryInput = z.input<typeof ReportQuerySchema>;

/**
 * One operator step (the report commands' payloads plus `action`), or an admin's
 * change of departments and routing rules (`action` is the command type).
 */
export const ReportActInputSchema = z.discriminatedUnion('action', [
  ClassifyReportPayloadSchema.extend({ action: z.literal('classify') }),
  ForwardReportPayloadSchema.extend({ action: z.literal('forward') }),
  StartReportPayloadSchema.extend({ action: z.literal('start') }),
  NoteReportPayloadSchema.extend({ action: z.literal('note') }),
  ResolveReportPayloadSchema.extend({ action: z.literal('resolve') }),
  RejectReportPayloadSchema.extend({ action: z.literal('reject') }),
  MergeReportPayloadSchema.extend({ action: z.literal('merge') }),
  SaveDepartmentPayloadSchema.extend({ action: z.literal('department.save') }),
  SaveRoutingRulePayloadSchema.extend({ action: z.literal('routing-rule.save') }),
  DeleteRoutingRulePayloadSchema.extend({ action: z.literal('routing-rule.delete') }),
]);
export type ReportActInput = z.input<typeof ReportActInputSchema>;
/** How many actions one `actMany` may queue (all validated first; all queued or none). */
export const MAX_BULK_REPORT_ACTIONS = 200;
export const ReportActManySchema = z.array(ReportActInputSchema).max(MAX_BULK_REPORT_ACTIONS);

/** A report step waiting in the outbox; the report already shows its effect where the rules allow it. */
export interface PendingReportAction {
  commandId: string;
  action: ReportAction;
  queuedAt: string;
}

export type ReportView = FieldReport & {
  pending: PendingReportAction[];
  /** Open and past its due time (on this workstation's clock). */
  overdue: boolean;
};

/** A department as this workstation sees it; `pending` while an admin's save waits in the outbox. */
export type DepartmentView = Department & { pending: boolean };

/** A routing rule as this workstation sees it; `pending` while an admin's change waits in the outbox. */
export type RoutingRuleView = RoutingRule & { pending: boolean };

/** A service of the catalogue, as the desk shows it. */
export interface ServiceInfo {
  code: string;
  /** Vietnamese name. */
  name: string;
  group: string;
  slaHours: number;
}

export interface ReportsApi {
  /** Newest first; from the cache with queued steps applied, so it works offline. */
  list(query: ReportQueryInput): Promise<Result<ReportView[]>>;
  get(reportId: string): Promise<Result<ReportView>>;
  /** Checked against the local view with the shared rules, then queued (works offline). */
  act(input: ReportActInput): Promise<Result<QueuedCommand>>;
  /** Up to MAX_BULK_REPORT_ACTIONS, all checked first, queued in one transaction, or none. */
  actMany(inputs: ReportActInput[]): Promise<Result<QueuedCommand[]>>;
  /** Sorted by name (Vietnamese collation). */
  departments(): Promise<Result<DepartmentView[]>>;
  /** Routing rules (replica plus admins' queued changes), by service then unit. */
  routingRules(): Promise<Result<RoutingRuleView[]>>;
  services(): Promise<Result<ServiceInfo[]>>;
  /**
   * One of a report's photos (a URL from `mediaUrls`), through the host: the server's own
   * media come from the host's cache (fetched while online, kept through outages); any
   * other URL is citizen-supplied and is never loaded, only named (`external`). Offline
   * with nothing cached: a Failure with code 'unavailable'.
   */
  photo(url: string): Promise<Result<ReportPhotoPayload>>;
}

/** Longest photo URL the desktop API accepts (the same bound as a report's mediaUrls). */
export const MAX_REPORT_PHOTO_URL_LENGTH = 2048;

/**
 * A report photo as a window gets it. `image`: the bytes the host checked (PNG, JPEG,
 * WebP or GIF by their magic numbers) as base64, like map tiles, so the same value
 * crosses Electron IPC and the kiosk bridge's JSON frames. `external`: a URL that is
 * not the sync server's media; the window shows it as text and never loads it.
 */
export type ReportPhotoPayload =
  | { kind: 'image'; contentType: ReportPhotoContentType; base64: string; size: number; fetchedAt: string }
  | { kind: 'external'; url: string };

export type ReportPhotoContentType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export interface ReportsChanged {
  /** Reports that changed; empty when only departments, rules or pending marks did. */
  reportIds: string[];
}

// ── KPI board (public-service portal) ────────────────────────────────────────
/**
 * The KPI board as a window gets it from its host: the last board the host fetched from
 * the server (kept in cache.db, so it survives outages and restarts), when it was fetched
 * (the window shows its age), whether it is what the host still holds from before
 * (`fromCache`: the server is unreachable or the last fetch failed) and why.
 */
export interface KpiBoardView {
  board: KpiBoard | null;
  fetchedAt: string | null;
  fromCache: boolean;
  lastError: string | null;
}

/** The dossiers behind one figure, as fetched (or as cached when the server is unreachable). */
export type KpiDrillView = KpiDrillResult & { fetchedAt: string; fromCache: boolean };

/** An export the window offers as a download (the CSV text starts with a UTF-8 BOM). */
export interface KpiCsvExport {
  filename: string;
  text: string;
}

/** A PDF made by the host, as base64 (like map tiles and photos, so it crosses every bridge). */
export interface KpiPdfExport {
  filename: string;
  base64: string;
}

/** What `exportPdf` prints: one figure's dossier list, or the board's figures table. */
export type KpiPdfSubject = KpiFigureRef | 'board';
export const KpiPdfSubjectSchema = z.union([z.literal('board'), KpiFigureRefSchema]);

export interface KpiApi {
  /** The last known board (fetched now when the server is reachable and the copy is not fresh). */
  board(): Promise<Result<KpiBoardView>>;
  /** The dossiers behind a figure; offline from the cache when this figure was fetched before, else 'unavailable'. */
  drill(ref: KpiFigureRef): Promise<Result<KpiDrillView>>;
  /** The figure's dossiers as CSV: the server's export online; offline built from a complete cached drill. */
  exportCsv(ref: KpiFigureRef): Promise<Result<KpiCsvExport>>;
  /** A PDF (Vietnamese text, font embedded) of a figure's dossiers or of the board's figures. */
  exportPdf(subject: KpiPdfSubject): Promise<Result<KpiPdfExport>>;
}

export interface KpiChanged {
  /** The board's generatedAt (null while the host has none). */
  generatedAt: string | null;
  fetchedAt: string | null;
  fromCache: boolean;
}

// ── the whole API ────────────────────────────────────────────────────────────
export interface DesktopEventPayloads {
  session: { onDidChange: SessionInfo | null };
  alerts: { onDidChange: AlertsChanged };
  sync: { onDidChangeStatus: SyncStatus };
  workstation: Record<never, never>;
  directory: { onDidChange: DirectoryChanged };
  cameras: { onDidChange: CamerasChanged };
  wall: { onDidChangeLayouts: WallLayoutsChanged; onDidChangeDisplays: WallDisplaysChanged };
  map: { onDidChangeBasemap: BasemapChanged };
  reports: { onDidChange: ReportsChanged };
  kpi: { onDidChange: KpiChanged };
}

type Listener<T> = (payload: T) => void;
type Subscriptions<E> = { [K in keyof E]: (listener: Listener<E[K]>) => () => void };

/** What the host implements: invoke methods only. */
export interface DesktopApiHandlers {
  session: SessionApi;
  alerts: AlertsApi;
  sync: SyncApi;
  workstation: WorkstationApi;
  directory: DirectoryApi;
  cameras: CamerasApi;
  wall: WallApi;
  map: MapApi;
  reports: ReportsApi;
  kpi: KpiApi;
}

/** What a window sees as `window.vigil`: invoke methods plus `onDid…` subscriptions. */
export type DesktopApi = {
  [D in keyof DesktopApiHandlers]: DesktopApiHandlers[D] & Subscriptions<DesktopEventPayloads[D]>;
};

/**
 * The runtime manifest: every invoke method with the schema of its argument
 * tuple (validated at every boundary), and every push event.
 */
export const desktopApiManifest = {
  session: {
    invoke: {
      login: z.tuple([CredentialsSchema]),
      logout: z.tuple([]),
      current: z.tuple([]),
    },
    events: ['onDidChange'],
  },
  alerts: {
    invoke: {
      list: z.tuple([AlertQuerySchema]),
      get: z.tuple([AlertIdSchema]),
      act: z.tuple([AlertActInputSchema]),
      raise: z.tuple([AlertDraftSchema]),
      rejected: z.tuple([]),
      dismissRejected: z.tuple([z.string().min(1).max(64)]),
    },
    events: ['onDidChange'],
  },
  sync: {
    invoke: { status: z.tuple([]) },
    events: ['onDidChangeStatus'],
  },
  workstation: {
    invoke: { info: z.tuple([]) },
    events: [],
  },
  directory: {
    invoke: { users: z.tuple([]) },
    events: ['onDidChange'],
  },
  cameras: {
    invoke: {
      list: z.tuple([CameraQuerySchema]),
      get: z.tuple([CameraIdSchema]),
      groups: z.tuple([]),
      save: z.tuple([CameraInputSchema]),
      setEnabled: z.tuple([CameraIdSchema, z.boolean()]),
      import: z.tuple([CameraImportRequestSchema]),
    },
    events: ['onDidChange'],
  },
  wall: {
    invoke: {
      layouts: z.tuple([]),
      saveLayout: z.tuple([WallLayoutInputSchema]),
      deleteLayout: z.tuple([LayoutIdSchema]),
      tours: z.tuple([]),
      saveTour: z.tuple([WallTourInputSchema]),
      deleteTour: z.tuple([TourIdSchema]),
      displays: z.tuple([]),
      setDisplay: z.tuple([DisplayIdSchema, WallContentSchema]),
      pushCamera: z.tuple([PushCameraInputSchema]),
      pushToWorkstation: z.tuple([WallPushSchema]),
      workstations: z.tuple([]),
    },
    events: ['onDidChangeLayouts', 'onDidChangeDisplays'],
  },
  map: {
    invoke: {
      region: z.tuple([]),
      basemap: z.tuple([]),
      setBasemap: z.tuple([BasemapSettingSchema]),
      tile: z.tuple([TileCoordSchema]),
    },
    events: ['onDidChangeBasemap'],
  },
  reports: {
    invoke: {
      list: z.tuple([ReportQuerySchema]),
      get: z.tuple([ReportIdSchema]),
      act: z.tuple([ReportActInputSchema]),
      actMany: z.tuple([ReportActManySchema]),
      departments: z.tuple([]),
      routingRules: z.tuple([]),
      services: z.tuple([]),
      photo: z.tuple([z.string().min(1).max(MAX_REPORT_PHOTO_URL_LENGTH)]),
    },
    events: ['onDidChange'],
  },
  kpi: {
    invoke: {
      board: z.tuple([]),
      drill: z.tuple([KpiFigureRefSchema]),
      exportCsv: z.tuple([KpiFigureRefSchema]),
      exportPdf: z.tuple([KpiPdfSubjectSchema]),
    },
    events: ['onDidChange'],
  },
} as const;

export type DesktopDomain = keyof DesktopApiHandlers;
type Manifest = typeof desktopApiManifest;

export const DESKTOP_DOMAINS = Object.keys(desktopApiManifest) as DesktopDomain[];

export function invokeChannel(domain: string, method: string): string {
  return `vigil:${domain}:${method}`;
}

export function eventChannel(domain: string, event: string): string {
  return `vigil:${domain}:${event}`;
}

/** Every (domain, method, channel) of the manifest, for generated registrations. */
export function listInvokeChannels(): { domain: DesktopDomain; method: string; channel: string }[] {
  return DESKTOP_DOMAINS.flatMap((domain) =>
    Object.keys(desktopApiManifest[domain].invoke).map((method) => ({
      domain,
      method,
      channel: invokeChannel(domain, method),
    })),
  );
}

export function listEventChannels(): { domain: DesktopDomain; event: string; channel: string }[] {
  return DESKTOP_DOMAINS.flatMap((domain) =>
    (desktopApiManifest[domain].events as readonly string[]).map((event) => ({
      domain,
      event,
      channel: eventChannel(domain, event),
    })),
  );
}

// ── compile-time agreement between the manifest and the interfaces ───────────
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type ArgsOf<D extends DesktopDomain, M extends keyof DesktopApiHandlers[D]> = DesktopApiHandlers[D][M] extends (
  ...args: infer A
) => unknown
  ? A
  : never;
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type MethodsAgree<D extends DesktopDomain> = Equal<keyof Manifest[D]['invoke'], keyof DesktopApiHandlers[D]>;
type EventsAgree<D extends DesktopDomain> = Equal<Manifest[D]['events'][number], keyof DesktopEventPayloads[D]>;
type ArgsAgree<D extends DesktopDomain> = {
  [M in keyof DesktopApiHandlers[D] & keyof Manifest[D]['invoke']]: Manifest[D]['invoke'][M] extends z.ZodType
    ? MutuallyAssignable<z.input<Manifest[D]['invoke'][M]>, ArgsOf<D, M>>
    : false;
};
type AllTrue<T> = T[keyof T] extends true ? true : false;

/** Fails to compile when a method, event or argument type differs between manifest and interface. */
export const manifestAgreesWithInterfaces: {
  [D in DesktopDomain]: [MethodsAgree<D>, EventsAgree<D>, AllTrue<ArgsAgree<D>> | (keyof ArgsAgree<D> extends never ? true : never)];
} = {
  session: [true, true, true],
  alerts: [true, true, true],
  sync: [true, true, true],
  workstation: [true, true, true],
  directory: [true, true, true],
  cameras: [true, true, true],
  wall: [true, true, true],
  map: [true, true, true],
  reports: [true, true, true],
  kpi: [true, true, true],
};
