// CONTRACT STUB written by the lead; the server helper replaces the body, keeping these exported names/types.
import type { Alert, AlertDraft } from '../src-shared/model/alert.js';
import type { Role } from '../src-shared/model/user.js';

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
  /** Users created at start when missing (tests use this; --demo adds demo users). */
  seedUsers?: SeedUser[];
  /** How many events the log keeps; older cursors get resync-required + snapshot. */
  logRetain?: number;
  /** socket.io heartbeat; a black-holed link is noticed within about interval + timeout. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  tokenSecret?: string;
  tokenTtlSeconds?: number;
  quiet?: boolean;
}

export interface RunningServer {
  url: string; // http://127.0.0.1:<port>
  port: number;
  /** Raise an alert from an internal source (demo generator, tests, later connectors). Returns the event seq. */
  raiseAlert(draft: AlertDraft, actor?: string): { alertId: string; seq: number };
  /** Read access for tests and tools. */
  inspect: {
    headSeq(): number;
    listAlerts(): Alert[];
    /** Events carrying this command id (0 or 1 expected). */
    eventsForCommand(commandId: string): number;
    commandResult(commandId: string): { ok: boolean; seq: number | null; code: string | null } | null;
    connectedClients(): number;
  };
  close(): Promise<void>;
}

export declare function startServer(options: ServerOptions): Promise<RunningServer>;
