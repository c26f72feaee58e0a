import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../server/portal/digest-html.js';
import { DigestService, checkDigestOptions, nextDailyRunMs, parseDailyTime } from '../../../server/portal/digest-service.js';
import type { sendSmtpMail } from '../../../server/portal/digest-smtp.js';
import type { postWebhook } from '../../../server/portal/digest-webhook.js';
import { KpiEngine } from '../../../server/portal/kpi-engine.js';
import type { Agency } from '../../../src-shared/model/dossier.js';
import { DEFAULT_WORKING_CALENDAR } from '../../../src-shared/model/working-calendar.js';
import { testDossier } from './support/dossier-fixtures.js';

const HOSTILE = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
const AGENCIES: Agency[] = [
  { id: 'so-tnmt', name: 'Sở Tài nguyên & Môi trường "TNMT"', shortName: 'TNMT' },
  { id: 'so-tp', name: 'Sở Tư pháp', shortName: 'STP' },
];

const dossier = testDossier;

/** Now: Wednesday 11 Feb 2026 09:00 in Vietnam. */
const NOW = Date.parse('2026-02-11T09:00:00+07:00');

function setUp() {
  const engine = new KpiEngine({ calendar: DEFAULT_WORKING_CALENDAR, atRiskWorkingHours: 24, now: () => NOW });
  engine.load(
    [
      dossier({ code: 'OD-1', procedure: { code: 'TT-X', name: HOSTILE, field: 'Đất <đai>', level: 'none' } }), // overdue since 10 Feb 17:00
      dossier({ code: 'OD-2', dueAt: '2026-02-05T17:00:00+07:00' }), // more overdue
      dossier({ code: 'AR-1', dueAt: '2026-02-11T17:00:00+07:00' }), // 8 working hours left
      dossier({ code: 'IT-1', dueAt: '2026-02-27T17:00:00+07:00' }), // in time
      dossier({ code: 'OT-1', status: 'completed', completedAt: '2026-02-11T08:00:00+07:00', dueAt: '2026-02-12T17:00:00+07:00' }),
      dossier({ code: 'OTHER-1', handlingAgencyId: 'so-tp' }), // overdue, another agency
    ],
    AGENCIES,
  );
  return engine;
}

describe('daily digest', () => {
  it('lists the agency’s overdue and at-risk dossiers and its figures, escaping hostile text', () => {
    const service = new DigestService({ source: setUp(), now: () => NOW });
    const digest = service.generate('so-tnmt');
    if (!digest.ok) throw new Error(digest.message);
    const { html, subject } = digest.value;
    expect(subject).toBe('Báo cáo hồ sơ ngày 11/02/2026 – Sở Tài nguyên & Môi trường "TNMT": 2 quá hạn, 1 sắp đến hạn');
    expect(digest.value).toMatchObject({ overdue: 2, atRisk: 1, agencyId: 'so-tnmt' });
    // No script, no event handler, no external resource; the hostile text is shown, escaped.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i); // no tag carries an event handler
    expect(html).not.toMatch(/<[a-z][^>]*\b(src|href)\s*=/i);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(html).toContain('Đất &lt;đai&gt;');
    expect(html).toContain('Sở Tài nguyên &amp; Môi trường &quot;TNMT&quot;');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    // The right dossiers, most overdue first; nothing of other agencies or in-time/completed ones.
    const codes = [...html.matchAll(/<td style="[^"]*white-space:nowrap;">([A-Z]+-\d)<\/td>/g)].map((m) => m[1]);
    expect(codes).toEqual(['OD-2', 'OD-1', 'AR-1']);
    expect(html).not.toContain('OTHER-1');
    expect(html).not.toContain('IT-1');
    expect(html).toContain('Hồ sơ quá hạn (2)');
    expect(html).toContain('Hồ sơ sắp đến hạn (1)');
    // Figures: today one completed on time (100%), received this month 5 (the agency's).
    expect(html).toMatch(/Giải quyết đúng hạn<\/th><td[^>]*>1<\/td><td[^>]*>1<\/td><td[^>]*>1<\/td>/);
    expect(html).toMatch(/Tiếp nhận<\/th><td[^>]*>0<\/td><td[^>]*>5<\/td><td[^>]*>5<\/td>/);
    expect(html).toMatch(/Tỉ lệ đúng hạn<\/th><td[^>]*>100%<\/td>/);
    // AR-1 has 8 working hours left (due 17:00 today).
    expect(html).toMatch(/AR-1<\/td>(?:.|\n)*?>8<\/td>/);
  });

  it('counts what it does not list', () => {
    const engine = new KpiEngine({ calendar: DEFAULT_WORKING_CALENDAR, atRiskWorkingHours: 24, now: () => NOW });
    engine.load(Array.from({ length: 7 }, (_, i) => dossier({ code: `OD-${i}` })), AGENCIES);
    const digest = new DigestService({ source: engine, now: () => NOW }, { listLimit: 3 }).generate('so-tnmt');
    expect(digest.ok && digest.value.html).toContain('… và 4 hồ sơ khác.');
  });

  it('refuses an unknown agency', () => {
    const digest = new DigestService({ source: setUp(), now: () => NOW }).generate('khong-co');
    expect(digest).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('delivers to the webhook and by mail (agencies with recipients) and reports failures', async () => {
    const posted: unknown[] = [];
    const mailed: { to: readonly string[]; subject: string }[] = [];
    const errors: unknown[] = [];
    const post = (async (_options, payload) => {
      posted.push(payload);
      return { status: 200, attempts: 1 };
    }) as typeof postWebhook;
    const sendMail = (async (_options, message) => {
      mailed.push({ to: message.to, subject: message.subject });
      if (message.to.includes('hong@stp.gov.vn')) throw new Error('SMTP refused');
      return { response: '250 ok', accepted: [...message.to], tls: true, authenticated: true };
    }) as typeof sendSmtpMail;
    const service = new DigestService(
      { source: setUp(), now: () => NOW, post, sendMail, onError: (e) => errors.push(e) },
      {
        webhook: { url: 'https://hooks.example.vn/digest' },
        smtp: { host: 'smtp.example.vn', from: 'vigil@ioc.gov.vn', recipients: { 'so-tnmt': ['a@tnmt.gov.vn'], 'so-tp': ['hong@stp.gov.vn'] } },
      },
    );
    const results = await service.runNow();
    expect(results.map((r) => [r.agencyId, r.webhook?.ok, r.smtp?.ok])).toEqual([
      ['so-tnmt', true, true],
      ['so-tp', true, false],
    ]);
    expect(posted).toHaveLength(2);
    expect(posted[0]).toMatchObject({ kind: 'vigil.kpi-digest', agencyId: 'so-tnmt', overdue: 2, atRisk: 1 });
    expect((posted[0] as { html: string }).html).toContain('<!DOCTYPE html>');
    expect(mailed.map((m) => m.to)).toEqual([['a@tnmt.gov.vn'], ['hong@stp.gov.vn']]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['digest for so-tp: SMTP refused']);
  });

  it('runs once a day at the configured Vietnam time', () => {
    expect(parseDailyTime('07:00')).toBe(420);
    expect(parseDailyTime('23:59')).toBe(1439);
    for (const bad of ['7:00', '24:00', '07:60', 'x']) expect(parseDailyTime(bad)).toBeNull();
    // 06:59 Vietnam → 07:00 the same day; 07:00 exactly → tomorrow; 23:30 → tomorrow 07:00.
    expect(nextDailyRunMs(Date.parse('2026-02-11T06:59:00+07:00'), 420)).toBe(Date.parse('2026-02-11T07:00:00+07:00'));
    expect(nextDailyRunMs(Date.parse('2026-02-11T07:00:00+07:00'), 420)).toBe(Date.parse('2026-02-12T07:00:00+07:00'));
    expect(nextDailyRunMs(Date.parse('2026-02-11T23:30:00+07:00'), 420)).toBe(Date.parse('2026-02-12T07:00:00+07:00'));
    // Just after Vietnam midnight (still the previous day in UTC).
    expect(nextDailyRunMs(Date.parse('2026-02-11T00:10:00+07:00'), 30)).toBe(Date.parse('2026-02-11T00:30:00+07:00'));
    expect(checkDigestOptions({ dailyAt: '7h' })).toMatchObject({ ok: false });
    expect(checkDigestOptions({ webhook: { url: 'ftp://x' } })).toMatchObject({ ok: false });
    expect(checkDigestOptions({ smtp: { host: 'h', from: 'a@b.vn', recipients: { x: ['bad address'] } } })).toMatchObject({ ok: false });
    expect(() => new DigestService({ source: setUp() }, { dailyAt: '25:00' })).toThrow(/HH:MM/);
  });
});
