import type { FastifyReply } from 'fastify';
import type { ExtendedStatus } from '../reports/reports-port.js';

/**
 * Shared by the public pages (tracking, map): escaping, the page frame, the headers
 * and the one stylesheet. Pages carry no script at all and no inline style: the CSP
 * allows same-origin CSS and images only.
 */

export const PUBLIC_CSS_PATH = '/cong-khai/giao-dien.css';

export const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export function setPageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-store');
}

export function sendPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${PUBLIC_CSS_PATH}">
</head>
<body>
<header class="top"><a href="/theo-doi">Theo dõi phản ánh</a> · <a href="/ban-do-phan-anh">Bản đồ phản ánh</a></header>
<main>
${body}
</main>
</body>
</html>
`;
  return setPageHeaders(reply).code(status).header('content-type', 'text/html; charset=utf-8').send(html);
}

export const PUBLIC_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;background:#f4f6f8}
.top{background:#0b3d62;color:#fff;padding:.6rem 1rem}
.top a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
form.lookup{display:flex;gap:.5rem;flex-wrap:wrap}
form.lookup input{flex:1 1 16rem;padding:.5rem;font-size:1rem;border:1px solid #9aa7b4;border-radius:4px}
form.lookup button{padding:.5rem 1rem;font-size:1rem;background:#0b6bb0;color:#fff;border:0;border-radius:4px}
.card{background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:1rem;margin-bottom:1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{color:#5a6b7b}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.desc{white-space:pre-wrap;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.85rem;font-weight:600}
.badge.open{background:#fff2cc;color:#7a5600}
.badge.closed{background:#d9f2e0;color:#1e6b35}
ol.steps{list-style:none;padding:0;margin:0}
ol.steps li{border-left:3px solid #0b6bb0;padding:.2rem 0 .8rem .8rem;position:relative}
ol.steps li.rejected{border-color:#b3261e}
ol.steps li.resolved{border-color:#1e6b35}
ol.steps .when{color:#5a6b7b;font-size:.85rem}
ol.steps .what{font-weight:600}
ol.steps .note{white-space:pre-wrap;overflow-wrap:anywhere}
.muted{color:#5a6b7b}
.photo{max-width:100%;height:auto;border-radius:4px}
svg.map{width:100%;height:auto;background:#e6eef5;border:1px solid #c4d1dd;border-radius:6px}
svg.map .open{fill:#e08a00;stroke:#fff;stroke-width:1}
svg.map .closed{fill:#2e8b57;stroke:#fff;stroke-width:1}
svg.map .frame{fill:none;stroke:#9aa7b4}
svg.map text{font-size:11px;fill:#5a6b7b}
.legend span{margin-right:1rem}
.legend .dot{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;vertical-align:middle;margin-right:.3rem}
.legend .dot.open{background:#e08a00}
.legend .dot.closed{background:#2e8b57}
`;

/** The Vietnamese name of each public step. */
export const STEP_LABEL: Readonly<Record<ExtendedStatus, string>> = {
  received: 'Tiếp nhận',
  classified: 'Đã phân loại',
  forwarded: 'Đã chuyển',
  in_progress: 'Đang xử lý',
  resolved: 'Đã giải quyết',
  rejected: 'Từ chối',
  duplicate: 'Trùng',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `dd/MM/yyyy HH:mm` in Vietnam time (+07:00). */
export function formatVietnamTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms + 7 * 3600_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
