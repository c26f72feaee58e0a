import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  MAX_REPORT_PHOTO_URL_LENGTH,
  type ReportPhotoContentType,
  type ReportPhotoPayload,
} from '../../../src-shared/desktop-api.js';
import type { FieldReport } from '../../../src-shared/model/field-report.js';
import { fail, ok, type ErrorCode, type Result } from '../../../src-shared/result.js';
import type { CacheDb } from '../cache/cache-database.js';

/**
 * Photos of field reports, through the host and kept in cache.db for outages.
 *
 * Only the sync server's own media are ever fetched: a URL counts as the server's when
 * it is exactly what the server writes into media_url (`<base>/media/<name>`, base = the
 * configured server URL's origin or one of the server's public bases, name = the
 * server's stored-name pattern). Anything else came from a citizen's `media_url` and may
 * point anywhere (a tracking pixel), so it is never requested; windows get `external`.
 * Fetches always go to `<serverUrl origin>/media/<name>`, whatever base the URL names,
 * never follow redirects, and keep only bytes that are PNG, JPEG, WebP or GIF by their
 * magic numbers.
 */

/** One photo at most this large: the server's upload limit (server/open311/media-store.ts MAX_MEDIA_BYTES). */
export const MAX_REPORT_PHOTO_BYTES = 5 * 1024 * 1024;
/** All cached photos together; beyond this the oldest fetched go first. */
export const DEFAULT_REPORT_MEDIA_CACHE_BYTES = 200 * 1024 * 1024;
/** The names the server gives stored photos (server/open311/media-store.ts MEDIA_NAME). */
export const SERVER_MEDIA_NAME = /^[0-9a-f]{32}\.(jpg|png|webp)$/;
/** The server's route for stored photos (GET /media/:name, at its root). */
export const SERVER_MEDIA_ROUTE = '/media/';

const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
const DEFAULT_PREFETCH_CONCURRENCY = 2;

/** Where the server's media_url may start: an origin and the path before `/media/` ('' at the root). */
export interface MediaBase {
  origin: string;
  prefix: string;
}

/**
 * The bases the server builds media_url from: the sync server itself (its origin; the
 * server answers at its root) and any public base it is configured with
 * (VIGIL_PUBLIC_BASE_URL on the server, which may carry a path). Unusable entries are skipped.
 */
export function mediaBasesOf(serverUrl: string, publicBaseUrls: readonly string[] = []): MediaBase[] {
  const bases: MediaBase[] = [];
  const add = (raw: string, withPath: boolean): void => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const base = { origin: url.origin, prefix: withPath ? url.pathname.replace(/\/+$/, '') : '' };
    if (!bases.some((b) => b.origin === base.origin && b.prefix === base.prefix)) bases.push(base);
  };
  add(serverUrl, false);
  for (const raw of publicBaseUrls) add(raw, true);
  return bases;
}

/**
 * The server's stored name when `raw` is one of the server's own media URLs; null for
 * anything else. Only the form the server writes passes: http(s), no credentials, query,
 * fragment, percent-escapes, backslashes, whitespace or dot segments, a host spelled as
 * the parser keeps it, the origin equal to a base's (so `host:port.evil.com`, other
 * ports and schemes fail), and the path exactly `<prefix>/media/<name>`.
 */
export function serverMediaName(raw: unknown, bases: readonly MediaBase[]): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_REPORT_PHOTO_URL_LENGTH) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\s\\%?#@\u0000-\u001f\u007f]/.test(raw)) return null;
  const parts = /^(https?):\/\/([^/]+)(\/.*)?$/i.exec(raw);
  if (!parts) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return null;
  // The host as written, not one the parser rewrote (2130706433, 127.1, 0x7f.0.0.1 all become 127.0.0.1).
  const authority = parts[2]!.toLowerCase();
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  if (authority !== url.host && authority !== `${url.hostname}:${defaultPort}`) return null;
  // The parser resolves `.` and `..` segments; a path it had to change is not one the server wrote.
  if ((parts[3] ?? '/') !== url.pathname) return null;
  for (const base of bases) {
    if (url.origin !== base.origin) continue;
    const start = `${base.prefix}${SERVER_MEDIA_ROUTE}`;
    if (!url.pathname.startsWith(start)) continue;
    const name = url.pathname.slice(start.length);
    if (SERVER_MEDIA_NAME.test(name)) return name;
  }
  return null;
}

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/** What an image is by its magic numbers alone (never by a header or a file name); null for anything else. */
export function sniffImageType(bytes: Uint8Array): ReportPhotoContentType | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 4) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'image/gif';
  return null;
}

/** A photo as cache.db keeps it. */
export interface CachedPhoto {
  name: string;
  contentType: ReportPhotoContentType;
  size: number;
  fetchedAt: string;
  bytes: Buffer;
}

interface PhotoRow {
  name: string;
  content_type: string;
  size: number;
  fetched_at: string;
  bytes: Buffer;
}

type FetchOutcome = { ok: true; bytes: Buffer; contentType: string } | { ok: false; code: ErrorCode; message: string; refused: boolean };

/** One GET with a whole-request deadline and a byte cap; no redirects followed, no keep-alive pool. */
function fetchBytes(url: URL, maxBytes: number, timeoutMs: number, signal: AbortSignal): Promise<FetchOutcome> {
  const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: FetchOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const unreachable = (message: string): void => settle({ ok: false, code: 'unavailable', message, refused: false });
    const tooLarge = (): void => settle({ ok: false, code: 'payload-too-large', message: `the photo is larger than ${maxBytes} bytes`, refused: true });
    const req = requestFn(url, { method: 'GET', headers: { accept: 'image/*' }, agent: false, signal, timeout: timeoutMs }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        if (status === 404 || status === 410) settle({ ok: false, code: 'not-found', message: 'the server has no such photo', refused: false });
        else unreachable(`the server answered ${status}`);
        req.destroy();
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        tooLarge();
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          tooLarge();
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => unreachable(error.message));
      res.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks), contentType: String(res.headers['content-type'] ?? '') }));
    });
    // `timeout` fires on an idle socket; the deadline also covers a slow trickle.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => unreachable(error.message));
    req.end();
  });
}

export interface ReportMediaCacheOptions {
  /** The sync server (its origin is where photos are fetched from). */
  serverUrl: string;
  /** Other bases the server writes media_url with (its VIGIL_PUBLIC_BASE_URL), from the profile. */
  publicBaseUrls?: readonly string[];
  /** The bases the server itself advertised at the last hello (kept in cache.db for outages). */
  serverBaseUrls?: readonly string[];
  /** Where prefetch finds a changed report's mediaUrls. */
  reports: { get(id: string): FieldReport | null };
  /** True while the sync link is known to be down: no fetch is tried then. */
  isOffline(): boolean;
  /** Cap of all cached photos together (default 200 MB). */
  maxTotalBytes?: number;
  /** Cap of one photo (default: the server's upload limit). */
  maxFileBytes?: number;
  fetchTimeoutMs?: number;
  /** Background fetches at once (default 2). */
  concurrency?: number;
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * The host's cache of report photos (table report_media). `photo(url)` answers a window
 * (cache first, else one fetch); `prefetchReports(ids)` queues the missing photos of
 * changed reports and returns at once, so sync never waits on it. Failures are not
 * remembered on disk: the next change of the report or the next `photo()` tries again.
 */
export class ReportMediaCache {
  private bases: MediaBase[];
  private readonly origin: string;
  private readonly maxTotalBytes: number;
  private readonly maxFileBytes: number;
  private readonly fetchTimeoutMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private readonly aborter = new AbortController();
  private readonly inflight = new Map<string, Promise<Result<CachedPhoto>>>();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  /** Names whose bytes were refused (not an image, too large): prefetch skips them until restart; `photo()` still tries. */
  private readonly refused = new Set<string>();
  private readonly changedIds = new Set<string>();
  private collectTimer: ReturnType<typeof setTimeout> | null = null;
  private active = 0;
  /** Bytes prefetched since the queue was last idle: a pass stops before it would evict its own photos. */
  private passBytes = 0;
  private closed = false;
  private readonly getStmt;
  private readonly hasStmt;
  private readonly putStmt;
  private readonly totalStmt;
  private readonly oldestStmt;
  private readonly deleteStmt;
  private readonly db: CacheDb;

  constructor(
    db: CacheDb,
    private readonly options: ReportMediaCacheOptions,
  ) {
    this.db = db;
    this.bases = mediaBasesOf(options.serverUrl, [...(options.publicBaseUrls ?? []), ...(options.serverBaseUrls ?? [])]);
    this.origin = new URL(options.serverUrl).origin;
    this.maxTotalBytes = options.maxTotalBytes ?? DEFAULT_REPORT_MEDIA_CACHE_BYTES;
    this.maxFileBytes = Math.min(options.maxFileBytes ?? MAX_REPORT_PHOTO_BYTES, this.maxTotalBytes);
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_PREFETCH_CONCURRENCY);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.getStmt = db.prepare<[string], PhotoRow>('SELECT name, content_type, size, fetched_at, bytes FROM report_media WHERE name = ?');
    this.hasStmt = db.prepare<[string], number>('SELECT 1 FROM report_media WHERE name = ?').pluck();
    this.putStmt = db.prepare<[string, string, number, string, Buffer]>(
      'INSERT OR REPLACE INTO report_media (name, content_type, size, fetched_at, bytes) VALUES (?, ?, ?, ?, ?)',
    );
    this.totalStmt = db.prepare<[], number>('SELECT COALESCE(SUM(size), 0) FROM report_media').pluck();
    this.oldestStmt = db.prepare<[string], { name: string; size: number }>('SELECT name, size FROM report_media WHERE name <> ? ORDER BY fetched_at, rowid');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM report_media WHERE name = ?');
  }

  /** The server's stored name when `url` is the server's own media; null when it is external. */
  nameOf(url: unknown): string | null {
    return serverMediaName(url, this.bases);
  }

  get(name: string): CachedPhoto | null {
    const row = this.getStmt.get(name);
    return row ? { name: row.name, contentType: row.content_type as ReportPhotoContentType, size: row.size, fetchedAt: row.fetched_at, bytes: row.bytes } : null;
  }

  has(name: string): boolean {
    return this.hasStmt.get(name) !== undefined;
  }

  totalBytes(): number {
    return this.totalStmt.get() ?? 0;
  }

  /** Stores checked bytes and evicts the oldest fetched others until the total fits the cap. */
  put(name: string, contentType: ReportPhotoContentType, bytes: Buffer): CachedPhoto {
    const fetchedAt = new Date(this.now()).toISOString();
    this.db.transaction(() => {
      this.putStmt.run(name, contentType, bytes.length, fetchedAt, bytes);
      let total = this.totalBytes();
      if (total <= this.maxTotalBytes) return;
      for (const old of this.oldestStmt.all(name)) {
        if (total <= this.maxTotalBytes) break;
        this.deleteStmt.run(old.name);
        total -= old.size;
      }
    })();
    return { name, contentType, size: bytes.length, fetchedAt, bytes };
  }

  /** A window's request: external URLs named back, the server's photos from the cache or fetched now. */
  async photo(url: string): Promise<Result<ReportPhotoPayload>> {
    const name = this.nameOf(url);
    if (name === null) return ok({ kind: 'external', url });
    const cached = this.get(name);
    const photo = cached ? ok(cached) : await this.loadNow(name);
    if (!photo.ok) return photo;
    const { contentType, bytes, size, fetchedAt } = photo.value;
    return ok({ kind: 'image', contentType, base64: bytes.toString('base64'), size, fetchedAt });
  }

  private async loadNow(name: string): Promise<Result<CachedPhoto>> {
    if (this.closed) return fail('unavailable', 'The workstation host is closing');
    if (this.options.isOffline()) return fail('unavailable', 'The photo is not on this workstation and the server is unreachable');
    return this.load(name);
  }

  /** Queues the missing photos of these reports (looked up later, off the caller's path); returns at once. */
  prefetchReports(reportIds: readonly string[]): void {
    if (this.closed) return;
    for (const id of reportIds) this.changedIds.add(id);
    if (this.collectTimer === null && this.changedIds.size > 0) {
      this.collectTimer = setTimeout(() => {
        this.collectTimer = null;
        this.collect();
      }, 0);
    }
  }

  /** True while background fetches are queued or running (for tests and tools). */
  busy(): boolean {
    return this.active > 0 || this.queue.length > 0 || this.collectTimer !== null || this.inflight.size > 0;
  }

  /**
   * The server's own word on where its photos are published (hello reply): URLs under
   * these are the server's, read by name from the server we sync with (never from them).
   */
  setServerBases(urls: readonly string[]): void {
    this.bases = mediaBasesOf(this.options.serverUrl, [...(this.options.publicBaseUrls ?? []), ...urls]);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.collectTimer !== null) clearTimeout(this.collectTimer);
    this.collectTimer = null;
    this.changedIds.clear();
    this.queue.length = 0;
    this.queued.clear();
    this.aborter.abort();
  }

  private collect(): void {
    const ids = [...this.changedIds];
    this.changedIds.clear();
    if (this.closed || this.options.isOffline()) return;
    try {
      const reports = ids.flatMap((id) => {
        const report = this.options.reports.get(id);
        return report && report.mediaUrls.length > 0 ? [report] : [];
      });
      // Newest reports first: they are the likeliest to be opened, and a full cache keeps the newest.
      reports.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
      for (const report of reports) {
        for (const url of report.mediaUrls) {
          const name = this.nameOf(url);
          if (name === null || this.queued.has(name) || this.inflight.has(name) || this.refused.has(name) || this.has(name)) continue;
          this.queue.push(name);
          this.queued.add(name);
        }
      }
    } catch (error) {
      this.log(`report photos: prefetch skipped (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.active < this.concurrency && this.queue.length > 0) {
      if (this.options.isOffline()) {
        // Gone offline meanwhile: the next change (or a window asking) tries again.
        this.queue.length = 0;
        this.queued.clear();
        break;
      }
      const name = this.queue.shift()!;
      this.queued.delete(name);
      if (this.has(name)) continue;
      this.active++;
      void this.load(name).then((result) => {
        this.active--;
        if (result.ok) {
          this.passBytes += result.value.size;
          if (this.passBytes > this.maxTotalBytes - this.maxFileBytes && this.queue.length > 0) {
            this.log(`report photos: cache full for this pass, ${this.queue.length} left to fetch on demand`);
            this.queue.length = 0;
            this.queued.clear();
          }
        }
        if (this.active === 0 && this.queue.length === 0) this.passBytes = 0;
        this.pump();
      });
    }
  }

  /** One fetch per name at a time; the checked bytes are stored before the promise settles. */
  private load(name: string): Promise<Result<CachedPhoto>> {
    const running = this.inflight.get(name);
    if (running) return running;
    const promise = this.fetchAndStore(name).finally(() => this.inflight.delete(name));
    this.inflight.set(name, promise);
    return promise;
  }

  private async fetchAndStore(name: string): Promise<Result<CachedPhoto>> {
    const url = new URL(`${SERVER_MEDIA_ROUTE}${name}`, this.origin);
    let fetched: FetchOutcome;
    try {
      fetched = await fetchBytes(url, this.maxFileBytes, this.fetchTimeoutMs, this.aborter.signal);
    } catch (error) {
      fetched = { ok: false, code: 'unavailable', message: error instanceof Error ? error.message : String(error), refused: false };
    }
    if (this.closed) return fail('unavailable', 'The workstation host is closing');
    if (!fetched.ok) {
      if (fetched.refused) this.refused.add(name);
      return fail(fetched.code, `Photo ${name}: ${fetched.message}`);
    }
    const type = sniffImageType(fetched.bytes);
    if (!type || !/^image\//i.test(fetched.contentType.trim())) {
      this.refused.add(name);
      return fail('bad-request', `Photo ${name}: the server's file is not a PNG, JPEG, WebP or GIF image`);
    }
    this.refused.delete(name);
    try {
      return ok(this.put(name, type, fetched.bytes));
    } catch (error) {
      return fail('internal', `Photo ${name}: not stored (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}
