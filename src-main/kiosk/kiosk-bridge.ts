import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { InvokeDispatcher } from '../../src-shared/desktop-api-dispatch.js';
import {
  KIOSK_BRIDGE_PATH,
  KIOSK_CLOSE_CODES,
  KIOSK_TOKEN_PARAM,
  parseKioskClientMessage,
  type KioskHostMessage,
} from '../../src-shared/kiosk-bridge-protocol.js';
import { tokenMatches } from './launch-token.js';

/**
 * The desktop API over a loopback WebSocket, for windows that are plain Chromium pages.
 * Two locks on the door: the connecting page must come from this server's own origin
 * (any other page the operator opens in a browser could otherwise drive the host), and
 * must present this launch's token. Past the door, every invoke goes through the same
 * dispatcher (manifest schemas) as Electron IPC.
 */

/** Windows send small invokes; anything larger is refused before it is parsed. */
export const BRIDGE_MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface KioskBridgeOptions {
  token: string;
  /** This server's origin, e.g. http://127.0.0.1:4700 (known once it listens). */
  origin(): string;
  dispatch: InvokeDispatcher;
  log?: (message: string) => void;
}

export interface KioskBridge {
  /** Sends a push event to every connected window. */
  broadcast(channel: string, payload: unknown): void;
  clients(): number;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function send(ws: WebSocket, message: KioskHostMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export function attachKioskBridge(server: Server, options: KioskBridgeOptions): KioskBridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_PAYLOAD_BYTES });
  const log = options.log ?? (() => {});

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== KIOSK_BRIDGE_PATH) return refuse(socket, 404, 'Not Found');
    if (req.headers.origin !== options.origin()) {
      log(`bridge: refused a connection from origin ${String(req.headers.origin ?? '(none)').slice(0, 100)}`);
      return refuse(socket, 403, 'Forbidden');
    }
    const authorised = tokenMatches(url.searchParams.get(KIOSK_TOKEN_PARAM), options.token);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!authorised) {
        // Our own origin with a stale token: a window left from an earlier launch. Tell it to
        // stop retrying (the close code) rather than leave it reconnecting forever.
        ws.close(KIOSK_CLOSE_CODES.unauthorized, 'launch token not accepted');
        return;
      }
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? null : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const parsed = parseKioskClientMessage(text);
      if (!parsed.ok) {
        send(ws, { type: 'error', code: parsed.code, message: parsed.message, ...idOf(text) });
        return;
      }
      const { id, channel, args } = parsed.value;
      void options.dispatch(channel, args).then(
        (result) => send(ws, { type: 'result', id, result }),
        (error: unknown) => send(ws, { type: 'result', id, result: { ok: false, code: 'internal', message: String(error) } }),
      );
    });
    ws.on('error', (error) => log(`bridge: socket error ${error.message}`));
  });

  return {
    broadcast(channel, payload) {
      const frame = JSON.stringify({ type: 'event', channel, payload } satisfies KioskHostMessage);
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    clients: () => wss.clients.size,
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(KIOSK_CLOSE_CODES.shuttingDown, 'host shutting down');
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000);
        wss.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** When a refused frame still had a readable numeric id, the error names it so the caller's promise settles. */
function idOf(text: string | null): { id?: number } {
  if (!text) return {};
  try {
    const json = JSON.parse(text) as { id?: unknown };
    return typeof json?.id === 'number' && Number.isSafeInteger(json.id) && json.id >= 0 ? { id: json.id } : {};
  } catch {
    return {};
  }
}
