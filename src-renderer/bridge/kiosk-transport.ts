import type { DesktopTransport } from '../../src-shared/desktop-api-client.js';
import {
  KIOSK_CLOSE_CODES,
  parseKioskHostMessage,
  type KioskInvokeMessage,
} from '../../src-shared/kiosk-bridge-protocol.js';
import { fail, type Result } from '../../src-shared/result.js';

/** `open`: talking to the host; `connecting`: first connect or reconnecting; `closed`: given up (closed or token refused). */
export type BridgeState = 'connecting' | 'open' | 'closed';

/** The part of the browser WebSocket the transport uses, so tests can pass a fake. */
export interface BridgeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface KioskTransportOptions {
  url: string;
  createSocket?: (url: string) => BridgeSocket;
  invokeTimeoutMs?: number;
  backoff?: { minMs: number; maxMs: number };
}

export interface KioskTransport extends DesktopTransport {
  readonly state: BridgeState;
  /** Called on every state change; `reconnected` is true when `open` follows an earlier open (data may have moved on). */
  onStateChange(listener: (state: BridgeState, info: { reconnected: boolean }) => void): () => void;
  close(): void;
}

const OPEN = 1;
export const DEFAULT_INVOKE_TIMEOUT_MS = 30_000;

interface Waiting {
  message: KioskInvokeMessage;
  sent: boolean;
  resolve(result: Result<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * DesktopTransport over the kiosk host's WebSocket. Invokes made while the socket is
 * (re)connecting wait for it, up to the timeout; invokes already sent when the socket
 * drops fail with `unavailable` because the host may or may not have run them, and
 * only the caller can decide whether to retry.
 */
export function createKioskTransport(options: KioskTransportOptions): KioskTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as BridgeSocket);
  const timeoutMs = options.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
  const backoff = options.backoff ?? { minMs: 250, maxMs: 5_000 };
  const waiting = new Map<number, Waiting>();
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: BridgeState, info: { reconnected: boolean }) => void>();
  let socket: BridgeSocket | null = null;
  let state: BridgeState = 'connecting';
  let everOpened = false;
  let attempt = 0;
  let nextId = 1;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function setState(next: BridgeState, reconnected = false): void {
    if (next === state && !reconnected) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next, { reconnected });
  }

  function settle(id: number, result: Result<unknown>): void {
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  function send(entry: Waiting): void {
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(JSON.stringify(entry.message));
      entry.sent = true;
    } catch (error) {
      settle(entry.message.id, fail('unavailable', `Could not send to the workstation host: ${String(error)}`));
    }
  }

  function connect(): void {
    reconnectTimer = null;
    let current: BridgeSocket;
    try {
      current = createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      attempt = 0;
      const reconnected = everOpened;
      everOpened = true;
      setState('open', reconnected);
      for (const entry of waiting.values()) if (!entry.sent) send(entry);
    };
    current.onmessage = (event) => {
      if (socket !== current) return;
      const parsed = parseKioskHostMessage(event.data);
      if (!parsed.ok) return;
      const message = parsed.value;
      if (message.type === 'result') settle(message.id, message.result);
      else if (message.type === 'event') {
        for (const listener of [...(subscribers.get(message.channel) ?? [])]) {
          try {
            listener(message.payload);
          } catch (error) {
            console.error('bridge listener failed', error);
          }
        }
      } else if (message.id !== undefined) settle(message.id, fail(message.code, message.message));
      else console.warn(`workstation host: ${message.code}: ${message.message}`);
    };
    current.onerror = () => {
      // onclose follows and does the work.
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      for (const entry of [...waiting.values()]) {
        if (entry.sent) settle(entry.message.id, fail('unavailable', 'Lost the connection to the workstation host'));
      }
      if (state === 'closed') return;
      if (event.code === KIOSK_CLOSE_CODES.unauthorized) {
        failEverything('The workstation host refused this window (launch token not accepted)');
        setState('closed');
        return;
      }
      setState('connecting');
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (state === 'closed' || reconnectTimer) return;
    const base = Math.min(backoff.maxMs, backoff.minMs * 2 ** attempt);
    attempt += 1;
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    reconnectTimer = setTimeout(connect, delay);
  }

  function failEverything(message: string): void {
    for (const entry of [...waiting.values()]) settle(entry.message.id, fail('unavailable', message));
  }

  connect();

  return {
    get state() {
      return state;
    },
    invoke(channel, args) {
      if (state === 'closed') return Promise.resolve(fail('unavailable', 'Not connected to the workstation host'));
      return new Promise<Result<unknown>>((resolve) => {
        const id = nextId++;
        const entry: Waiting = {
          message: { type: 'invoke', id, channel, args },
          sent: false,
          resolve,
          timer: setTimeout(
            () => settle(id, fail('unavailable', `The workstation host did not answer ${channel} within ${Math.round(timeoutMs / 1000)} s`)),
            timeoutMs,
          ),
        };
        waiting.set(id, entry);
        send(entry);
      });
    },
    subscribe(channel, listener) {
      let set = subscribers.get(channel);
      if (!set) subscribers.set(channel, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      if (state === 'closed') return;
      setState('closed');
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      failEverything('The bridge was closed');
      const current = socket;
      socket = null;
      current?.close(1000, 'closed by window');
    },
  };
}
