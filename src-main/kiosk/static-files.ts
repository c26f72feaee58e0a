import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * Serves the built renderer (dist/renderer) read-only. Only GET/HEAD, only files inside
 * the folder (no traversal, no dotfiles, no directory listings), each with its MIME type
 * and the same security headers the Electron shell applies.
 */

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.geojson': 'application/geo+json',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a URL path names inside `root`, or null when it would leave it or is hidden. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((part) => part === '..' || part.startsWith('.'))) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

export interface StaticHandlerOptions {
  root: string;
  /** The header value; may depend on the port, hence a function. */
  contentSecurityPolicy(): string;
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function notBuiltPage(root: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Vigil — renderer not built</title>
<body style="font:16px system-ui;background:#0b1220;color:#e6edf3;padding:3em">
<h1>The Vigil renderer is not built</h1>
<p>The kiosk shell serves <code>${escapeHtml(root)}</code>, which has no <code>index.html</code>.</p>
<p>Run <code>npm run build:renderer</code>, then reload this window.</p></body>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createStaticHandler(options: StaticHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = securityHeaders(options.contentSecurityPolicy());
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(405, 'Method not allowed');
      return;
    }
    const file = resolveStaticPath(options.root, req.url ?? '/');
    if (!file) return send(404, 'Not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      if (path.basename(file) === 'index.html') {
        const index = await stat(path.join(options.root, 'index.html')).catch(() => null);
        if (!index) return send(503, notBuiltPage(options.root), 'text/html; charset=utf-8');
      }
      return send(404, 'Not found');
    }
    const isIndex = path.basename(file) === 'index.html';
    res.writeHead(200, {
      ...headers,
      'Content-Type': mimeType(file),
      'Content-Length': String(info.size),
      // The page carries no secrets, but a stale index.html would load stale bundles after an update.
      'Cache-Control': isIndex ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
