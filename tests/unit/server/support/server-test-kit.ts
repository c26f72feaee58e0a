// Shared by the server's unit and integration tests: a real server on 127.0.0.1:0 over a temp SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { AlertDraft } from '../../../../src-shared/model/alert.js';
import {
  SYNC_SCHEMA_VERSION,
  type ClientToServerEvents,
  type CommandAck,
  type EventBatch,
  type HelloReply,
  type ServerToClientEvents,
  type Snapshot,
} from '../../../../src-shared/protocol/sync-protocol.js';
import type { Failure } from '../../../../src-shared/result.js';
import { startServer, type RunningServer, type SeedUser, type ServerOptions } from '../../../../server/app.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TEST_PASSWORD = 'test-password-1';
export const TEST_SECRET = 'test-secret-0123456789abcdef';
export const TEST_USERS: SeedUser[] = [
  { username: 'op1', password: TEST_PASSWORD, displayName: 'Nguyễn Văn An', role: 'operator' },
  { username: 'op2', password: TEST_PASSWORD, displayName: 'Trần Thị Bình', role: 'operator' },
  { username: 'sup', password: TEST_PASSWORD, displayName: 'Lê Minh Châu', role: 'supervisor' },
];

export function makeTempDir(prefix = 'vigil-server-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer extends RunningServer {
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const temp = makeTempDir();
  const server = await startServer({
    dataDir: temp.dir,
    seedUsers: TEST_USERS,
    passwordCost: 4,
    tokenSecret: TEST_SECRET,
    pingIntervalMs: 1000,
    pingTimeoutMs: 1000,
    quiet: true,
    ...options,
  });
  return Object.assign(server, {
    dataDir: temp.dir,
    stop: async () => {
      await server.close();
      temp.remove();
    },
  });
}

export async function login(url: string, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export function connect(url: string, token: unknown): TestSocket {
  return io(url, { path: '/sync', auth: { token } as { token: string }, transports: ['websocket'], reconnection: false, forceNew: true });
}

export function waitConnected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Resolves with the connect_error a refused handshake produces. */
export function waitConnectError(socket: TestSocket): Promise<Error & { data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected but should have been refused')));
    socket.once('connect_error', (error) => resolve(error as Error & { data?: { code: string; message: string } }));
  });
}

export function sendHello(socket: TestSocket, cursor: number, schemaVersion = SYNC_SCHEMA_VERSION): Promise<{ ok: true; value: HelloReply } | Failure> {
  return new Promise((resolve) => socket.emit('hello', { workstationId: 'ws-test', cursor, schemaVersion }, resolve));
}

export function sendCommand(socket: TestSocket, command: unknown): Promise<CommandAck> {
  return new Promise((resolve) => (socket as unknown as { emit(e: string, p: unknown, cb: (a: CommandAck) => void): void }).emit('command', command, resolve));
}

/** A replica in miniature: applies batches in order, acks each, remembers snapshots. */
export class Replica {
  cursor: number;
  readonly seqs: number[] = [];
  readonly batches: EventBatch[] = [];
  readonly snapshots: Snapshot[] = [];
  private waiters: { seq: number; resolve: () => void }[] = [];

  constructor(
    readonly socket: TestSocket,
    cursor = 0,
  ) {
    this.cursor = cursor;
    socket.on('events', (batch, ack) => {
      this.batches.push(batch);
      for (const event of batch.items) this.seqs.push(event.seq);
      this.cursor = batch.to;
      ack();
      this.notify();
    });
    socket.on('resync-required', (snapshot, ack) => {
      this.snapshots.push(snapshot);
      this.cursor = snapshot.seq;
      ack();
      this.notify();
    });
  }

  waitFor(seq: number, timeoutMs = 5000): Promise<void> {
    if (this.cursor >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`replica stuck at ${this.cursor}, wanted ${seq}`)), timeoutMs);
      this.waiters.push({ seq, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => this.cursor >= w.seq);
    this.waiters = this.waiters.filter((w) => this.cursor < w.seq);
    for (const w of ready) w.resolve();
  }
}

/** Connects, says hello from `cursor` and returns a replica that keeps up with the log. */
export async function connectReplica(url: string, token: string, cursor = 0): Promise<Replica> {
  const socket = connect(url, token);
  const replica = new Replica(socket, cursor);
  await waitConnected(socket);
  const reply = await sendHello(socket, cursor);
  if (!reply.ok) throw new Error(`hello failed: ${reply.code} ${reply.message}`);
  return replica;
}

export function draft(headline = 'Ùn tắc giao thông nút giao Quốc lộ 1 – Ngã Bảy'): AlertDraft {
  return {
    source: 'camera-analytics',
    category: 'Transport',
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    headline,
    location: { lat: 9.815, lon: 105.82, areaDesc: 'Ngã Bảy' },
    cameraIds: ['cam-nb-01'],
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
