import type { DossierSummary, KpiCounts, KpiScope } from '../../src-shared/model/kpi.js';

/**
 * The daily digest of one agency as an HTML e-mail: Vietnamese, inline CSS only (mail
 * clients drop <style> blocks and never run scripts), every text from the data escaped.
 */

export interface DigestContent {
  agencyId: string;
  agencyName: string;
  generatedAtMs: number;
  counts: Record<KpiScope, KpiCounts>;
  overdue: { total: number; dossiers: DossierSummary[] };
  atRisk: { total: number; dossiers: DossierSummary[] };
  /** Where the figures come from (e.g. "Cổng dịch vụ công tỉnh Hậu Giang"). */
  sourceName?: string;
}

const HOUR_MS = 3_600_000;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** dd/mm/yyyy of an instant in Vietnam time. */
export function vietnamDate(ms: number): string {
  const d = new Date(ms + 7 * HOUR_MS).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** dd/mm/yyyy hh:mm of an ISO instant in Vietnam time; '—' when unreadable. */
export function vietnamDateTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms + 7 * HOUR_MS).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}

const number = (n: number) => n.toLocaleString('vi-VN');
const hours = (h: number | null) => (h === null ? '—' : (Math.round(Math.abs(h) * 10) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 }));
const percent = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`);

export function digestSubject(content: Pick<DigestContent, 'agencyName' | 'generatedAtMs' | 'overdue' | 'atRisk'>): string {
  return `Báo cáo hồ sơ ngày ${vietnamDate(content.generatedAtMs)} – ${content.agencyName}: ${number(content.overdue.total)} quá hạn, ${number(content.atRisk.total)} sắp đến hạn`;
}

const FONT = "font-family:Arial,Helvetica,sans-serif;";
const CELL = 'padding:6px 8px;border:1px solid #d0d7de;text-align:left;vertical-align:top;';
const HEAD = `${CELL}background:#f0f3f6;font-weight:bold;`;
const NUM = `${CELL}text-align:right;white-space:nowrap;`;

const FIGURES: { key: keyof KpiCounts; label: string }[] = [
  { key: 'received', label: 'Tiếp nhận' },
  { key: 'online', label: 'Tiếp nhận trực tuyến' },
  { key: 'inProgress', label: 'Đang xử lý' },
  { key: 'overdue', label: 'Đang xử lý – quá hạn' },
  { key: 'atRisk', label: 'Đang xử lý – sắp đến hạn' },
  { key: 'completed', label: 'Đã giải quyết' },
  { key: 'onTime', label: 'Giải quyết đúng hạn' },
  { key: 'late', label: 'Giải quyết trễ hạn' },
  { key: 'onTimeRate', label: 'Tỉ lệ đúng hạn' },
];

function figuresTable(counts: Record<KpiScope, KpiCounts>): string {
  const scopes: { scope: KpiScope; label: string }[] = [
    { scope: 'today', label: 'Hôm nay' },
    { scope: 'month', label: 'Tháng này' },
    { scope: 'year', label: 'Năm nay' },
  ];
  const rows = FIGURES.map(({ key, label }) => {
    const cells = scopes
      .map(({ scope }) => {
        const value = counts[scope][key];
        return `<td style="${NUM}">${escapeHtml(key === 'onTimeRate' ? percent(value) : number(value ?? 0))}</td>`;
      })
      .join('');
    return `<tr><th scope="row" style="${HEAD}">${escapeHtml(label)}</th>${cells}</tr>`;
  }).join('\n');
  const head = scopes.map(({ label }) => `<th scope="col" style="${HEAD}text-align:right;">${escapeHtml(label)}</th>`).join('');
  return `<table style="border-collapse:collapse;margin:8px 0 16px;${FONT}font-size:14px;">
<thead><tr><th style="${HEAD}">Chỉ tiêu</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function dossierTable(title: string, list: { total: number; dossiers: DossierSummary[] }, kind: 'overdue' | 'at-risk', color: string): string {
  const heading = `<h2 style="${FONT}font-size:16px;color:${color};margin:16px 0 4px;">${escapeHtml(`${title} (${number(list.total)})`)}</h2>`;
  if (list.total === 0) return `${heading}<p style="${FONT}font-size:14px;margin:4px 0 12px;">Không có hồ sơ.</p>`;
  const hoursLabel = kind === 'overdue' ? 'Quá hạn (giờ làm việc)' : 'Còn lại (giờ làm việc)';
  const rows = list.dossiers
    .map(
      (d) => `<tr>
<td style="${CELL}white-space:nowrap;">${escapeHtml(d.code)}</td>
<td style="${CELL}">${escapeHtml(d.procedureName)}</td>
<td style="${CELL}">${escapeHtml(d.field)}</td>
<td style="${CELL}white-space:nowrap;">${escapeHtml(vietnamDateTime(d.receivedAt))}</td>
<td style="${CELL}white-space:nowrap;">${escapeHtml(vietnamDateTime(d.effectiveDueAt))}</td>
<td style="${NUM}">${escapeHtml(hours(d.workingHoursToDue))}</td>
</tr>`,
    )
    .join('\n');
  const more = list.total > list.dossiers.length ? `<p style="${FONT}font-size:13px;margin:4px 0 12px;">… và ${escapeHtml(number(list.total - list.dossiers.length))} hồ sơ khác.</p>` : '';
  return `${heading}
<table style="border-collapse:collapse;margin:4px 0 8px;${FONT}font-size:13px;">
<thead><tr><th style="${HEAD}">Mã hồ sơ</th><th style="${HEAD}">Thủ tục</th><th style="${HEAD}">Lĩnh vực</th><th style="${HEAD}">Tiếp nhận</th><th style="${HEAD}">Hạn xử lý</th><th style="${HEAD}">${escapeHtml(hoursLabel)}</th></tr></thead>
<tbody>
${rows}
</tbody></table>${more}`;
}

/** The whole digest page (a complete HTML document, no script, no external resources). */
export function renderDigestHtml(content: DigestContent): string {
  const title = `Báo cáo hồ sơ ngày ${vietnamDate(content.generatedAtMs)} – ${content.agencyName}`;
  const source = content.sourceName ?? 'Cổng dịch vụ công';
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1f2328;${FONT}">
<h1 style="${FONT}font-size:20px;margin:0 0 4px;">${escapeHtml(title)}</h1>
<p style="${FONT}font-size:13px;color:#57606a;margin:0 0 12px;">Đơn vị xử lý: ${escapeHtml(content.agencyName)} (${escapeHtml(content.agencyId)}) · Tạo lúc ${escapeHtml(vietnamDateTime(new Date(content.generatedAtMs).toISOString()))} (giờ Việt Nam)</p>
${figuresTable(content.counts)}
${dossierTable('Hồ sơ quá hạn', content.overdue, 'overdue', '#b42318')}
${dossierTable('Hồ sơ sắp đến hạn', content.atRisk, 'at-risk', '#9a6700')}
<p style="${FONT}font-size:12px;color:#57606a;margin:16px 0 0;">Số liệu từ ${escapeHtml(source)}, tính theo ngày làm việc. Hồ sơ quá hạn và sắp đến hạn gồm mọi hồ sơ đang xử lý của đơn vị, kể cả hồ sơ tiếp nhận từ kỳ trước. Thư tự động từ Trung tâm Điều hành (Vigil), vui lòng không trả lời.</p>
</body>
</html>
`;
}
