// An in-memory workstation host for renderer tests: the real desktop-API contract and
// the real alert rules, none of the cache, sync or server.
import type {
  AlertView,
  CameraView,
  DesktopApi,
  DesktopApiHandlers,
  DirectoryUser,
  KpiBoardView,
  SessionInfo,
  SyncStatus,
  WallDisplayInfo,
  WallLayoutView,
  WallTourView,
} from '../../../src-shared/desktop-api.js';
import { eventChannel } from '../../../src-shared/desktop-api.js';
import { createDesktopClient, type DesktopTransport } from '../../../src-shared/desktop-api-client.js';
import { createInvokeDispatcher } from '../../../src-shared/desktop-api-dispatch.js';
import { applyAlertChange, createAlert, decideAlertAction, type Alert, type AlertDraft, AlertDraftSchema } from '../../../src-shared/model/alert.js';
import type { CameraStatus } from '../../../src-shared/model/camera.js';
import type { User } from '../../../src-shared/model/user.js';
import { resolveWall, type WallContent } from '../../../src-shared/model/wall.js';
import { fail, ok } from '../../../src-shared/result.js';
import { matchesSearch } from '../../../src-shared/text/normalize.js';
import { fixtureBoard, fixtureDrill } from '../../support/kpi-fixtures.js';

export const USERS: (User & { password: string })[] = [
  { id: 'u-op1', username: 'op1', displayName: 'Nguyễn Văn An', role: 'operator', password: 'secret' },
  { id: 'u-op2', username: 'op2', displayName: 'Trần Thị Bình', role: 'operator', password: 'secret' },
  { id: 'u-sup', username: 'sup', displayName: 'Lê Minh Châu', role: 'supervisor', password: 'secret' },
];

export const SEED_DRAFTS: (AlertDraft & { id: string; raisedAt: string })[] = [
  {
    id: 'al-flood',
    raisedAt: '2025-03-05T06:40:00.000Z',
    source: 'field-report',
    category: 'Met',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    headline: 'Ngập úng đường Trần Hưng Đạo, Vị Thanh',
    description: 'Người dân phản ánh nước ngập 30 cm sau mưa lớn.',
    location: { lat: 9.785, lon: 105.47, areaDesc: 'Phường 5, Vị Thanh' },
    cameraIds: ['cam-vt-012', 'cam-vt-013'],
  },
  {
    id: 'al-fire',
    raisedAt: '2025-03-05T06:55:00.000Z',
    source: 'camera-analytics',
    category: 'Fire',
    severity: 'Extreme',
    urgency: 'Immediate',
    certainty: 'Likely',
    headline: 'Phát hiện khói tại chợ Ngã Bảy',
    description: '',
    location: { lat: 9.82, lon: 105.82, areaDesc: 'Chợ Ngã Bảy' },
    cameraIds: ['cam-nb-001'],
  },
  {
    id: 'al-dossier',
    raisedAt: '2025-03-05T05:00:00.000Z',
    source: 'portal',
    category: 'Other',
    severity: 'Moderate',
    urgency: 'Expected',
    certainty: 'Observed',
    headline: '12 hồ sơ quá hạn tại Sở Tài nguyên và Môi trường',
    description: '',
    location: null,
    cameraIds: [],
  },
];

const SEEDED_AT = '2025-03-05T06:00:00.000Z';

function camera(id: string, name: string, kind: CameraView['kind'], groups: string[], status: CameraStatus | null, extra: Partial<CameraView> = {}): CameraView {
  return {
    id,
    name,
    kind,
    location: { lat: 9.78, lon: 105.47, district: groups[0] ?? '', address: '' },
    groups,
    area: groups[0] ?? '',
    mainUrl: `http://127.0.0.1:8888/${id}/main/index.m3u8`,
    subUrl: `http://127.0.0.1:8888/${id}/sub/index.m3u8`,
    snapshotUrl: null,
    enabled: true,
    updatedAt: SEEDED_AT,
    updatedBy: 'u-admin',
    health: status ? { cameraId: id, status, since: SEEDED_AT, checkedAt: SEEDED_AT, lastError: status === 'offline' ? 'timeout' : null } : null,
    pending: false,
    ...extra,
  };
}

/** The camera registry of the fake host, sorted by name as the real host lists it (Vietnamese collation). */
export const SEED_CAMERAS: CameraView[] = [
  camera('cam-vt-012', 'Ngã tư Trần Hưng Đạo – Nguyễn Công Trứ', 'traffic', ['Vị Thanh', 'Giao thông trung tâm'], 'online'),
  camera('cam-vt-013', 'Cầu Cái Nhúc', 'traffic', ['Vị Thanh'], 'degraded'),
  camera('cam-nb-001', 'Chợ Ngã Bảy', 'security', ['Ngã Bảy'], 'offline'),
  camera('cam-lm-004', 'Trường THPT Long Mỹ', 'security', ['Long Mỹ'], null),
  camera('cam-ct-020', 'Đường Láng Hầm, Châu Thành', 'other', ['Châu Thành'], 'online'),
  camera('cam-old-001', 'Bến xe cũ Vị Thanh', 'traffic', ['Vị Thanh'], 'offline', { enabled: false }),
].sort((a, b) => a.name.localeCompare(b.name, 'vi'));

export const SEED_LAYOUTS: WallLayoutView[] = [
  { id: 'lay-center', name: 'Trung tâm Vị Thanh', grid: '2x2', tiles: ['cam-vt-012', 'cam-vt-013', null, null], updatedAt: SEEDED_AT, updatedBy: 'u-sup', pending: false },
];

export const SEED_TOURS: WallTourView[] = [
  {
    id: 'tour-vt',
    name: 'Tuần tra Vị Thanh',
    intervalSeconds: 10,
    steps: { kind: 'cameras', grid: '1', cameraIds: [], group: 'Vị Thanh' },
    updatedAt: SEEDED_AT,
    updatedBy: 'u-sup',
    pending: false,
  },
];

function emptyDisplay(displayId: string, label: string, patch: Partial<WallDisplayInfo> = {}): WallDisplayInfo {
  return {
    displayId,
    label,
    takeover: 'none',
    takeoverTiles: [],
    takeoverMaxAgeMinutes: 120,
    streamCap: 16,
    state: { displayId, content: { kind: 'adhoc', grid: '2x2', tiles: [null, null, null, null] }, setBy: '', setAt: SEEDED_AT, pushSeq: null },
    ...patch,
  };
}

export interface FakeHost {
  handlers: DesktopApiHandlers;
  alerts: Map<string, AlertView>;
  sync: SyncStatus;
  session: SessionInfo | null;
  emit(channel: string, payload: unknown): void;
  onPush(listener: (channel: string, payload: unknown) => void): () => void;
  setSync(patch: Partial<SyncStatus>): void;
  /** The host's cached directory (sorted by display name, as the real host lists it). */
  directory: DirectoryUser[];
  /** Replaces the directory as a refresh from the server would, and pushes the change. */
  setDirectory(users: DirectoryUser[]): void;
  /** Changes an alert as if another workstation had (e.g. someone else takes ownership). */
  mutate(alertId: string, patch: Partial<Alert>): void;
  calls: string[];
  cameras: Map<string, CameraView>;
  layouts: Map<string, WallLayoutView>;
  tours: Map<string, WallTourView>;
  displays: WallDisplayInfo[];
  /** The health poller's verdict changes; pushes cameras.onDidChange. */
  setCameraStatus(cameraId: string, status: CameraStatus): void;
  /** Another workstation saved a layout (arrives through sync); pushes wall.onDidChangeLayouts. */
  putLayout(layout: WallLayoutView): void;
  /** The KPI board the host holds (tests/support/kpi-fixtures.ts by default). */
  kpi: KpiBoardView;
  /** A new board or a change to the cached copy, as the real host's poll would; pushes kpi.onDidChange. */
  setKpi(patch: Partial<KpiBoardView>): void;
}

export function createFakeHost(options: { offline?: boolean; now?: () => string } = {}): FakeHost {
  const now = options.now ?? (() => new Date().toISOString());
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  const alerts = new Map<string, AlertView>();
  for (const { id, raisedAt, ...draft } of SEED_DRAFTS) {
    alerts.set(id, { ...createAlert(id, AlertDraftSchema.parse(draft), 'system', raisedAt), pending: [] });
  }
  let commandSeq = 0;
  const calls: string[] = [];
  const cameras = new Map(SEED_CAMERAS.map((c) => [c.id, c] as const));
  const layouts = new Map(SEED_LAYOUTS.map((l) => [l.id, l] as const));
  const tours = new Map(SEED_TOURS.map((t) => [t.id, t] as const));
  const byCameraName = (a: CameraView, b: CameraView) => a.name.localeCompare(b.name, 'vi');
  const command = () => ({ commandId: `cmd-${++commandSeq}`, queuedAt: now() });
  const isOffline = () => host.sync.connection !== 'online';
  function setContent(displayId: string, content: WallContent) {
    const display = host.displays.find((d) => d.displayId === displayId);
    if (!display) return fail('not-found', `No wall display ${displayId}`);
    const state = { displayId, content, setBy: host.session?.user.id ?? '', setAt: now(), pushSeq: null };
    host.displays = host.displays.map((d) => (d.displayId === displayId ? { ...d, state } : d));
    host.emit(eventChannel('wall', 'onDidChangeDisplays'), { displayIds: [displayId] });
    return ok(state);
  }
  const byName = (a: DirectoryUser, b: DirectoryUser) => a.displayName.localeCompare(b.displayName, 'vi');
  const host: FakeHost = {
    alerts,
    calls,
    cameras,
    layouts,
    tours,
    displays: [
      emptyDisplay('wall-1', 'Tường 1', { takeover: 'display' }),
      emptyDisplay('wall-2', 'Tường 2', { takeover: 'tiles', takeoverTiles: [0], streamCap: 4 }),
    ],
    setCameraStatus(cameraId, status) {
      const current = cameras.get(cameraId);
      if (!current) throw new Error(`no camera ${cameraId}`);
      cameras.set(cameraId, { ...current, health: { cameraId, status, since: now(), checkedAt: now(), lastError: null } });
      host.emit(eventChannel('cameras', 'onDidChange'), { cameraIds: [cameraId] });
    },
    putLayout(layout) {
      layouts.set(layout.id, layout);
      host.emit(eventChannel('wall', 'onDidChangeLayouts'), { layoutIds: [layout.id], tourIds: [] });
    },
    kpi: { board: fixtureBoard(now()), fetchedAt: now(), fromCache: false, lastError: null },
    setKpi(patch) {
      host.kpi = { ...host.kpi, ...patch };
      host.emit(eventChannel('kpi', 'onDidChange'), { generatedAt: host.kpi.board?.generatedAt ?? null, fetchedAt: host.kpi.fetchedAt, fromCache: host.kpi.fromCache });
    },
    session: null,
    directory: USERS.map(({ password: _password, ...user }) => user).sort(byName),
    setDirectory(users) {
      host.directory = [...users].sort(byName);
      host.emit(eventChannel('directory', 'onDidChange'), { count: host.directory.length });
    },
    sync: {
      connection: options.offline ? 'offline' : 'online',
      offlineSince: options.offline ? '2025-03-05T07:05:00.000Z' : null,
      nextRetryAt: null,
      queued: 0,
      lastEventAt: now(),
      lastSyncAt: now(),
      cursor: 10,
      headSeq: 10,
      lastError: null,
      authRequired: false,
    },
    emit(channel, payload) {
      for (const listener of [...listeners]) listener(channel, payload);
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setSync(patch) {
      host.sync = { ...host.sync, ...patch };
      host.emit(eventChannel('sync', 'onDidChangeStatus'), host.sync);
    },
    mutate(alertId, patch) {
      const alert = alerts.get(alertId);
      if (!alert) throw new Error(`no alert ${alertId}`);
      alerts.set(alertId, { ...alert, ...patch });
      host.emit(eventChannel('alerts', 'onDidChange'), { alertIds: [alertId] });
    },
    handlers: {
      session: {
        async login({ username, password }) {
          calls.push('session.login');
          const user = USERS.find((u) => u.username === username && u.password === password);
          if (!user) return fail('unauthorized', 'Wrong username or password');
          const { password: _password, ...publicUser } = user;
          host.session = { user: publicUser, offline: host.sync.connection !== 'online', loggedInAt: now() };
          host.emit(eventChannel('session', 'onDidChange'), host.session);
          return ok(host.session);
        },
        async logout() {
          host.session = null;
          host.emit(eventChannel('session', 'onDidChange'), null);
          return ok(null);
        },
        async current() {
          return ok(host.session);
        },
      },
      alerts: {
        async list() {
          calls.push('alerts.list');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          return ok([...alerts.values()]);
        },
        async get(alertId) {
          const alert = alerts.get(alertId);
          return alert ? ok(alert) : fail('not-found', `No alert ${alertId}`);
        },
        async act(input) {
          calls.push(`alerts.act:${input.action}`);
          if (!host.session) return fail('unauthorized', 'Sign in first');
          const alert = alerts.get(input.alertId);
          if (!alert) return fail('not-found', `No alert ${input.alertId}`);
          const decision = decideAlertAction(alert, input, host.session.user);
          if (!decision.ok) return decision;
          const at = now();
          const commandId = `cmd-${++commandSeq}`;
          const offline = host.sync.connection !== 'online';
          const next: AlertView = {
            ...applyAlertChange(alert, decision.value, host.session.user.id, at),
            pending: offline ? [...alert.pending, { commandId, action: input.action, queuedAt: at, attempts: 0 }] : [],
          };
          alerts.set(alert.id, next);
          if (offline) host.setSync({ queued: host.sync.queued + 1 });
          host.emit(eventChannel('alerts', 'onDidChange'), { alertIds: [alert.id] });
          return ok({ commandId, queuedAt: at });
        },
        async raise() {
          return fail('forbidden', 'Not in the fake host');
        },
        async rejected() {
          return ok([]);
        },
        async dismissRejected() {
          return ok(null);
        },
      },
      sync: {
        async status() {
          return ok(host.sync);
        },
      },
      workstation: {
        async info() {
          return ok({ workstationId: 'ws-01', name: 'Bàn 1', serverUrl: 'http://127.0.0.1:4600', shell: 'kiosk' as const });
        },
      },
      directory: {
        async users() {
          calls.push('directory.users');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          return ok(host.directory);
        },
      },
      cameras: {
        async list(query) {
          calls.push('cameras.list');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          const list = [...cameras.values()]
            .filter((c) => (query.includeDisabled || c.enabled) && matchesSearch(c.name, query.search ?? ''))
            .filter((c) => !query.kinds?.length || query.kinds.includes(c.kind))
            .filter((c) => !query.groups?.length || c.groups.some((g) => query.groups!.includes(g)))
            .filter((c) => !query.statuses?.length || query.statuses.includes(c.health?.status ?? 'unknown'))
            .sort(byCameraName);
          return ok(list);
        },
        async get(cameraId) {
          const found = cameras.get(cameraId);
          return found ? ok(found) : fail('not-found', `No camera ${cameraId}`);
        },
        async groups() {
          if (!host.session) return fail('unauthorized', 'Sign in first');
          const groups = new Set([...cameras.values()].filter((c) => c.enabled).flatMap((c) => c.groups));
          return ok([...groups].sort((a, b) => a.localeCompare(b, 'vi')));
        },
        async save() {
          return fail('forbidden', 'Only an administrator may change the camera registry');
        },
        async setEnabled() {
          return fail('forbidden', 'Only an administrator may change the camera registry');
        },
        async import() {
          return fail('forbidden', 'Only an administrator may change the camera registry');
        },
      },
      wall: {
        async layouts() {
          calls.push('wall.layouts');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          return ok([...layouts.values()]);
        },
        async saveLayout(input) {
          calls.push('wall.saveLayout');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          const layout: WallLayoutView = {
            id: input.id,
            name: input.name.trim(),
            grid: input.grid,
            tiles: input.tiles,
            updatedAt: now(),
            updatedBy: host.session.user.id,
            pending: isOffline(),
          };
          layouts.set(layout.id, layout);
          if (isOffline()) host.setSync({ queued: host.sync.queued + 1 });
          host.emit(eventChannel('wall', 'onDidChangeLayouts'), { layoutIds: [layout.id], tourIds: [] });
          return ok(command());
        },
        async deleteLayout(layoutId) {
          if (!layouts.delete(layoutId)) return fail('not-found', `No layout ${layoutId}`);
          host.emit(eventChannel('wall', 'onDidChangeLayouts'), { layoutIds: [layoutId], tourIds: [] });
          return ok(command());
        },
        async tours() {
          if (!host.session) return fail('unauthorized', 'Sign in first');
          return ok([...tours.values()]);
        },
        async saveTour() {
          return fail('forbidden', 'Not in the fake host');
        },
        async deleteTour() {
          return fail('forbidden', 'Not in the fake host');
        },
        async displays() {
          calls.push('wall.displays');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          return ok(host.displays);
        },
        async setDisplay(displayId, content) {
          calls.push('wall.setDisplay');
          return setContent(displayId, content);
        },
        async pushCamera({ displayId, tileIndex, cameraId }) {
          calls.push('wall.pushCamera');
          const display = host.displays.find((d) => d.displayId === displayId);
          if (!display) return fail('not-found', `No wall display ${displayId}`);
          if (!cameras.has(cameraId)) return fail('not-found', `No camera ${cameraId}`);
          const resolved = resolveWall(display.state.content, layouts, tours, () => [], Date.now());
          if (tileIndex >= resolved.tiles.length) return fail('bad-request', `Tile ${tileIndex} is not on a ${resolved.grid} grid`);
          const tiles = [...resolved.tiles];
          tiles[tileIndex] = cameraId;
          return setContent(displayId, { kind: 'adhoc', grid: resolved.grid, tiles });
        },
        async pushToWorkstation() {
          return ok(command());
        },
        async workstations() {
          return ok([]);
        },
      },
      // The renderer unit tests do not draw maps; a map window asks the real host (see tests/e2e).
      map: {
        region: async () => fail('unavailable', 'no map in the fake host'),
        basemap: async () => fail('unavailable', 'no map in the fake host'),
        setBasemap: async () => fail('unavailable', 'no map in the fake host'),
        tile: async () => ok(null),
      },
      // No reports desk in the renderer unit tests yet: an empty list, everything else unavailable.
      reports: {
        list: async () => ok([]),
        get: async () => fail('unavailable', 'no reports in the fake host'),
        act: async () => fail('unavailable', 'no reports in the fake host'),
        actMany: async () => fail('unavailable', 'no reports in the fake host'),
        departments: async () => fail('unavailable', 'no reports in the fake host'),
        routingRules: async () => fail('unavailable', 'no reports in the fake host'),
        services: async () => fail('unavailable', 'no reports in the fake host'),
        photo: async () => fail('unavailable', 'no reports in the fake host'),
      },
      // The board of tests/support/kpi-fixtures.ts; drills answer from the same fixtures (offline too, as if cached).
      kpi: {
        async board() {
          calls.push('kpi.board');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          return ok(host.kpi);
        },
        async drill(ref) {
          calls.push('kpi.drill');
          if (!host.session) return fail('unauthorized', 'Sign in first');
          const fetchedAt = host.kpi.fetchedAt ?? now();
          return ok({ ...fixtureDrill(ref, host.kpi.board?.generatedAt ?? now()), fetchedAt, fromCache: host.kpi.fromCache });
        },
        async exportCsv(ref) {
          calls.push('kpi.exportCsv');
          return ok({ filename: `kpi-${ref.scope}-${ref.metric}.csv`, text: '\uFEFFMã hồ sơ\r\n' });
        },
        async exportPdf() {
          calls.push('kpi.exportPdf');
          return ok({ filename: 'kpi.pdf', base64: Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64') });
        },
      },
    },
  };
  return host;
}

/** A DesktopApi over the fake host through the real dispatcher and client, like a bridge without the wire. */
export function connectFakeHost(host: FakeHost): DesktopApi {
  const dispatch = createInvokeDispatcher(host.handlers);
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();
  host.onPush((channel, payload) => {
    for (const listener of [...(subscribers.get(channel) ?? [])]) listener(payload);
  });
  const transport: DesktopTransport = {
    invoke: (channel, args) => dispatch(channel, JSON.parse(JSON.stringify(args))),
    subscribe(channel, listener) {
      let set = subscribers.get(channel);
      if (!set) subscribers.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return createDesktopClient(transport);
}
