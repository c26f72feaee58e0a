// CONTRACT STUB written by the lead; the host helper replaces the body, keeping these exported names/types.
import type { DesktopApiHandlers } from '../../src-shared/desktop-api.js';

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
}

export interface WorkstationHost {
  /** The desktop API implementation over cache.db; bridges validate arguments before calling it. */
  readonly handlers: DesktopApiHandlers;
  /** Push events for every window: channel is `vigil:<domain>:<event>` (see eventChannel). */
  onPush(listener: (channel: string, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export declare function createWorkstationHost(options: WorkstationHostOptions): Promise<WorkstationHost>;
