import type { Agency } from '../../src-shared/model/dossier.js';
import type { DossierSummary, KpiCounts, KpiScope } from '../../src-shared/model/kpi.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { digestSubject, renderDigestHtml } from './digest-html.js';
import { isPlainAddress, sendSmtpMail, type SmtpOptions, type SmtpResult } from './digest-smtp.js';
import { postWebhook, type WebhookOptions, type WebhookResult } from './digest-webhook.js';

/** What the digest reads (KpiEngine fits). */
export interface DigestSource {
  listAgencies(): Agency[];
  hasAgency(agencyId: string): boolean;
  agencyName(agencyId: string): string;
  countsFor(agencyId: string): Record<KpiScope, KpiCounts>;
  openFlagged(agencyId: string, which: 'overdue' | 'at-risk', limit: number): { total: number; dossiers: DossierSummary[] };
}

export interface DigestSmtpConfig extends SmtpOptions {
  /** Recipients per agency id; an agency without any gets no mail. */
  recipients: Record<string, string[]>;
  /** Display name of the sender; default "Trung tâm Điều hành". */
  fromName?: string;
}

export interface DigestOptions {
  /** Daily run time, Vietnam local "HH:MM"; default "07:00". */
  dailyAt?: string;
  /** POST `{agencyId, agencyName, subject, html, generatedAt, overdue, atRisk, counts}` here. */
  webhook?: WebhookOptions;
  smtp?: DigestSmtpConfig;
  /** Only these agencies (default: every agency the engine knows; for SMTP, those with recipients). */
  agencyIds?: string[];
  /** Dossiers listed per section (overdue, at risk); the rest are counted. Default 100. */
  listLimit?: number;
  /** Shown in the footer, e.g. "Cổng dịch vụ công tỉnh Hậu Giang". */
  sourceName?: string;
}

export interface DigestDeps {
  source: DigestSource;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** Test seams. */
  sendMail?: typeof sendSmtpMail;
  post?: typeof postWebhook;
}

export interface Digest {
  agencyId: string;
  agencyName: string;
  subject: string;
  html: string;
  generatedAt: string;
  counts: Record<KpiScope, KpiCounts>;
  overdue: number;
  atRisk: number;
}

export interface DigestDelivery {
  agencyId: string;
  webhook?: { ok: true; result: WebhookResult } | { ok: false; error: string };
  smtp?: { ok: true; result: SmtpResult } | { ok: false; error: string };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const VN_OFFSET_MS = 7 * HOUR_MS;
export const DEFAULT_DIGEST_TIME = '07:00';
export const DEFAULT_DIGEST_LIST_LIMIT = 100;

/** Minutes after Vietnam midnight of "HH:MM" (00:00–23:59); null when malformed. */
export function parseDailyTime(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The first instant after `nowMs` that is `minutes` after a Vietnam midnight. */
export function nextDailyRunMs(nowMs: number, minutes: number): number {
  const dayStart = Math.floor((nowMs + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
  const today = dayStart + minutes * 60_000;
  return today > nowMs ? today : today + DAY_MS;
}

/** Checks a digest configuration; the failure names what is wrong. */
export function checkDigestOptions(options: DigestOptions): Result<DigestOptions> {
  if (options.dailyAt !== undefined && parseDailyTime(options.dailyAt) === null) return fail('bad-request', `digest dailyAt must be HH:MM (Vietnam time), got ${JSON.stringify(options.dailyAt)}`);
  if (options.webhook) {
    let url: URL;
    try {
      url = new URL(options.webhook.url);
    } catch {
      return fail('bad-request', `digest webhook URL is not a URL: ${JSON.stringify(options.webhook.url)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('bad-request', 'digest webhook URL must be http(s)');
  }
  if (options.smtp) {
    if (!options.smtp.host) return fail('bad-request', 'digest SMTP host is missing');
    if (!isPlainAddress(options.smtp.from)) return fail('bad-request', `digest SMTP sender is not an address: ${JSON.stringify(options.smtp.from)}`);
    for (const [agencyId, list] of Object.entries(options.smtp.recipients)) {
      for (const address of list) if (!isPlainAddress(address)) return fail('bad-request', `digest recipient of ${agencyId} is not an address: ${JSON.stringify(address)}`);
    }
  }
  return ok(options);
}

/**
 * The daily per-agency digest: `generate(agencyId)` on demand (the route), `deliver` to
 * the configured webhook and/or SMTP server, and `start()` to run every agency once a day
 * at `dailyAt` Vietnam time. A failed delivery is reported (onError) and not retried
 * until the next day, beyond the webhook's own retries.
 */
export class DigestService {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly minutes: number;
  private readonly now: () => number;
  private running: Promise<DigestDelivery[]> | null = null;

  constructor(
    private readonly deps: DigestDeps,
    private readonly options: DigestOptions = {},
  ) {
    const checked = checkDigestOptions(options);
    if (!checked.ok) throw new Error(checked.message);
    this.minutes = parseDailyTime(options.dailyAt ?? DEFAULT_DIGEST_TIME)!;
    this.now = deps.now ?? Date.now;
  }

  generate(agencyId: string): Result<Digest> {
    const { source } = this.deps;
    if (!source.hasAgency(agencyId)) return fail('not-found', `unknown agency ${agencyId}`);
    const limit = this.options.listLimit ?? DEFAULT_DIGEST_LIST_LIMIT;
    const generatedAtMs = this.now();
    const agencyName = source.agencyName(agencyId);
    const content = {
      agencyId,
      agencyName,
      generatedAtMs,
      counts: source.countsFor(agencyId),
      overdue: source.openFlagged(agencyId, 'overdue', limit),
      atRisk: source.openFlagged(agencyId, 'at-risk', limit),
      ...(this.options.sourceName ? { sourceName: this.options.sourceName } : {}),
    };
    return ok({
      agencyId,
      agencyName,
      subject: digestSubject(content),
      html: renderDigestHtml(content),
      generatedAt: new Date(generatedAtMs).toISOString(),
      counts: content.counts,
      overdue: content.overdue.total,
      atRisk: content.atRisk.total,
    });
  }

  /** Sends one agency's digest to every configured channel; never throws. */
  async deliver(agencyId: string): Promise<DigestDelivery> {
    const digest = this.generate(agencyId);
    const delivery: DigestDelivery = { agencyId };
    if (!digest.ok) {
      const error = digest.message;
      if (this.options.webhook) delivery.webhook = { ok: false, error };
      if (this.options.smtp) delivery.smtp = { ok: false, error };
      return delivery;
    }
    const d = digest.value;
    const tasks: Promise<void>[] = [];
    if (this.options.webhook) {
      const post = this.deps.post ?? postWebhook;
      tasks.push(
        post(this.options.webhook, {
          kind: 'vigil.kpi-digest',
          agencyId: d.agencyId,
          agencyName: d.agencyName,
          subject: d.subject,
          generatedAt: d.generatedAt,
          overdue: d.overdue,
          atRisk: d.atRisk,
          counts: d.counts,
          html: d.html,
        }).then(
          (result) => void (delivery.webhook = { ok: true, result }),
          (error: unknown) => void (delivery.webhook = { ok: false, error: messageOf(error) }),
        ),
      );
    }
    const smtp = this.options.smtp;
    const to = smtp?.recipients[agencyId] ?? [];
    if (smtp && to.length > 0) {
      const send = this.deps.sendMail ?? sendSmtpMail;
      tasks.push(
        send(smtp, { to, subject: d.subject, html: d.html, fromName: smtp.fromName ?? 'Trung tâm Điều hành' }).then(
          (result) => void (delivery.smtp = { ok: true, result }),
          (error: unknown) => void (delivery.smtp = { ok: false, error: messageOf(error) }),
        ),
      );
    }
    await Promise.all(tasks);
    for (const channel of [delivery.webhook, delivery.smtp]) {
      if (channel && !channel.ok) this.deps.onError?.(new Error(`digest for ${agencyId}: ${channel.error}`));
    }
    return delivery;
  }

  /** The agencies a daily run covers. */
  recipients(): string[] {
    const known = this.deps.source.listAgencies().map((a) => a.id);
    const chosen = this.options.agencyIds ?? known;
    if (this.options.webhook) return chosen.filter((id) => this.deps.source.hasAgency(id));
    const smtp = this.options.smtp;
    return smtp ? chosen.filter((id) => (smtp.recipients[id]?.length ?? 0) > 0 && this.deps.source.hasAgency(id)) : [];
  }

  /** One daily run now: every covered agency, one after the other (one SMTP connection at a time). */
  runNow(): Promise<DigestDelivery[]> {
    this.running ??= (async () => {
      const results: DigestDelivery[] = [];
      try {
        for (const agencyId of this.recipients()) results.push(await this.deliver(agencyId));
      } finally {
        this.running = null;
      }
      return results;
    })();
    return this.running;
  }

  /** When the next daily run is due (epoch ms). */
  nextRunMs(nowMs: number = this.now()): number {
    return nextDailyRunMs(nowMs, this.minutes);
  }

  start(): void {
    if (this.timer || (!this.options.webhook && !this.options.smtp)) return;
    const arm = () => {
      const wait = Math.max(1000, this.nextRunMs() - this.now());
      this.timer = setTimeout(() => {
        this.runNow()
          .catch((error: unknown) => this.deps.onError?.(error))
          .finally(() => {
            if (this.timer) arm();
          });
      }, wait);
      this.timer.unref?.();
    };
    arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
