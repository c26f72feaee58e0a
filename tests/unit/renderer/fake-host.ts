// An in-memory workstation host for renderer tests: the real desktop-API contract and
// the real alert rules, none of the cache, sync or server.
import type {
  AlertView,
  DesktopApi,
  DesktopApiHandlers,
  DirectoryUser,
  SessionInfo,
  SyncStatus,
} from '../../../src-shared/desktop-api.js';
import { eventChannel } from '../../../src-shared/desktop-api.js';
import { createDesktopClient, type DesktopTransport } from '../../../src-shared/desktop-api-client.js';
import { createInvokeDispatcher } from '../../../src-shared/desktop-api-dispatch.js';
import { applyAlertChange, createAlert, decideAlertAction, type Alert, type AlertDraft, AlertDraftSchema } from '../../../src-shared/model/alert.js';
import type { User } from '../../../src-shared/model/user.js';
import { fail, ok } from '../../../src-shared/result.js';

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
  const byName = (a: DirectoryUser, b: DirectoryUser) => a.displayName.localeCompare(b.displayName, 'vi');
  const host: FakeHost = {
    alerts,
    calls,
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
