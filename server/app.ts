// Composition root of the sync server: store, auth, command bus, HTTP routes and the socket gateway on one port.
import { randomBytes } from 'node:crypto';
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
import { startDemoReportGenerator } from './demo/demo-report-generator.js';
import { seedDemoReportRouting } from './demo/demo-report-seed.js';
import { DEMO_ADMIN_UNITS, DEMO_USERS } from './demo/demo-seed.js';
import { CommandBus } from './domain/command-bus.js';
import { CommandQueue } from './domain/command-queue.js';
import { registerAlertRoutes } from './http/alert-routes.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { registerCameraRoutes } from './http/camera-routes.js';
import { registerDirectoryRoutes } from './http/directory-routes.js';
import { registerHealthRoute } from './http/health-route.js';
import { installErrorHandlers } from './http/http-errors.js';
import { resolveOpen311ApiKeys } from './open311/api-keys.js';
import { registerOpen311Routes } from './open311/open311-routes.js';
import { createReportService, type ReportService } from './reports/report-service.js';
import { startPortalRuntime, type PortalRuntime, type PortalServerOptions } from './portal/portal-runtime.js';
import { checkReportSlaHours, ReportSlaChecker, slaHoursOverride, type ReportSlaHours, type ReportSlaOptions } from './reports/sla-checker.js';
import type { AdminUnit } from './store/region-repository.js';
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
  /** Demo field-report generator interval (ms), submitting through the Open311 API itself; default 20000, 0 = off. */
  demoReportIntervalMs?: number;
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
  /**
   * The field-report SLA checker: alerts for reports nearing (warnRatio of the SLA,
   * default 0.8) or past their due time, once per threshold. On by default (every
   * 60000 ms); `false` turns it off (tests call `reports.checkSla(nowMs)` instead).
   */
  reportSla?: ReportSlaOptions | false;
  /**
   * The centre's own SLA per service code, in hours (fractions allowed), overriding the
   * catalogue's for the codes named: a report's due time is receivedAt + this. An unknown
   * code or a non-positive value makes startServer throw. Default: the catalogue's.
   */
  reportSlaHours?: ReportSlaHours;
  /** Administrative units added at start when missing (tests; --demo adds the demo units). */
  adminUnits?: readonly AdminUnit[];
  /** Open311 API keys accepted for POSTs; default: VIGIL_OPEN311_API_KEYS (comma-separated). */
  open311ApiKeys?: string[];
  /**
   * The public-service portal: connectors (a checked config, see --portal-config), the
   * demo portal (`demo`; main.ts turns it on with --demo), warnings and the digest.
   * Without a config or the demo there are no dossiers and the KPI board is empty.
   */
  portal?: PortalServerOptions;
  quiet?: boolean;
}

/**
 * The field-report domain as the server runs it: the ReportsPort for the public side
 * (`server/open311/`) plus the centre's internal reads and one SLA round on demand.
 */
export interface RunningReports extends ReportService {
  /** One SLA round at `nowMs` (default: now); returns how many alerts it raised. Works with `reportSla: false`. */
  checkSla(nowMs?: number): number;
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
  /** Field reports: `reports` is the ReportsPort (server/reports/reports-port.ts) and more. */
  reports: RunningReports;
  /** The portal domain: ingestion (pollNow, importCsv, health), the KPI engine, warnings. */
  portal: PortalRuntime;
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
  const slaHours = checkReportSlaHours(options.reportSlaHours ?? {});
  if (!slaHours.ok) throw new Error(`reportSlaHours: ${slaHours.message}`);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const store = VigilStore.open(dataDir, options.logRetain ?? DEFAULT_LOG_RETAIN);
  const app = Fastify({ logger: false, bodyLimit: SERVER_BODY_LIMIT });
  let gateway: SyncGateway | null = null;
  let portal: PortalRuntime | null = null;
  /** Our own address once listening (the base of media URLs when no public base is configured). */
  let ownUrl: string | null = null;
  try {
    const cost = options.passwordCost ?? DEFAULT_PASSWORD_COST;
    await seedUsers(store, [...(options.seedUsers ?? []), ...(options.demo ? DEMO_USERS : [])], cost);
    if (options.demo) store.region.addUnits(DEMO_ADMIN_UNITS);
    if (options.adminUnits) store.region.addUnits(options.adminUnits);

    const tokens = new TokenService(resolveTokenSecret(dataDir, options.tokenSecret), options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
    const auth = new UserAuthenticator(store.users, tokens, makeDecoyHash(cost));
    const bus = new CommandBus(store, undefined, (code) => slaHoursOverride(slaHours.value, code));
    const commands = new CommandQueue(bus);
    const raiseAlert = (draft: AlertDraft, actor = 'system'): { alertId: string; seq: number } => {
      const alertId = ulid();
      const ack = bus.execute({ commandId: ulid(), type: 'alert.raise', payload: { alertId, draft } }, { id: actor, role: 'admin' });
      if (!ack.ok) throw new Error(`raiseAlert failed: ${ack.code}: ${ack.message}`);
      return { alertId, seq: ack.seq };
    };


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
      // Photos' media_url use the public base when configured, else the address a request came to (at least our own).
      mediaBaseUrls: () => [...(process.env.VIGIL_PUBLIC_BASE_URL ? [process.env.VIGIL_PUBLIC_BASE_URL] : []), ...(ownUrl ? [ownUrl] : [])],
    });
    gateway = liveGateway;
    registerHealthRoute(
      app,
      { headSeq: () => store.headSeq(), oldestSeq: () => store.oldestSeq(), connectedClients: () => liveGateway.connectedClients() },
      readVersion(),
      Date.now(),
    );

    const reportService = createReportService({ store, slaHours: slaHours.value });
    // Open311 GeoReport v2 (/open311/v2/), photo upload, the public tracking page and map (server/open311/).
    // The demo's citizen app has a key of its own, made per run and never printed.
    const demoReportInterval = options.demo ? (options.demoReportIntervalMs ?? 20_000) : 0;
    const demoApiKey = demoReportInterval > 0 ? randomBytes(16).toString('hex') : null;
    registerOpen311Routes(app, {
      reports: reportService,
      apiKeys: resolveOpen311ApiKeys(options.open311ApiKeys),
      dataDir,
      publicBaseUrl: process.env.VIGIL_PUBLIC_BASE_URL ?? null,
      ...(demoApiKey ? { demoApiKey } : {}),
    });

    // Dossiers, the KPI board's routes, warnings and the digest (server/portal/).
    portal = await startPortalRuntime(
      {
        app,
        auth,
        store,
        raiseAlert: (draft) => raiseAlert(draft, 'system'),
        onError: (where, error) => {
          if (!options.quiet) console.error(`[vigil] ${where} failed:`, error);
        },
        log: (message) => {
          if (!options.quiet) console.warn(`[vigil] ${message}`);
        },
      },
      options.portal ?? {},
    );
    const livePortal = portal;

    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    ownUrl = url;

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

    const reportGenerator = demoApiKey
      ? startDemoReportGenerator({
          baseUrl: url,
          apiKey: demoApiKey,
          intervalMs: demoReportInterval,
          ...(options.demoSeed === undefined ? {} : { seed: options.demoSeed }),
          onError: (error) => {
            if (!options.quiet) console.error('[vigil] demo report failed:', error);
          },
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

    if (options.demo) {
      seedDemoReportRouting({
        hasDepartment: (id) => store.departments.get(id) !== null,
        hasRule: (id) => store.routingRules.get(id) !== null,
        execute: (type, payload) => {
          const ack = bus.execute({ commandId: ulid(), type, payload }, { id: 'system', role: 'admin' });
          if (!ack.ok && !options.quiet) console.error(`[vigil] demo ${type} failed: ${ack.code}: ${ack.message}`);
        },
      });
    }
    const slaChecker = new ReportSlaChecker(
      {
        store,
        raiseAlert: (draft) => raiseAlert(draft, 'system'),
        onError: (error) => {
          if (!options.quiet) console.error('[vigil] report SLA check failed:', error);
        },
      },
      options.reportSla === false ? {} : (options.reportSla ?? {}),
    );
    if (options.reportSla !== false) slaChecker.start();
    const reports: RunningReports = { ...reportService, checkSla: (nowMs) => slaChecker.checkNow(nowMs ?? Date.now()) };

    let closing: Promise<void> | null = null;
    return {
      url,
      port: address.port,
      raiseAlert,
      saveCameras: (inputs) => importer.saveAll(inputs, { id: 'system', role: 'admin', workstationId: null }),
      reports,
      portal: livePortal,
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
          reportGenerator?.stop();
          slaChecker.stop();
          await livePortal.close();
          await healthChecker?.stop(); // before the store closes: a round in flight must not write after it
          await liveGateway.close(); // also closes the HTTP server's listener
          await app.close();
          store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await portal?.close().catch(() => undefined);
    await gateway?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    store.close();
    throw error;
  }
}
