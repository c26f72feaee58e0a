import type { FastifyInstance } from 'fastify';
import type { PublicReport, PublicStep, ReportsPort } from '../reports/reports-port.js';
import { MEDIA_NAME } from './media-store.js';
import { PUBLIC_CSS, PUBLIC_CSS_PATH, STEP_LABEL, escapeHtml, formatVietnamTime, sendPage, setPageHeaders } from './public-html.js';

/** Ids and tokens as the domain makes them; anything else is not looked up. */
const LOOKUP = /^[A-Za-z0-9._:-]{1,64}$/;

const LOOKUP_FORM = `<form class="lookup" method="get" action="/theo-doi">
<label for="ma" class="muted">Mã phản ánh hoặc mã tra cứu</label>
<input id="ma" name="ma" required maxlength="64" autocomplete="off" placeholder="Ví dụ: 01JX…">
<button type="submit">Tra cứu</button>
</form>`;

/** What a step says in one line, in Vietnamese: "Đã chuyển Phòng Quản lý đô thị", "Từ chối (lý do)", "Trùng với #N". */
export function stepHeadline(step: PublicStep, report: Pick<PublicReport, 'duplicate_of' | 'agency_responsible'>): string {
  switch (step.extendedStatus) {
    case 'forwarded': {
      const unit = /chuyển đến (.+?) xử lý/u.exec(step.note)?.[1] ?? report.agency_responsible;
      return unit ? `Đã chuyển ${unit}` : 'Đã chuyển đơn vị xử lý';
    }
    case 'rejected': {
      const reason = /Lý do:\s*([\s\S]+)$/u.exec(step.note)?.[1]?.trim() ?? step.note.trim();
      return reason ? `Từ chối (${reason})` : 'Từ chối';
    }
    case 'duplicate':
      return report.duplicate_of ? `Trùng với #${report.duplicate_of}` : 'Trùng với phản ánh khác';
    default:
      return STEP_LABEL[step.extendedStatus] ?? step.extendedStatus;
  }
}

function renderStep(step: PublicStep, report: PublicReport): string {
  const headline = stepHeadline(step, report);
  const note = step.note && step.note !== headline ? `<div class="note">${escapeHtml(step.note)}</div>` : '';
  return `<li class="${escapeHtml(step.extendedStatus)}"><div class="when">${escapeHtml(formatVietnamTime(step.at))}</div><div class="what">${escapeHtml(headline)}</div>${note}</li>`;
}

/** Our own uploads only (by name); a foreign media_url is not embedded, so the page loads nothing from elsewhere. */
function ownPhoto(mediaUrl: string): string | null {
  const name = /\/media\/([^/?#]+)$/.exec(mediaUrl)?.[1];
  return name && MEDIA_NAME.test(name) ? `/media/${name}` : null;
}

/** The report as the public sees it. Every piece of text goes through escapeHtml; no personal data is on the PublicReport to begin with. */
export function renderReportPage(report: PublicReport): string {
  const status = report.status === 'closed' ? '<span class="badge closed">Đã đóng</span>' : '<span class="badge open">Đang mở</span>';
  const steps = [...report.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const lastStep = steps.filter((s) => s.extendedStatus === report.extended_status).at(-1);
  const current = lastStep ? stepHeadline(lastStep, report) : (STEP_LABEL[report.extended_status] ?? report.extended_status);
  const duplicate = report.duplicate_of
    ? `<p>Phản ánh này trùng với <a href="/theo-doi/${encodeURIComponent(report.duplicate_of)}">#${escapeHtml(report.duplicate_of)}</a>; mời theo dõi kết quả tại đó.</p>`
    : '';
  const where = [report.address, report.lat !== null && report.long !== null ? `${report.lat.toFixed(5)}, ${report.long.toFixed(5)}` : '']
    .filter((s) => s)
    .join(' · ');
  const photo = ownPhoto(report.media_url);
  return `<h1>Phản ánh #${escapeHtml(report.service_request_id)}</h1>
<section class="card">
<p>${status} <span class="muted">Bước hiện tại: ${escapeHtml(current)}</span></p>
${duplicate}
<dl class="facts">
<dt>Lĩnh vực</dt><dd>${escapeHtml(report.service_name)}</dd>
<dt>Địa điểm</dt><dd>${escapeHtml(where || 'Không rõ')}</dd>
<dt>Tiếp nhận lúc</dt><dd>${escapeHtml(formatVietnamTime(report.requested_datetime))}</dd>
${report.expected_datetime ? `<dt>Hạn xử lý</dt><dd>${escapeHtml(formatVietnamTime(report.expected_datetime))}</dd>` : ''}
${report.agency_responsible ? `<dt>Đơn vị xử lý</dt><dd>${escapeHtml(report.agency_responsible)}</dd>` : ''}
</dl>
</section>
<section class="card">
<h2>Nội dung</h2>
<p class="desc">${escapeHtml(report.description || '(không có mô tả)')}</p>
${photo ? `<img class="photo" src="${escapeHtml(photo)}" alt="Ảnh hiện trường">` : ''}
</section>
<section class="card">
<h2>Các bước xử lý</h2>
<ol class="steps">
${steps.map((s) => renderStep(s, report)).join('\n')}
</ol>
</section>
${LOOKUP_FORM}`;
}

/**
 * The public tracking page, no login: `/theo-doi` (a form), `/theo-doi?ma=…` (redirects
 * to the report), `/theo-doi/<id or token>`. Plus the stylesheet both public pages use.
 */
export function registerPublicTrackingPage(app: FastifyInstance, reports: ReportsPort): void {
  app.get(PUBLIC_CSS_PATH, async (_request, reply) =>
    setPageHeaders(reply).header('cache-control', 'public, max-age=3600').header('content-type', 'text/css; charset=utf-8').send(PUBLIC_CSS),
  );

  app.get<{ Querystring: { ma?: unknown } }>('/theo-doi', async (request, reply) => {
    const ma = typeof request.query.ma === 'string' ? request.query.ma.trim().replace(/^#/, '') : '';
    if (ma) {
      if (!LOOKUP.test(ma)) {
        return sendPage(reply, 400, 'Mã không hợp lệ', `<h1>Mã không hợp lệ</h1><p>Mã phản ánh chỉ gồm chữ, số và các dấu . _ : -</p>${LOOKUP_FORM}`);
      }
      return setPageHeaders(reply).redirect(`/theo-doi/${encodeURIComponent(ma)}`, 303);
    }
    return sendPage(reply, 200, 'Theo dõi phản ánh', `<h1>Theo dõi phản ánh</h1><p>Nhập mã phản ánh (hoặc mã tra cứu) nhận được khi gửi phản ánh.</p>${LOOKUP_FORM}`);
  });

  app.get<{ Params: { id: string } }>('/theo-doi/:id', async (request, reply) => {
    const id = request.params.id;
    const notFound = () =>
      sendPage(reply, 404, 'Không tìm thấy phản ánh', `<h1>Không tìm thấy phản ánh</h1><p>Không có phản ánh với mã này. Vui lòng kiểm tra lại.</p>${LOOKUP_FORM}`);
    if (!LOOKUP.test(id)) return notFound();
    let report = reports.get(id);
    if (!report) {
      const byToken = reports.byToken(id);
      report = byToken ? reports.get(byToken.service_request_id) : null;
    }
    if (!report) return notFound();
    return sendPage(reply, 200, `Phản ánh #${report.service_request_id}`, renderReportPage(report));
  });
}
