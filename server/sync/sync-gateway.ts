import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { User } from '../../src-shared/model/user.js';
import {
  HelloSchema,
  MAX_SOCKET_FRAME_BYTES,
  SYNC_SCHEMA_VERSION,
  type ClientToServerEvents,
  type ProtocolError,
  type ServerToClientEvents,
  type SocketData,
} from '../../src-shared/protocol/sync-protocol.js';
import { fail, ok, type ErrorCode } from '../../src-shared/result.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import { describeIssues } from '../domain/command-bus.js';
import type { CommandQueue } from '../domain/command-queue.js';
import type { VigilStore } from '../store/vigil-store.js';
import { batchParser } from './batch-encoder.js';
import { EventPump, type PumpSource } from './event-pump.js';
import { PackedLogReader } from './packed-log-reader.js';

export interface SyncGatewayOptions {
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly ackTimeoutMs: number;
  /** Where report photos are published (told to workstations in the hello reply). */
  readonly mediaBaseUrls?: () => string[];
}

type VigilServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type VigilSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Ack = (reply: unknown) => void;

const KNOWN_EVENTS = new Set(['hello', 'command']);

/** Splits socket.io arguments into the payload and a callable ack, whatever the client sent. */
function splitArgs(args: unknown[]): { payload: unknown; ack: Ack | null } {
  const last = args[args.length - 1];
  if (typeof last === 'function') return { payload: args.length > 1 ? args[0] : undefined, ack: last as Ack };
  return { payload: args[0], ack: null };
}

/**
 * socket.io on the HTTP server, path /sync: token check at the handshake,
 * `hello` starts the socket's event pump, `command` goes through the command bus.
 * A bad message gets an answer on its own socket and touches nothing else.
 */
export class SyncGateway {
  readonly io: VigilServer;
  private readonly pumps = new Map<string, EventPump>();
  /** Each socket's workstation as its latest hello named it; commands carry it to the handlers. */
  private readonly workstationIds = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(
    httpServer: HttpServer,
    private readonly store: VigilStore,
    private readonly commands: CommandQueue,
    private readonly auth: UserAuthenticator,
    private readonly options: SyncGatewayOptions,
  ) {
    this.packedReader = new PackedLogReader(store.db);
    this.io = new Server(httpServer, {
      path: '/sync',
      serveClient: false,
      parser: batchParser,
      maxHttpBufferSize: MAX_SOCKET_FRAME_BYTES,
      pingInterval: options.pingIntervalMs,
      pingTimeout: options.pingTimeoutMs,
    });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      const user = this.auth.userFromToken(token);
      if (!user.ok) {
        const error = new Error('unauthorized') as Error & { data: ProtocolError };
        error.data = { code: 'unauthorized', message: user.message };
        next(error);
        return;
      }
      socket.data.user = user.value;
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.unsubscribe = store.onAppended(() => {
      for (const pump of this.pumps.values()) pump.wake();
    });
  }

  connectedClients(): number {
    return this.io.of('/').sockets.size;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const pump of this.pumps.values()) pump.stop();
    this.pumps.clear();
    this.workstationIds.clear();
    await this.io.close();
  }

  private onConnection(socket: VigilSocket): void {
    const pump = new EventPump(socket, this.pumpSource, { ackTimeoutMs: this.options.ackTimeoutMs });
    this.pumps.set(socket.id, pump);
    socket.on('disconnect', () => {
      pump.stop();
      this.pumps.delete(socket.id);
      this.workstationIds.delete(socket.id);
    });
    const loose = socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };
    loose.on('hello', (...args) => this.guard(socket, () => this.onHello(socket, pump, args)));
    loose.on('command', (...args) => this.guard(socket, () => this.onCommand(socket, args)));
    socket.onAny((event: string) => {
      if (!KNOWN_EVENTS.has(event)) this.protocolError(socket, 'bad-request', `Unknown event "${String(event).slice(0, 64)}"`);
    });
  }

  private readonly packedReader: PackedLogReader;
  private readonly pumpSource: PumpSource = {
    headSeq: () => this.store.headSeq(),
    oldestSeq: () => this.store.oldestSeq(),
    readEvents: (afterSeq: number, limit: number) => this.store.readEvents(afterSeq, limit),
    readPacked: (afterSeq: number, headSeq: number, limit: number) => this.packedReader.read(afterSeq, headSeq, limit),
    snapshotContent: () => this.store.snapshotContent(),
  };

  private onHello(socket: VigilSocket, pump: EventPump, args: unknown[]): void {
    const { payload, ack } = splitArgs(args);
    if (!ack) return this.protocolError(socket, 'bad-request', 'hello needs an ack callback');
    const hello = HelloSchema.safeParse(payload);
    if (!hello.success) return ack(describeIssues(hello.error));
    if (hello.data.schemaVersion !== SYNC_SCHEMA_VERSION) {
      return ack(
        fail('schema-mismatch', `Server speaks sync schema ${SYNC_SCHEMA_VERSION}, client sent ${hello.data.schemaVersion}`, {
          server: SYNC_SCHEMA_VERSION,
          client: hello.data.schemaVersion,
        }),
      );
    }
    const user: User = socket.data.user;
    this.workstationIds.set(socket.id, hello.data.workstationId);
    ack(ok({ user, headSeq: this.store.headSeq(), oldestSeq: this.store.oldestSeq(), serverTime: new Date().toISOString(), mediaBaseUrls: this.options.mediaBaseUrls?.() ?? [] }));
    pump.start(hello.data.cursor, hello.data.batchFormat ?? 'json');
  }

  private onCommand(socket: VigilSocket, args: unknown[]): void {
    const { payload, ack } = splitArgs(args);
    if (!ack) return this.protocolError(socket, 'bad-request', 'command needs an ack callback');
    const { id, role } = socket.data.user;
    void this.commands.submit(payload, { id, role, workstationId: this.workstationIds.get(socket.id) ?? null }).then(ack);
  }

  private guard(socket: VigilSocket, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.protocolError(socket, 'internal', error instanceof Error ? error.message : String(error));
    }
  }

  private protocolError(socket: VigilSocket, code: ErrorCode, message: string): void {
    socket.emit('protocol-error', { code, message });
  }
}
