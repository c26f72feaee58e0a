import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A small static HTTP server for HLS playlists and segments, listening on several
 * ports that all serve the same tree. Chromium allows six HTTP/1.1 connections per
 * origin (scheme + host + port); a wall of 25 tiles polling playlists and fetching
 * segments through one origin would queue behind that limit, so cameras are spread
 * over the ports round-robin (`originFor`).
 *
 * The renderer loads the streams cross-origin with hls.js, hence CORS on every
 * answer (404s included, so the player sees the status and not a network error)
 * and `no-cache` on playlists, which change every segment.
 */

export interface StreamServerOptions {
  /** Folder whose files are served; the URL path is the path below it. */
  rootDir: string;
  /** How many listening ports (origins); default 4. */
  ports?: number;
  /** Default 127.0.0.1: the streams are for the workstations on this machine and the tests. */
  host?: string;
  /**
   * Host name put in `origins` (what players are given); default `host`, or
   * 127.0.0.1 when listening on every interface (0.0.0.0 / ::) is no address to fetch from.
   */
  publicHost?: string;
  /**
   * Consulted before the files: answers a path itself (a generated playlist, a
   * file elsewhere, a 404 for a camera that is switched off) or returns
   * undefined to let the static files answer.
   */
  resolve?: StreamResolver;
}

/** `relPath` is the decoded, checked URL path without the leading slash, e.g. `cam-01/sub.m3u8`. */
export type StreamResolver = (relPath: string) => StreamRoute | undefined;

export type StreamRoute =
  | { kind: 'text'; body: string; contentType?: string }
  | { kind: 'file'; filePath: string }
  | { kind: 'not-found' };

export interface StreamServer {
  /** `http://127.0.0.1:<port>` for each listening port, in order. */
  origins: string[];
  /** The origin for the index-th camera: round-robin over `origins`. */
  originFor(index: number): string;
  close(): Promise<void>;
}

export const DEFAULT_STREAM_PORTS = 4;

/** Only HLS media is served: stray files in the tree (temp files, text overlays) stay private. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/mp4',
  '.mp4': 'video/mp4',
};

export const PLAYLIST_CONTENT_TYPE = CONTENT_TYPES['.m3u8']!;

/** The origin for the index-th camera when cameras are spread round-robin over `origins`. */
export function originFor(origins: readonly string[], index: number): string {
  if (origins.length === 0) throw new RangeError('no origins');
  const i = ((Math.floor(index) % origins.length) + origins.length) % origins.length;
  return origins[i]!;
}

/**
 * The checked relative path of a request URL, or null when it must be refused:
 * bad encoding, NUL, backslashes, `.`/`..` segments, hidden files, empty segments.
 */
export function safeRelativePath(rawUrl: string): string | null {
  const pathname = rawUrl.split('?')[0]!.split('#')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.slice(1).split('/');
  if (parts.length === 0 || parts.some((p) => p === '' || p.startsWith('.'))) return null;
  return parts.join('/');
}

export async function startStreamServer(options: StreamServerOptions): Promise<StreamServer> {
  const rootDir = path.resolve(options.rootDir);
  const count = Math.max(1, Math.floor(options.ports ?? DEFAULT_STREAM_PORTS));
  const host = options.host ?? '127.0.0.1';
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(rootDir, options.resolve, req, res).catch(() => {
      // Headers may already be out (a file vanished mid-stream): all that is left is to drop the connection.
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  };

  const servers: http.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = http.createServer(handler);
      // Players keep connections open between playlist reloads; a generous keep-alive avoids reconnecting every 2 s.
      server.keepAliveTimeout = 15_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      servers.push(server);
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }

  const advertised = options.publicHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const urlHost = advertised.includes(':') ? `[${advertised}]` : advertised;
  const origins = servers.map((s) => `http://${urlHost}:${(s.address() as AddressInfo).port}`);
  let closing: Promise<void> | null = null;
  return {
    origins,
    originFor: (index) => originFor(origins, index),
    close() {
      closing ??= Promise.all(servers.map(closeServer)).then(() => undefined);
      return closing;
    },
  };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections from players would hold close() open for their whole timeout.
    server.closeAllConnections();
  });
}

function corsHeaders(res: http.ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Range');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Type');
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-cache',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

function cacheControlFor(relPath: string): string {
  // Playlists change every segment; segment names never repeat with other content, so a short cache is safe.
  return relPath.endsWith('.m3u8') ? 'no-cache' : 'public, max-age=60';
}

async function handle(
  rootDir: string,
  resolve: StreamResolver | undefined,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  corsHeaders(res);
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Max-Age': '600', 'Content-Length': '0' });
    res.end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD, OPTIONS' });
    return;
  }
  const relPath = safeRelativePath(req.url ?? '/');
  if (relPath === null) {
    send(res, 400, 'bad path\n');
    return;
  }
  const contentType = CONTENT_TYPES[path.extname(relPath).toLowerCase()];
  if (contentType === undefined) {
    send(res, 404, 'not found\n');
    return;
  }

  const route = resolve?.(relPath);
  if (route?.kind === 'not-found') {
    send(res, 404, 'not found\n');
    return;
  }
  if (route?.kind === 'text') {
    send(res, 200, route.body, { 'Content-Type': route.contentType ?? contentType, 'Cache-Control': cacheControlFor(relPath) });
    return;
  }

  const filePath = route?.kind === 'file' ? route.filePath : path.join(rootDir, ...relPath.split('/'));
  if (route === undefined && !filePath.startsWith(rootDir + path.sep)) {
    send(res, 400, 'bad path\n');
    return;
  }
  await sendFile(res, filePath, contentType, cacheControlFor(relPath));
}

async function sendFile(res: http.ServerResponse, filePath: string, contentType: string, cacheControl: string): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    // O_NOFOLLOW: a symlink planted in the tree must not lead out of it.
    handle = await fs.promises.open(filePath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    send(res, 404, 'not found\n');
    return;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      send(res, 404, 'not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': String(stat.size),
      'Cache-Control': cacheControl,
      'Last-Modified': stat.mtime.toUTCString(),
    });
    if (res.req.method === 'HEAD' || stat.size === 0) {
      res.end();
      return;
    }
    // Reading from the open handle: the encoder may delete an old segment meanwhile, the open file stays readable.
    const stream = handle.createReadStream({ start: 0, end: stat.size - 1, autoClose: false });
    await new Promise<void>((resolve, reject) => {
      // A player that hung up while we opened the file already fired 'close': waiting for it would keep the handle open.
      if (res.destroyed) {
        stream.destroy();
        resolve();
        return;
      }
      stream.once('error', reject);
      res.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  } finally {
    await handle.close().catch(() => undefined);
  }
}
