import { z } from 'zod';
import { InstantSchema, type Dossier } from '../../src-shared/model/dossier.js';
import type { ConnectorHealth } from '../../src-shared/model/kpi.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { describeFetchError } from '../cameras/camera-health-checker.js';
import type { ConnectorState, DossierRepository } from '../store/dossier-repository.js';
import { DATE_FORMATS, FieldMappingSchema, formatDate, mapRecord, type FieldMapping, type MappedRecord } from './field-mapping.js';

/**
 * Mirrors a portal's dossiers by polling an HTTP JSON API incrementally:
 *
 *   GET <baseUrl><path>?updated_since=<watermark>&limit=<pageSize>
 *
 * The portal must answer with the records changed at or after `updated_since`, oldest
 * change first. The watermark is the newest updatedAt seen; it is stored in the same
 * transaction as the page's dossiers, so a restart resumes exactly there: nothing skipped,
 * and the records at the watermark that are read again (the parameter is inclusive, because
 * portals stamp changes to the second) are recognised by the upsert as already stored.
 */

export const MAX_RECENT_SKIPS = 20;

/** The portal's answer is read at most this far; a runaway answer must not eat the server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A full page whose records all sit at the watermark cannot advance it: the page grows to this, then the poll fails. */
const MAX_STALL_PAGE_SIZE = 10_000;

const ConnectorIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a connector id is 1–64 letters, digits, _ or -, starting with a letter or digit');

/** A mapping given by id (from the config's `mappings`), inline, or already loaded. */
export const MappingRefSchema = z.unknown().transform((raw, ctx): string | FieldMapping => {
  if (typeof raw === 'string') {
    if (raw.trim() !== '') return raw.trim();
    ctx.addIssue({ code: 'custom', message: 'a mapping id must not be empty', input: raw });
    return z.NEVER;
  }
  if (isFieldMapping(raw)) return raw;
  const parsed = FieldMappingSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[], input: raw });
  return z.NEVER;
});

/** A FieldMapping already compiled (passing a parsed config back in must not parse it twice). */
export function isFieldMapping(value: unknown): value is FieldMapping {
  return typeof value === 'object' && value !== null && (value as { rules?: unknown }).rules instanceof Map;
}

export const ConnectorConfigSchema = z.strictObject({
  id: ConnectorIdSchema,
  name: z.string().trim().min(1).max(200),
  kind: z.literal('http-json').default('http-json'),
  baseUrl: z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^/]/i.test(s) && URL.canParse(s), 'baseUrl must be an http(s) URL, e.g. https://dichvucong.example.gov.vn')
    .transform((s) => s.replace(/\/+$/, '')),
  path: z.string().trim().startsWith('/', 'path starts with /').default('/'),
  params: z
    .strictObject({
      /** Name of the updated-since query parameter. */
      updatedSince: z.string().trim().min(1).default('updated_since'),
      /** Name of the page-size query parameter. */
      limit: z.string().trim().min(1).default('limit'),
      /** How the watermark is written in the query. */
      watermarkFormat: z.enum(DATE_FORMATS).default('iso'),
      /** Fixed query parameters (an API version, a unit filter). */
      extra: z.record(z.string(), z.string()).default({}),
    })
    .default({ updatedSince: 'updated_since', limit: 'limit', watermarkFormat: 'iso', extra: {} }),
  pageSize: z.int().min(1).max(5000).default(500),
  /** Where the list of records is in the answer ("data", "result.items"); empty: the answer is the list. */
  recordsPath: z.string().trim().default(''),
  mapping: MappingRefSchema,
  /** Pause between successful polls. */
  intervalMs: z.int().min(10).default(60_000),
  /** One request (headers and body) gives up after this. */
  timeoutMs: z.int().min(10).max(600_000).default(15_000),
  /** The board calls the figures stale when no poll succeeded for this long. */
  staleAfterMs: z.int().min(1000).default(15 * 60_000),
  /** Sent with every request (e.g. Authorization); never logged nor shown. */
  headers: z.record(z.string(), z.string()).default({}),
  maxResponseBytes: z.int().min(1024).max(256 * 1024 * 1024).default(DEFAULT_MAX_RESPONSE_BYTES),
  /** Retry delays after failures: initialMs doubling per failure up to maxMs, with jitter. */
  backoff: z
    .strictObject({ initialMs: z.int().min(1).default(1000), maxMs: z.int().min(1).default(300_000) })
    .refine((b) => b.maxMs >= b.initialMs, 'backoff.maxMs must be at least initialMs')
    .default({ initialMs: 1000, maxMs: 300_000 }),
  /** Where the very first poll starts (e.g. the start of the year); omitted: from the portal's beginning. */
  initialWatermark: InstantSchema.transform((s) => new Date(s).toISOString()).optional(),
  /** A poll stops after this many pages (its pages are committed) and the next one starts at once. */
  maxPagesPerPoll: z.int().min(1).default(1000),
});
export type ConnectorConfigInput = z.input<typeof ConnectorConfigSchema>;
export type ConnectorConfig = z.output<typeof ConnectorConfigSchema>;
/** A connector whose mapping reference has been resolved. */
export type ResolvedConnectorConfig = Omit<ConnectorConfig, 'mapping'> & { mapping: FieldMapping };

/**
 * The delay before retry number `failures` (1 = after the first failure): initialMs doubling
 * per failure, capped at maxMs, then "equal jitter" (between half and all of it) so a fleet
 * of servers restarted together does not hammer the portal in step. Never shorter than the
 * previous failure's longest delay, so the backoff visibly grows.
 */
export function backoffDelayMs(failures: number, backoff: { initialMs: number; maxMs: number }, random: () => number): number {
  const exponent = Math.min(Math.max(0, failures - 1), 40);
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
  return Math.round(base / 2 + random() * (base / 2));
}

export function emptyHealth(id: string, name: string, kind: ConnectorHealth['kind']): ConnectorHealth {
  return {
    id,
    name,
    kind,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lagMs: null,
    watermark: null,
    consecutiveFailures: 0,
    nextAttemptAt: null,
    lastError: null,
    recordsIngested: 0,
    recordsSkipped: 0,
    recentSkips: [],
  };
}

/** What one poll did. */
export interface PollReport {
  pages: number;
  /** Records the portal served (re-reads at the watermark included). */
  received: number;
  /** Dossiers inserted or changed. */
  ingested: number;
  /** Valid records that were already stored as they are (re-deliveries, or older than stored). */
  unchanged: number;
  /** Records that did not map (reported in health.recentSkips). */
  skipped: number;
  watermark: string | null;
}

export type PortalLog = (level: 'info' | 'warn' | 'error', message: string) => void;
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpJsonConnectorDeps {
  repository: DossierRepository;
  /** Called after each committed page with the dossiers it inserted or changed. */
  onChanged?: (dossiers: Dossier[]) => void;
  now?: () => number;
  log?: PortalLog;
  /** Backoff jitter; default Math.random. */
  random?: () => number;
  fetch?: FetchLike;
}

/** Why a request failed, in words for the board (never the request's headers). */
class PortalRequestError extends Error {}

/** A page's records, mapped, and the state they move the connector to. */
interface PagePlan {
  dossiers: Dossier[];
  skips: Extract<MappedRecord, { ok: false }>[];
  /** Skips not counted before (re-reads at the watermark are not new). */
  newSkips: Extract<MappedRecord, { ok: false }>[];
  watermark: string | null;
  skippedAtMark: string[];
}

function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * One portal connector: a poll on demand, or on its own schedule (every intervalMs after a
 * success, after a growing backoff after a failure). Polls never overlap. Never throws:
 * failures land in its health and in the returned Result.
 */
export class HttpJsonConnector {
  private state: ConnectorState;
  private readonly stopController = new AbortController();
  private running: Promise<Result<PollReport>> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private stopped = false;

  constructor(
    readonly config: ResolvedConnectorConfig,
    private readonly deps: HttpJsonConnectorDeps,
  ) {
    const stored = deps.repository.connectorState(config.id);
    this.state = stored
      ? { ...stored, health: { ...stored.health, name: config.name, nextAttemptAt: null } }
      : { id: config.id, kind: 'http-json', watermark: config.initialWatermark ?? null, health: emptyHealth(config.id, config.name, 'http-json'), skippedAtMark: [] };
    this.state.health.watermark = this.state.watermark;
  }

  get id(): string {
    return this.config.id;
  }

  /** Polls now and then on schedule. */
  start(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    this.scheduleIn(0);
  }

  /** Stops the schedule, aborts a request in flight and waits for the poll to end; nothing is written after. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduled = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopController.abort();
    await this.running;
  }

  health(): ConnectorHealth {
    const health = structuredClone(this.state.health);
    health.watermark = this.state.watermark;
    health.lagMs = this.state.watermark === null ? null : Math.max(0, this.now() - Date.parse(this.state.watermark));
    return health;
  }

  /** One poll now (all pages until caught up); a poll already running is joined, not doubled. */
  pollNow(): Promise<Result<PollReport>> {
    if (this.stopped) return Promise.resolve(fail('unavailable', `connector ${this.id} is stopped`));
    this.running ??= this.poll().finally(() => {
      this.running = null;
      if (this.scheduled && !this.stopped) this.scheduleAt(Date.parse(this.state.health.nextAttemptAt ?? new Date(this.now()).toISOString()));
    });
    return this.running;
  }

  private scheduleAt(atMs: number): void {
    this.scheduleIn(Math.max(0, atMs - this.now()));
  }

  private scheduleIn(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pollNow();
    }, delayMs);
    // The server's listeners keep the process alive; a forgotten connector must not.
    this.timer.unref();
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private iso(ms: number = this.now()): string {
    return new Date(ms).toISOString();
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    try {
      this.deps.log?.(level, `[portal ${this.id}] ${message}`);
    } catch {
      // Logging must never break a poll.
    }
  }

  private async poll(): Promise<Result<PollReport>> {
    const report: PollReport = { pages: 0, received: 0, ingested: 0, unchanged: 0, skipped: 0, watermark: this.state.watermark };
    this.state.health.lastAttemptAt = this.iso();
    let limit = this.config.pageSize;
    let caughtUp = false;
    try {
      for (let page = 1; page <= this.config.maxPagesPerPoll; page++) {
        const since = this.state.watermark;
        const records = await this.fetchPage(since, limit);
        if (this.stopped) return fail('unavailable', `connector ${this.id} stopped during a poll`);
        report.pages++;
        report.received += records.length;
        const plan = this.planPage(records, page);
        const summary = this.commitPage(plan);
        report.ingested += summary.changed.length;
        report.unchanged += summary.unchanged;
        report.skipped += plan.newSkips.length;
        report.watermark = plan.watermark;
        if (summary.changed.length > 0) this.notify(summary.changed);
        if (records.length < limit) {
          caughtUp = true; // a short page
          break;
        }
        if (plan.watermark === since) {
          // A full page, all at the watermark: asking again from there would return the same page.
          if (limit >= MAX_STALL_PAGE_SIZE) {
            throw new PortalRequestError(`more than ${limit} records share updatedAt ${since}; the portal cannot be paged past them`);
          }
          limit = Math.min(MAX_STALL_PAGE_SIZE, limit * 2);
          continue;
        }
        limit = this.config.pageSize;
      }
    } catch (error) {
      if (this.stopped) return fail('unavailable', `connector ${this.id} stopped during a poll`);
      return this.recordFailure(error);
    }
    const at = this.now();
    const health = this.state.health;
    health.lastSuccessAt = this.iso(at);
    health.consecutiveFailures = 0;
    // Stopped at maxPagesPerPoll with more to read: go on at once rather than an interval later.
    health.nextAttemptAt = this.iso(caughtUp ? at + this.config.intervalMs : at);
    this.trySaveState();
    if (report.ingested > 0 || report.skipped > 0) {
      this.log('info', `${report.ingested} dossiers ingested, ${report.skipped} skipped in ${report.pages} page(s); watermark ${report.watermark}`);
    }
    return ok(report);
  }

  private recordFailure(error: unknown): Result<PollReport> {
    const message = error instanceof PortalRequestError ? error.message : describeFetchError(error, this.config.timeoutMs);
    const at = this.now();
    const health = this.state.health;
    health.consecutiveFailures++;
    health.lastError = { at: this.iso(at), message };
    const delay = backoffDelayMs(health.consecutiveFailures, this.config.backoff, this.deps.random ?? Math.random);
    health.nextAttemptAt = this.iso(at + delay);
    this.trySaveState();
    this.log('warn', `poll failed (${health.consecutiveFailures} in a row): ${message}; next try in ${Math.round(delay / 1000)} s`);
    return fail('unavailable', `portal ${this.config.name}: ${message}`, { connectorId: this.id, consecutiveFailures: health.consecutiveFailures });
  }

  /** Saves health between pages; the watermark itself is only ever saved with its page (commitPage). */
  private trySaveState(): void {
    try {
      this.deps.repository.saveConnectorState({ ...this.state, health: { ...this.state.health, watermark: this.state.watermark } }, this.iso());
    } catch (error) {
      this.log('error', `could not save its state: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private notify(changed: Dossier[]): void {
    try {
      this.deps.onChanged?.(changed);
    } catch (error) {
      // A listener's failure must not undo or hide a committed page.
      this.log('error', `onChanged failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private pageUrl(since: string | null, limit: number): string {
    const { params } = this.config;
    const url = new URL(`${this.config.baseUrl}${this.config.path}`);
    for (const [name, value] of Object.entries(params.extra)) url.searchParams.set(name, value);
    if (since !== null) url.searchParams.set(params.updatedSince, formatDate(since, params.watermarkFormat));
    url.searchParams.set(params.limit, String(limit));
    return url.toString();
  }

  /** One page's records; throws PortalRequestError (or a fetch error) with an operator-readable message. */
  private async fetchPage(since: string | null, limit: number): Promise<unknown[]> {
    const url = this.pageUrl(since, limit);
    const controller = new AbortController();
    const timeout = new DOMException(`timed out after ${this.config.timeoutMs} ms`, 'TimeoutError');
    // The timer covers the whole exchange, body included: a portal that trickles bytes is as stuck as one that never answers.
    const timer = setTimeout(() => controller.abort(timeout), this.config.timeoutMs);
    const onStop = (): void => controller.abort(new DOMException('connector stopped', 'AbortError'));
    this.stopController.signal.addEventListener('abort', onStop);
    try {
      const doFetch = this.deps.fetch ?? fetch;
      const response = await doFetch(url, {
        signal: controller.signal,
        // A redirect could carry the Authorization header elsewhere; a portal API has no reason to send one.
        redirect: 'error',
        headers: { accept: 'application/json', ...this.config.headers },
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new PortalRequestError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
      }
      const text = await readCapped(response, this.config.maxResponseBytes);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new PortalRequestError(`the answer is not JSON (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'})`);
      }
      const path = this.config.recordsPath;
      const records = path === '' ? json : readDotted(json, path);
      if (!Array.isArray(records)) {
        throw new PortalRequestError(`the answer has no list of records at ${path === '' ? 'its root' : `"${path}"`}`);
      }
      return records;
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === timeout) throw new PortalRequestError(timeout.message);
      throw error;
    } finally {
      clearTimeout(timer);
      this.stopController.signal.removeEventListener('abort', onStop);
    }
  }

  private planPage(records: readonly unknown[], page: number): PagePlan {
    const since = this.state.watermark;
    const dossiers: Dossier[] = [];
    const skips: PagePlan['skips'] = [];
    let watermark = since;
    records.forEach((record, i) => {
      const mapped = mapRecord(this.config.mapping, record, this.id, `#${i + 1} of page ${page}`);
      if (mapped.ok) {
        dossiers.push(mapped.dossier);
        watermark = laterOf(watermark, mapped.dossier.updatedAt);
      } else {
        skips.push(mapped);
        // A bad record with a readable updatedAt still moves the watermark: otherwise it is re-read forever.
        watermark = laterOf(watermark, mapped.updatedAt);
      }
    });
    const seen = new Set(watermark === since ? this.state.skippedAtMark : []);
    const skipId = (s: PagePlan['skips'][number]): string => `${s.recordKey}|${s.updatedAt ?? ''}`;
    const newSkips = skips.filter((s) => !(s.updatedAt !== null && s.updatedAt === since && this.state.skippedAtMark.includes(skipId(s))));
    for (const s of skips) if (s.updatedAt !== null && s.updatedAt === watermark) seen.add(skipId(s));
    return { dossiers, skips, newSkips, watermark, skippedAtMark: [...seen].slice(-1000) };
  }

  /** Stores the page's dossiers and the state they lead to in one transaction; the in-memory state follows only after it commits. */
  private commitPage(plan: PagePlan): { changed: Dossier[]; unchanged: number } {
    const at = this.iso();
    const health: ConnectorHealth = structuredClone(this.state.health);
    const next: ConnectorState = { ...this.state, watermark: plan.watermark, skippedAtMark: plan.skippedAtMark, health };
    health.watermark = plan.watermark;
    health.recordsSkipped += plan.newSkips.length;
    const fresh = plan.newSkips.map((s) => ({ at, recordKey: s.recordKey, reason: s.reason })).reverse();
    health.recentSkips = [...fresh, ...health.recentSkips].slice(0, MAX_RECENT_SKIPS);
    for (const s of plan.newSkips) this.log('warn', `record ${s.recordKey} skipped: ${s.reason}`);
    const summary = this.deps.repository.transaction(() => {
      const result = this.deps.repository.upsertMany(plan.dossiers);
      health.recordsIngested += result.changed.length;
      this.deps.repository.saveConnectorState(next, at);
      return result;
    });
    this.state = next;
    return summary;
  }
}

function readDotted(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The body as UTF-8 text, refusing one larger than `maxBytes` (by its Content-Length or as it streams). */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new PortalRequestError(`the answer is larger than ${maxBytes} bytes`);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PortalRequestError(`the answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
