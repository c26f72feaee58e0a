import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInvokeDispatcher } from '../../src-shared/desktop-api-dispatch.js';
import type { Surface } from '../../src-shared/desktop-api.js';
import { contentSecurityPolicy } from '../../src-shared/content-security-policy.js';
import type { WorkstationHost } from '../host/workstation-host.js';
import { attachKioskBridge } from './kiosk-bridge.js';
import { createLaunchToken } from './launch-token.js';
import { createStaticHandler } from './static-files.js';

/**
 * The kiosk shell's loopback server: the built renderer over HTTP and the desktop API
 * over a WebSocket, both on 127.0.0.1 only. One per workstation host.
 */
export interface KioskServerOptions {
  host: Pick<WorkstationHost, 'handlers' | 'onPush'>;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Minted here when not given; tests pass one to know it. */
  token?: string;
  log?: (message: string) => void;
}

export interface KioskServer {
  port: number;
  origin: string;
  token: string;
  /** The address a window opens: the token travels in the fragment, never to the HTTP server. */
  pageUrl(surface: Surface, windowKey: string, wallId?: string | null): string;
  clients(): number;
  close(): Promise<void>;
}

export async function startKioskServer(options: KioskServerOptions): Promise<KioskServer> {
  const token = options.token ?? createLaunchToken();
  let origin = '';
  // The bridge is same-origin, but naming ws://127.0.0.1:<port> spares relying on 'self' covering ws:.
  const csp = (): string => contentSecurityPolicy({ bridgeOrigin: origin.replace(/^http:/, 'ws:') });
  const serveFile = createStaticHandler({ root: options.rendererDir, contentSecurityPolicy: csp });
  const server: Server = createServer((req, res) => {
    // A page from another site that rebinds its DNS name to 127.0.0.1 arrives with its own Host.
    if (req.headers.host !== new URL(origin).host) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('Misdirected request');
      return;
    }
    serveFile(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Slow-loris and idle keep-alives are not a concern on loopback, but bound them anyway.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const bridge = attachKioskBridge(server, {
    token,
    origin: () => origin,
    dispatch: createInvokeDispatcher(options.host.handlers),
    log: options.log,
  });
  const unsubscribe = options.host.onPush((channel, payload) => bridge.broadcast(channel, payload));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    port,
    origin,
    token,
    pageUrl(surface, windowKey, wallId) {
      const fragment = new URLSearchParams({ token, surface, window: windowKey });
      if (wallId) fragment.set('wall', wallId);
      return `${origin}/#${fragment.toString()}`;
    },
    clients: () => bridge.clients(),
    close() {
      closing ??= (async () => {
        unsubscribe();
        await bridge.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
