import type { KpiBoardView, KpiChanged, KpiCsvExport, KpiDrillView, KpiPdfExport, KpiPdfSubject } from '../../../src-shared/desktop-api.js';
import type { KpiFigureRef } from '../../../src-shared/model/kpi.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { loadPdfFont, pdfFontCandidates, type LoadedPdfFont } from '../pdf/pdf-font.js';
import type { CachedBoard, KpiCache } from './kpi-cache.js';
import { figureQuery, kpiGet, type KpiFetchOutcome } from './kpi-client.js';
import { kpiCsvText } from '../../../src-shared/model/kpi-csv.js';
import { filenameFromDisposition, kpiExportFilename } from './kpi-csv.js';
import { boardPdf, dossierListPdf } from './kpi-pdf.js';
import { BoardReplySchema, DrillReplySchema } from './kpi-reply-schemas.js';

export const DEFAULT_KPI_POLL_MS = 10_000;
export const DEFAULT_KPI_TIMEOUT_MS = 8_000;
/** A window's `board()` fetches first when the copy is older than this (and the server is reachable). */
export const DEFAULT_KPI_FRESH_MS = 3_000;
/** How many dossiers one drill-down asks for (the server caps at 5000; the total is always exact). */
export const DEFAULT_KPI_DRILL_LIMIT = 1_000;
const MAX_BOARD_BYTES = 16 * 1024 * 1024;
const MAX_DRILL_BYTES = 32 * 1024 * 1024;
/** A CSV export crosses the window bridge as one message: beyond this it is refused with the reason. */
const MAX_CSV_BYTES = 48 * 1024 * 1024;

export interface KpiServiceOptions {
  serverUrl: string;
  cache: KpiCache;
  /** The signed-in session's token; null without a session (or before an offline login got one). */
  token(): string | null;
  /** True while the sync link is up: only then is the server asked (an outage answers from the cache at once). */
  isOnline(): boolean;
  /** A new board arrived, or the board turned into (or out of) the cached copy. */
  onChanged(change: KpiChanged): void;
  pollMs?: number;
  timeoutMs?: number;
  freshMs?: number;
  drillLimit?: number;
  /** Font files to try for PDFs (default: DEFAULT_PDF_FONT_FILES; VIGIL_PDF_FONT first). */
  pdfFontFiles?: readonly string[];
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * The KPI board on the workstation: once a window has asked for it, while someone is
 * signed in and the sync link is up, it fetches the server's board every `pollMs` (and
 * when a window asks for a stale copy), keeps the last one in cache.db with the time it was fetched, and keeps the dossier
 * lists of recently opened figures there too. Through an outage, and after a restart,
 * windows get the last known board marked `fromCache`, and drill-downs and CSV exports
 * answer from the cached lists. Requests are plain HTTP with deadlines (AbortController),
 * never on the sync engine's path; a failure only marks the board as the cached copy.
 */
export class KpiService {
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly freshMs: number;
  private readonly drillLimit: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private readonly aborter = new AbortController();
  private current: CachedBoard | null;
  /** The last board request succeeded and the link has not dropped since. */
  private live = false;
  private lastError: string | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastPushed: string;
  private wasOnline = false;
  private font: Promise<LoadedPdfFont | { error: string }> | null = null;

  constructor(private readonly o: KpiServiceOptions) {
    this.pollMs = Math.max(250, o.pollMs ?? DEFAULT_KPI_POLL_MS);
    this.timeoutMs = o.timeoutMs ?? DEFAULT_KPI_TIMEOUT_MS;
    this.freshMs = o.freshMs ?? DEFAULT_KPI_FRESH_MS;
    this.drillLimit = o.drillLimit ?? DEFAULT_KPI_DRILL_LIMIT;
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => {});
    this.current = o.cache.board();
    this.lastPushed = this.changeKey();
  }

  /**
   * Starts the poll (idempotent). Called when a window first asks for the board or a
   * figure: a workstation that shows no KPI window never polls or writes the board.
   */
  start(): void {
    if (this.timer || this.aborter.signal.aborted) return;
    this.timer = setInterval(() => {
      if (this.canFetch()) void this.refresh();
    }, this.pollMs);
    this.timer.unref?.();
    this.connectionChanged();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.aborter.abort(new Error('closed'));
  }

  /** The sync link or the session changed: fetch at once when it came up, show the cached copy when it went down. */
  connectionChanged(): void {
    if (this.aborter.signal.aborted) return;
    const online = this.o.isOnline();
    if (!online) this.live = false;
    const cameUp = online && !this.wasOnline;
    this.wasOnline = online;
    if (cameUp && this.canFetch()) void this.refresh();
    this.pushIfChanged();
  }

  private canFetch(): boolean {
    return !this.aborter.signal.aborted && this.o.isOnline() && this.o.token() !== null;
  }

  /** Fetches the board now (a fetch already under way is joined). Never throws. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.timer) return Promise.resolve();
    const token = this.o.token();
    if (!token || !this.canFetch()) return Promise.resolve();
    const run = this.fetchBoard(token)
      .catch((error: unknown) => {
        this.live = false;
        this.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        if (this.inFlight === run) this.inFlight = null;
        this.pushIfChanged();
      });
    this.inFlight = run;
    return run;
  }

  private async fetchBoard(token: string): Promise<void> {
    const outcome = await this.get('/api/kpi/board', token, MAX_BOARD_BYTES);
    if (this.aborter.signal.aborted) return;
    if (outcome.kind !== 'ok') {
      this.live = false;
      this.lastError = outcome.message;
      return;
    }
    const parsed = BoardReplySchema.safeParse(parseJson(outcome.body));
    if (!parsed.success) {
      this.live = false;
      this.lastError = 'malformed KPI board from the server';
      this.log(`kpi: ${this.lastError}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const fetchedAt = new Date(this.now()).toISOString();
    this.current = { board: parsed.data, fetchedAt };
    this.o.cache.putBoard(parsed.data, fetchedAt);
    // The link may have dropped while the answer travelled: then this is already the cached copy.
    this.live = this.o.isOnline();
    this.lastError = null;
  }

  private get(path: string, token: string, maxBytes: number): Promise<KpiFetchOutcome> {
    return kpiGet({ serverUrl: this.o.serverUrl, path, token, timeoutMs: this.timeoutMs, maxBytes, signal: this.aborter.signal });
  }

  private changeKey(): string {
    return JSON.stringify([this.current?.board.generatedAt ?? null, this.current?.fetchedAt ?? null, this.fromCache()]);
  }

  private fromCache(): boolean {
    return !(this.live && this.o.isOnline());
  }

  private pushIfChanged(): void {
    if (this.aborter.signal.aborted) return;
    const key = this.changeKey();
    if (key === this.lastPushed) return;
    this.lastPushed = key;
    try {
      this.o.onChanged({ generatedAt: this.current?.board.generatedAt ?? null, fetchedAt: this.current?.fetchedAt ?? null, fromCache: this.fromCache() });
    } catch {
      // a listener's failure is not the board's
    }
  }

  /** The board as windows see it, without asking the server. */
  view(): KpiBoardView {
    const fromCache = this.fromCache();
    const lastError = this.lastError ?? (fromCache && !this.o.isOnline() ? 'The server is unreachable' : null);
    return { board: this.current?.board ?? null, fetchedAt: this.current?.fetchedAt ?? null, fromCache, lastError };
  }

  /**
   * The board for a window. When the server is reachable and the copy is not fresh a fetch
   * starts; the window waits for it only when there is no board at all (otherwise it gets
   * the copy now and the new board with the onDidChange that follows).
   */
  async board(): Promise<KpiBoardView> {
    this.start();
    const age = this.current ? this.now() - Date.parse(this.current.fetchedAt) : Infinity;
    if (this.canFetch() && (!this.live || !(age < this.freshMs))) {
      const fetching = this.refresh();
      if (!this.current) await fetching;
    }
    return this.view();
  }

  /** The dossiers behind a figure: from the server when reachable (and cached), else the cached list, else 'unavailable'. */
  async drill(ref: KpiFigureRef): Promise<Result<KpiDrillView>> {
    this.start();
    const token = this.o.token();
    let reason = 'the server is unreachable';
    if (token && this.canFetch()) {
      const outcome = await this.get(`/api/kpi/dossiers?${figureQuery(ref, { limit: String(this.drillLimit) })}`, token, MAX_DRILL_BYTES);
      if (outcome.kind === 'refused') return fail(outcome.code, outcome.message);
      if (outcome.kind === 'ok') {
        const parsed = DrillReplySchema.safeParse(parseJson(outcome.body));
        if (parsed.success) {
          const fetchedAt = new Date(this.now()).toISOString();
          this.o.cache.putDrill(ref, parsed.data, fetchedAt);
          return ok({ ...parsed.data, fetchedAt, fromCache: false });
        }
        reason = 'the server sent a malformed dossier list';
      } else {
        reason = `the server is unreachable (${outcome.message})`;
      }
    }
    const cached = this.o.cache.drill(ref);
    if (cached) return ok({ ...cached.result, fetchedAt: cached.fetchedAt, fromCache: true });
    return fail('unavailable', `The dossiers behind this figure cannot be shown: ${reason}, and this workstation has not fetched them before`);
  }

  /** CSV of a figure's dossiers: the server's export, or offline the cached list when it is complete. */
  async exportCsv(ref: KpiFigureRef): Promise<Result<KpiCsvExport>> {
    const token = this.o.token();
    let reason = 'the server is unreachable';
    if (token && this.canFetch()) {
      const outcome = await this.get(`/api/kpi/export.csv?${figureQuery(ref)}`, token, MAX_CSV_BYTES);
      if (outcome.kind === 'refused') return fail(outcome.code, outcome.message);
      if (outcome.kind === 'ok') {
        const filename = filenameFromDisposition(outcome.headers['content-disposition']) ?? kpiExportFilename(ref, this.now(), 'csv');
        return ok({ filename, text: outcome.body.toString('utf8') });
      }
      reason = `the server is unreachable (${outcome.message})`;
    }
    const cached = this.o.cache.drill(ref);
    if (!cached) return fail('unavailable', `No CSV: ${reason}, and this workstation has no list of this figure's dossiers (open the figure once while online)`);
    const { total, dossiers, generatedAt } = cached.result;
    if (dossiers.length < total) {
      return fail('unavailable', `No CSV: ${reason}, and this workstation holds only ${dossiers.length} of the ${total} dossiers of this figure`);
    }
    return ok({ filename: kpiExportFilename(ref, Date.parse(generatedAt) || this.now(), 'csv'), text: kpiCsvText(dossiers) });
  }

  /** A PDF of the board's figures or of a figure's dossiers (online or from the cache, like the screen). */
  async exportPdf(subject: KpiPdfSubject): Promise<Result<KpiPdfExport>> {
    const font = await this.pdfFont();
    if ('error' in font) return fail('unavailable', font.error);
    const nowMs = this.now();
    if (subject === 'board') {
      const view = this.view();
      if (!view.board) return fail('unavailable', 'No KPI board on this workstation yet: the server has not been reached since it was installed');
      return ok({ filename: kpiExportFilename('board', nowMs, 'pdf'), base64: (await boardPdf(font.font, view, nowMs)).toString('base64') });
    }
    const drill = await this.drill(subject);
    if (!drill.ok) return drill;
    return ok({ filename: kpiExportFilename(subject, nowMs, 'pdf'), base64: (await dossierListPdf(font.font, drill.value, this.agencyNames(), nowMs)).toString('base64') });
  }

  private agencyNames(): Map<string, string> {
    const names = new Map<string, string>();
    const board = this.current?.board;
    if (!board) return names;
    for (const a of board.byAgency) names.set(a.agencyId, a.name);
    for (const a of board.ranking) if (!names.has(a.agencyId)) names.set(a.agencyId, a.name);
    for (const a of board.overdueByAgency) if (!names.has(a.agencyId)) names.set(a.agencyId, a.name);
    return names;
  }

  private async pdfFont(): Promise<LoadedPdfFont | { error: string }> {
    this.font ??= loadPdfFont(pdfFontCandidates(this.o.pdfFontFiles));
    const loaded = await this.font;
    if ('error' in loaded) this.font = null; // a font installed later is found on the next export
    return loaded;
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
