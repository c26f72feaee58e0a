// Composition root of the sync server: store, auth, command bus, HTTP routes and the socket gateway on one port.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Fastify from 'fastify';
import type { Alert, AlertDraft } from '../src-shared/model/alert.js';
import type { Camera, CameraHealth, CameraImportReport, CameraInput } from '../src-shared/model/camera.js';
import type { Role } from '../src-shared/model/user.js';
import type { WallLayout, WallTour } from '../src-shared/model/wall.js';
import type { Result } from '../src-shared/result.js';
import { ulid } from '../src-shared/ulid.js';
import { UserAuthenticator } from './auth/authenticator.js';
import { DEFAULT_PASSWORD_COST, hashPassword, makeDecoyHash } from './auth/password.js';
import { DEFAULT_TOKEN_TTL_SECONDS, TokenService, resolveTokenSecret } from './auth/token.js';
import { CameraHealthChecker, type CameraHealthOptions } from './cameras/camera-health-checker.js';
import { CameraImporter } from './cameras/camera-import.js';
import { startDemoAlertGenerator } from './demo/demo-alert-generator.js';
import { DEMO_ADMIN_UNITS, DEMO_USERS } from './demo/demo-seed.js';
import { CommandBus } from './domain/command-bus.js';
import { CommandQueue } from './domain/command-queue.js';
import { registerAlertRoutes } from './http/alert-routes.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { registerCameraRoutes } from './http/camera-routes.js';
import { registerDirectoryRoutes } from './http/directory-routes.js';
import { registerHealthRoute } from './http/health-route.js';
import { installErrorHandlers } from './http/http-errors.js';
import { DEFAULT_LOG_RETAIN, VigilStore } from './store/vigil-store.js';
import type { KnownWorkstationRecord } from './store/workstation-registry.js';
import { SyncGateway } from './sync/sync-gateway.js';

export interface SeedUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface ServerOptions {
  /** Folder for vigil.db and secret.key (created if missing). */
  dataDir: string;
  host?: string; // default 127.0.0.1
  port?: number; // default 0 = pick a free port
  demo?: boolean;
  /** Demo alert generator interval (ms); default 5000. */
  demoIntervalMs?: number;
  /** Seed for the demo generator's RNG (reproducible demos and tests); default: time-based. */
  demoSeed?: number;
  /** Users created at start when missing (tests use this; --demo adds demo users). */
  seedUsers?: SeedUser[];
  /** How many events the log keeps; older cursors get resync-required + snapshot. Default 1,000,000. */
  logRetain?: number;
  /** socket.io heartbeat; a black-holed link is noticed within about interval + timeout. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** How long a socket may take to ack a batch or snapshot before it is dropped; default 30000. */
  ackTimeoutMs?: number;
  tokenSecret?: string;
  tokenTtlSeconds?: number;
  /** bcrypt cost for seeded users and the login decoy; default 10 (tests use 4). */
  passwordCost?: number;
  /**
   * The camera health checker: polls each enabled camera's sub-stream playlist and
   * records `camera.status` changes; raises one alert per long outage. On by default
   * (every 5000 ms); `false` turns it off (tests that register unreachable cameras).
   */
  cameraHealth?: CameraHealthOptions | false;
  quiet?: boolean;
}

export interface RunningServer {
  url: string; // http://127.0.0.1:<port>
  port: number;
  /** Raise an alert from an internal source (demo generator, tests, later connectors). Returns the event seq. */
  raiseAlert(draft: AlertDraft, actor?: string): { alertId: string; seq: number };
  /**
   * Registers or replaces cameras from an internal source (the demo seeds its cameras
   * with it), actor 'system'. All or nothing, in one transaction, one `camera.saved`
   * event per camera: `ok` with `report.applied` true, or `ok` with `applied` false and
   * `report.errors` per camera (1-based position) when any is invalid; a Failure only
   * for an empty list, more than MAX_IMPORT_ROWS cameras or an internal error.
   */
  saveCameras(inputs: CameraInput[]): Result<CameraImportReport>;
  /** A signed token for an existing user, without a password (tests and tools). */
  issueToken(userId: string): string;
  /** Read access for tests and tools. */
  inspect: {
    headSeq(): number;
    oldestSeq(): number;
    listAlerts(): Alert[];
    /** Events carrying this command id (0 or 1 expected). */
    eventsForCommand(commandId: string): number;
    commandResult(commandId: string): { ok: boolean; seq: number | null; code: string | null } | null;
    connectedClients(): number;
    listCameras(): Camera[];
    cameraHealth(): CameraHealth[];
    listLayouts(): WallLayout[];
    listTours(): WallTour[];
    listWorkstations(): KnownWorkstationRecord[];
  };
  close(): Promise<void>;
}

const SERVER_BODY_LIMIT = 64 * 1024;

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function seedUsers(store: VigilStore, users: readonly SeedUser[], cost: number): Promise<void> {
  for (const user of users) {
    if (store.users.findByUsername(user.username)) continue;
    const passwordHash = await hashPassword(user.password, cost);
    store.users.create({ username: user.username, displayName: user.displayName, role: user.role, passwordHash });
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const store = VigilStore.open(dataDir, options.logRetain ?? DEFAULT_LOG_RETAIN);
  const app = Fastify({ logger: false, bodyLimit: SERVER_BODY_LIMIT });
  let gateway: SyncGateway | null = null;
  try {
    const cost = options.passwordCost ?? DEFAULT_PASSWORD_COST;
    await seedUsers(store, [...(options.seedUsers ?? []), ...(options.demo ? DEMO_USERS : [])], cost);
    if (options.demo) store.region.addUnits(DEMO_ADMIN_UNITS);

    const tokens = new TokenService(resolveTokenSecret(dataDir, options.tokenSecret), options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
    const auth = new UserAuthenticator(store.users, tokens, makeDecoyHash(cost));
    const bus = new CommandBus(store);
    const commands = new CommandQueue(bus);

    installErrorHandlers(app);
    registerAuthRoutes(app, auth);
    registerAlertRoutes(app, auth, commands);
    registerDirectoryRoutes(app, auth, store);
    const importer = new CameraImporter(store, bus);
    registerCameraRoutes(app, { auth, store, commands, importer });
    const liveGateway = new SyncGateway(app.server, store, commands, auth, {
      // A workstation notices a black-holed link after at most interval + timeout
      // without a ping: 6 s, inside the 10 s the operators were promised.
      pingIntervalMs: options.pingIntervalMs ?? 3000,
      pingTimeoutMs: options.pingTimeoutMs ?? 3000,
      ackTimeoutMs: options.ackTimeoutMs ?? 30_000,
    });
    gateway = liveGateway;
    registerHealthRoute(
      app,
      { headSeq: () => store.headSeq(), oldestSeq: () => store.oldestSeq(), connectedClients: () => liveGateway.connectedClients() },
      readVersion(),
      Date.now(),
    );

    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;

    const raiseAlert = (draft: AlertDraft, actor = 'system'): { alertId: string; seq: number } => {
      const alertId = ulid();
      const ack = bus.execute({ commandId: ulid(), type: 'alert.raise', payload: { alertId, draft } }, { id: actor, role: 'admin' });
      if (!ack.ok) throw new Error(`raiseAlert failed: ${ack.code}: ${ack.message}`);
      return { alertId, seq: ack.seq };
    };

    const generator = options.demo
      ? startDemoAlertGenerator({
          intervalMs: options.demoIntervalMs ?? 5000,
          raise: (draft) => raiseAlert(draft, 'demo-generator'),
          openAlerts: () => store.alerts.openCount(),
          units: store.region.listUnits(),
          cameras: () => store.cameras.list(),
          ...(options.demoSeed === undefined ? {} : { seed: options.demoSeed }),
        })
      : null;

    const healthChecker =
      options.cameraHealth === false
        ? null
        : new CameraHealthChecker(
            {
              listCameras: () => store.cameras.list(),
              healthOf: (cameraId) => store.cameraHealth.get(cameraId),
              // An internal source: no command, actor 'system'; the event and the projection commit together.
              recordStatus: (health) =>
                store.transact((tx) => {
                  tx.append({ id: ulid(), type: 'camera.status', at: health.checkedAt, actor: 'system', subject: health.cameraId, commandId: null, data: health });
                  store.cameraHealth.upsert(health);
                }),
              hasOpenOutageAlert: (cameraId) =>
                store.alerts
                  .list()
                  .some((a) => a.source === 'system' && a.category === 'Infra' && a.cameraIds.includes(cameraId) && a.state !== 'resolved' && a.state !== 'closed'),
              raiseOutageAlert: (draft) => void raiseAlert(draft, 'system'),
              onError: (error) => {
                if (!options.quiet) console.error('[vigil] camera health check failed:', error);
              },
            },
            options.cameraHealth ?? {},
          );
    healthChecker?.start();

    let closing: Promise<void> | null = null;
    return {
      url,
      port: address.port,
      raiseAlert,
      saveCameras: (inputs) => importer.saveAll(inputs, { id: 'system', role: 'admin', workstationId: null }),
      issueToken: (userId) => tokens.issue(userId).token,
      inspect: {
        headSeq: () => store.headSeq(),
        oldestSeq: () => store.oldestSeq(),
        listAlerts: () => store.alerts.list(),
        eventsForCommand: (commandId) => store.events.eventsForCommand(commandId),
        commandResult: (commandId) => {
          const record = store.commands.get(commandId);
          return record ? { ok: record.ok, seq: record.seq, code: record.code } : null;
        },
        connectedClients: () => liveGateway.connectedClients(),
        listCameras: () => store.cameras.list(),
        cameraHealth: () => store.cameraHealth.list(),
        listLayouts: () => store.layouts.list(),
        listTours: () => store.tours.list(),
        listWorkstations: () => store.workstations.list(),
      },
      close: () => {
        closing ??= (async () => {
          generator?.stop();
          await healthChecker?.stop(); // before the store closes: a round in flight must not write after it
          await liveGateway.close(); // also closes the HTTP server's listener
          await app.close();
          store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await gateway?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    store.close();
    throw error;
  }
}
