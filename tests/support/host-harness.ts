import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type SeedUser, type ServerOptions } from '../../server/app.js';
import type { AlertDraft } from '../../src-shared/model/alert.js';
import type { SessionInfo } from '../../src-shared/desktop-api.js';
import { createWorkstationHost, type WorkstationHost, type WorkstationHostOptions } from '../../src-main/host/workstation-host.js';
import { FaultProxy } from './fault-proxy.js';

/**
 * Real server + fault proxy + real hosts in temp folders, for integration and
 * e2e tests. Timings are short so a dead link is noticed in a few seconds.
 */
export const TEST_USERS = {
  op1: { username: 'op1', password: 'op1-secret', displayName: 'Operator One', role: 'operator' },
  op2: { username: 'op2', password: 'op2-secret', displayName: 'Operator Two', role: 'operator' },
  sup1: { username: 'sup1', password: 'sup1-secret', displayName: 'Supervisor One', role: 'supervisor' },
} as const satisfies Record<string, SeedUser>;
export type TestUserName = keyof typeof TEST_USERS;

export const TEST_SERVER_OPTIONS: Partial<ServerOptions> = {
  seedUsers: Object.values(TEST_USERS),
  passwordCost: 4,
  pingIntervalMs: 1500,
  pingTimeoutMs: 1500,
  ackTimeoutMs: 10_000,
  quiet: true,
  // Tests that register cameras mostly name unreachable streams: no health polling unless a test asks for it.
  cameraHealth: false,
  // SLA alerts for field reports only when a test calls `reports.checkSla(nowMs)`.
  reportSla: false,
};

export const TEST_HOST_OPTIONS: Partial<WorkstationHostOptions> = {
  backoff: { minMs: 20, maxMs: 200 },
  bcryptCost: 4,
  loginTimeoutMs: 1500,
  connectTimeoutMs: 2000,
  helloTimeoutMs: 2000,
  commandTimeoutMs: 3000,
  statusThrottleMs: 50,
};

export function makeTempDir(prefix = 'vigil-it-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string | (() => string) } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const message = typeof options.message === 'function' ? options.message() : options.message;
      throw new Error(`waitFor timed out: ${message ?? ''} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20));
  }
}

export function sampleDraft(i: number, overrides: Partial<AlertDraft> = {}): AlertDraft {
  const severities = ['Extreme', 'Severe', 'Moderate', 'Minor'] as const;
  const categories = ['Fire', 'Transport', 'Safety', 'Met'] as const;
  return {
    source: 'camera-analytics',
    category: categories[i % categories.length]!,
    severity: severities[i % severities.length]!,
    urgency: 'Immediate',
    certainty: 'Observed',
    headline: `Sự cố số ${i} tại nút giao Trần Hưng Đạo`,
    description: `Test alert ${i}`,
    location: { lat: 10.7 + (i % 1000) * 0.0002, lon: 106.6 + (i % 997) * 0.0002, areaDesc: 'Quận 1' },
    cameraIds: [],
    ...overrides,
  };
}

/** Alerts in a stable order, for comparing a replica with the server projection. */
export function byId<T extends { id: string }>(alerts: readonly T[]): T[] {
  return [...alerts].sort((a, b) => a.id.localeCompare(b.id));
}

export function stripPending<T extends { pending?: unknown }>(alert: T): Omit<T, 'pending'> {
  const { pending: _pending, ...rest } = alert;
  return rest;
}

export interface TestHost {
  host: WorkstationHost;
  dataDir: string;
  workstationId: string;
  login(user: TestUserName): Promise<SessionInfo>;
  close(): Promise<void>;
}

export class TestRig {
  readonly hosts: TestHost[] = [];
  private readonly tempDirs: string[] = [];
  private server: RunningServer | null;
  private hostCount = 0;

  private constructor(
    readonly serverDir: string,
    server: RunningServer,
    readonly proxy: FaultProxy,
    private readonly serverOptions: Partial<ServerOptions>,
  ) {
    this.server = server;
  }

  static async start(serverOptions: Partial<ServerOptions> = {}): Promise<TestRig> {
    const serverDir = makeTempDir('vigil-server-');
    const options = { ...TEST_SERVER_OPTIONS, ...serverOptions };
    const server = await startServer({ ...options, dataDir: serverDir });
    const proxy = await FaultProxy.start(server.port);
    return new TestRig(serverDir, server, proxy, options);
  }

  get running(): RunningServer {
    if (!this.server) throw new Error('the server is stopped');
    return this.server;
  }

  get isServerRunning(): boolean {
    return this.server !== null;
  }

  /** The URL hosts use: always through the proxy. */
  get url(): string {
    return this.proxy.url;
  }

  async stopServer(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
    this.proxy.resetAll();
  }

  /** Starts the server again on the same data (a new port; the proxy follows). */
  async startServer(): Promise<RunningServer> {
    if (this.server) return this.server;
    const server = await startServer({ ...this.serverOptions, dataDir: this.serverDir });
    this.proxy.setTarget(server.port);
    this.server = server;
    return server;
  }

  /** A brand-new server with empty data (new folder); the proxy follows. Hosts should be fresh too. */
  async replaceServer(): Promise<RunningServer> {
    await this.stopServer();
    rmSync(this.serverDir, { recursive: true, force: true });
    const server = await startServer({ ...this.serverOptions, dataDir: this.serverDir });
    this.proxy.setTarget(server.port);
    this.server = server;
    return server;
  }

  async restartServer(): Promise<RunningServer> {
    await this.stopServer();
    return this.startServer();
  }

  async addHost(options: Partial<WorkstationHostOptions> = {}): Promise<TestHost> {
    const index = ++this.hostCount;
    const dataDir = options.dataDir ?? makeTempDir('vigil-host-');
    if (!options.dataDir) this.tempDirs.push(dataDir);
    const workstationId = options.workstationId ?? `ws-${index}`;
    const host = await createWorkstationHost({
      ...TEST_HOST_OPTIONS,
      shell: 'kiosk',
      serverUrl: this.url,
      ...options,
      dataDir,
      workstationId,
    });
    const testHost: TestHost = {
      host,
      dataDir,
      workstationId,
      login: async (user) => {
        const { username, password } = TEST_USERS[user];
        const result = await host.handlers.session.login({ username, password });
        if (!result.ok) throw new Error(`login ${user} failed: ${result.code} ${result.message}`);
        return result.value;
      },
      close: async () => {
        await host.close();
        const i = this.hosts.indexOf(testHost);
        if (i >= 0) this.hosts.splice(i, 1);
      },
    };
    this.hosts.push(testHost);
    return testHost;
  }

  /** Online, nothing queued, cursor at the server's head. */
  async waitInSync(testHost: TestHost, timeoutMs = 15_000): Promise<void> {
    await waitFor(
      () => {
        const s = testHost.host.inspect.status();
        return s.connection === 'online' && testHost.host.inspect.outbox().length === 0 && s.cursor === this.running.inspect.headSeq();
      },
      { timeoutMs, message: () => `host ${testHost.workstationId} not in sync: ${JSON.stringify(testHost.host.inspect.status())}, outbox ${testHost.host.inspect.outbox().length}, server head ${this.server?.inspect.headSeq()}` },
    );
  }

  async close(options: { keepFiles?: boolean } = {}): Promise<void> {
    for (const h of [...this.hosts]) await h.close().catch(() => undefined);
    await this.proxy.close().catch(() => undefined);
    await this.server?.close().catch(() => undefined);
    this.server = null;
    if (!options.keepFiles) {
      for (const dir of [this.serverDir, ...this.tempDirs]) rmSync(dir, { recursive: true, force: true });
    }
  }
}
