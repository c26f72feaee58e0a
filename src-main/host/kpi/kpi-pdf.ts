import type { KpiBoardView, KpiDrillView } from '../../../src-shared/desktop-api.js';
import type { KpiCounts, KpiFigureRef, KpiMetric, KpiScope } from '../../../src-shared/model/kpi.js';
import { A4_LANDSCAPE, PdfDocument, type Rgb } from '../pdf/pdf-document.js';
import type { TrueTypeFont } from '../pdf/truetype.js';
import { VIETNAM_OFFSET_MS } from '../../../src-shared/model/vietnam-time.js';

/**
 * The KPI board's PDF exports, in Vietnamese (the province's documents are): the board's
 * figures as tables, or the dossiers behind one figure. Both say where the figures come
 * from and how old they are, and say so plainly when they are the workstation's copy from
 * before an outage.
 */

export const METRIC_LABEL_VI: Record<KpiMetric, string> = {
  received: 'Tiếp nhận',
  online: 'Tiếp nhận trực tuyến',
  inProgress: 'Đang giải quyết',
  completed: 'Đã giải quyết',
  onTime: 'Đúng hạn',
  late: 'Trễ hạn',
  overdue: 'Quá hạn',
  atRisk: 'Sắp đến hạn',
};

export const SCOPE_LABEL_VI: Record<KpiScope, string> = { today: 'Hôm nay', month: 'Tháng này', year: 'Năm nay' };

const TIMELINESS_VI: Record<string, string> = {
  'on-time': 'Đúng hạn',
  late: 'Trễ hạn',
  overdue: 'Quá hạn',
  'at-risk': 'Sắp đến hạn',
  'in-time': 'Trong hạn',
  cancelled: 'Đã hủy',
};

const STATUS_VI: Record<string, string> = {
  received: 'Mới tiếp nhận',
  in_progress: 'Đang xử lý',
  additional_docs_requested: 'Yêu cầu bổ sung',
  paused: 'Tạm dừng',
  completed: 'Đã trả kết quả',
  returned: 'Trả lại',
  cancelled: 'Đã rút/hủy',
};

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const hours = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const formatCountVi = (n: number): string => integer.format(n);
export const formatRateVi = (rate: number | null): string => (rate === null ? '—' : percent.format(rate));

/** `28/11/2026 15:04` in Vietnam time; '—' for nothing. */
export function formatTimeVi(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}

/** `3 phút`, `2 giờ 5 phút`, `1 ngày 4 giờ`. */
export function formatAgeVi(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'dưới 1 phút';
  if (minutes < 60) return `${minutes} phút`;
  const h = Math.floor(minutes / 60);
  if (h < 24) return `${h} giờ ${minutes % 60} phút`;
  return `${Math.floor(h / 24)} ngày ${h % 24} giờ`;
}

/** "Quá hạn · Năm nay · Sở Tư pháp · Đất đai". */
export function figureTitleVi(ref: KpiFigureRef, agencyName?: string): string {
  return [METRIC_LABEL_VI[ref.metric], SCOPE_LABEL_VI[ref.scope], ref.agencyId !== undefined ? (agencyName ?? ref.agencyId) : null, ref.field ?? null]
    .filter((p): p is string => p !== null)
    .join(' · ');
}

// ───────────────────────────────────────────────────────────── layout

interface Column {
  title: string;
  /** Share of the table's width. */
  weight: number;
  align?: 'left' | 'right';
}

const MARGIN = 36;
/** Rows laid out between two turns of the event loop (about 5 ms of work). */
const YIELD_EVERY_ROWS = 40;
const INK: Rgb = [20, 24, 32];
const MUTED: Rgb = [90, 100, 115];
const WARN: Rgb = [170, 60, 0];
const HEADER_FILL: Rgb = [225, 232, 242];
const ZEBRA: Rgb = [245, 247, 250];
const RULE: Rgb = [190, 198, 210];

/** Writes top-down on landscape A4 pages, starting a page when the next block does not fit. */
class Writer {
  page: number;
  y: number;
  readonly width = A4_LANDSCAPE.width - 2 * MARGIN;
  private readonly bottom = MARGIN + 28;

  constructor(readonly doc: PdfDocument) {
    this.page = doc.addPage(A4_LANDSCAPE);
    this.y = A4_LANDSCAPE.height - MARGIN;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4_LANDSCAPE);
    this.y = A4_LANDSCAPE.height - MARGIN;
  }

  fits(height: number): boolean {
    return this.y - height >= this.bottom;
  }

  ensure(height: number): void {
    if (!this.fits(height)) this.newPage();
  }

  /** `keepWith`: room (points) that must follow on the same page, so a heading never ends a page alone. */
  paragraph(text: string, size: number, options: { colour?: Rgb; bold?: boolean; gapAfter?: number; keepWith?: number } = {}): void {
    const lineHeight = size * 1.3;
    const lines = this.doc.wrap(text, this.width, size);
    this.ensure(lines.length * lineHeight + (options.keepWith ?? 0));
    for (const line of lines) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      this.doc.text(this.page, line, MARGIN, this.y + size * 0.25, size, { colour: options.colour ?? INK, bold: options.bold });
    }
    this.y -= options.gapAfter ?? 0;
  }

  /** A table with a repeated header row; yields to the event loop every few rows, so a long list never stalls the host. */
  async table(columns: readonly Column[], rows: readonly string[][], size: number): Promise<void> {
    const total = columns.reduce((s, c) => s + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * this.width);
    const pad = 3;
    const lineHeight = size * 1.25;
    const layout = (cells: readonly string[]): string[][] => cells.map((cell, i) => this.doc.wrap(cell, widths[i]! - 2 * pad, size));
    const header = layout(columns.map((c) => c.title));
    const heightOf = (lines: string[][]): number => Math.max(...lines.map((l) => l.length)) * lineHeight + 2 * pad;

    const drawRow = (lines: string[][], fill: Rgb | null, bold: boolean): void => {
      const height = heightOf(lines);
      if (fill) this.doc.rect(this.page, MARGIN, this.y - height, this.width, height, fill);
      let x = MARGIN;
      lines.forEach((cellLines, i) => {
        const right = columns[i]!.align === 'right';
        cellLines.forEach((line, j) => {
          const baseline = this.y - pad - (j + 1) * lineHeight + size * 0.3;
          this.doc.text(this.page, line, right ? x + widths[i]! - pad : x + pad, baseline, size, { colour: INK, bold, align: right ? 'right' : 'left' });
        });
        x += widths[i]!;
      });
      this.y -= height;
      this.doc.line(this.page, MARGIN, this.y, MARGIN + this.width, this.y, RULE, 0.4);
    };

    this.ensure(heightOf(header) + (rows[0] ? heightOf(layout(rows[0])) : 0));
    drawRow(header, HEADER_FILL, true);
    for (const [index, row] of rows.entries()) {
      if (index > 0 && index % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
      const lines = layout(row);
      if (!this.fits(heightOf(lines))) {
        this.newPage();
        drawRow(header, HEADER_FILL, true);
      }
      drawRow(lines, index % 2 === 1 ? ZEBRA : null, false);
    }
    this.y -= 10;
  }

  /** Page numbers and the export time at the foot of every page, once all pages exist. */
  footers(title: string, exportedAtMs: number): void {
    const count = this.doc.pageCount;
    for (let p = 0; p < count; p++) {
      this.doc.line(p, MARGIN, MARGIN + 16, A4_LANDSCAPE.width - MARGIN, MARGIN + 16, RULE, 0.4);
      this.doc.text(p, `Vigil · ${title}`, MARGIN, MARGIN + 4, 8, { colour: MUTED });
      this.doc.text(p, `Xuất lúc ${formatTimeVi(new Date(exportedAtMs).toISOString())} · Trang ${p + 1}/${count}`, A4_LANDSCAPE.width - MARGIN, MARGIN + 4, 8, {
        colour: MUTED,
        align: 'right',
      });
    }
  }
}

interface Provenance {
  generatedAt: string;
  fetchedAt: string | null;
  fromCache: boolean;
  sources?: readonly string[];
  lastUpdatedAt?: string | null;
  stale?: boolean;
}

function provenanceLines(p: Provenance, nowMs: number): { text: string; warn: boolean }[] {
  const lines: { text: string; warn: boolean }[] = [];
  const sources = p.sources && p.sources.length > 0 ? `Nguồn: ${p.sources.join(', ')}. ` : '';
  const updated = p.lastUpdatedAt !== undefined ? `Dữ liệu cổng cập nhật lúc ${formatTimeVi(p.lastUpdatedAt)}. ` : '';
  lines.push({ text: `${sources}${updated}Số liệu tính lúc ${formatTimeVi(p.generatedAt)}.`, warn: false });
  if (p.fromCache) {
    const age = p.fetchedAt ? formatAgeVi(nowMs - Date.parse(p.fetchedAt)) : '';
    lines.push({
      text: `Số liệu lưu trên máy trạm: máy chủ không liên lạc được; lấy lúc ${formatTimeVi(p.fetchedAt)}${age ? ` (${age} trước)` : ''}.`,
      warn: true,
    });
  }
  if (p.stale) lines.push({ text: 'Cảnh báo: nguồn dữ liệu chưa đọc được trong thời hạn quy định, số liệu có thể chưa đầy đủ.', warn: true });
  return lines;
}

const COUNT_METRICS: readonly KpiMetric[] = ['received', 'online', 'inProgress', 'completed', 'onTime', 'late', 'overdue', 'atRisk'];

// ───────────────────────────────────────────────────────────── documents

/** The board's figures: province totals (today / month / year), per agency, per field, overdue per agency. */
export async function boardPdf(font: TrueTypeFont, view: KpiBoardView, nowMs: number): Promise<Buffer> {
  const board = view.board;
  if (!board) throw new Error('no KPI board to print');
  const title = 'Bảng chỉ số giải quyết thủ tục hành chính';
  const doc = new PdfDocument(font, { title, subject: 'KPI', createdAt: new Date(nowMs) });
  const w = new Writer(doc);
  w.paragraph(title, 18, { bold: true, gapAfter: 4 });
  for (const line of provenanceLines(
    {
      generatedAt: board.generatedAt,
      fetchedAt: view.fetchedAt,
      fromCache: view.fromCache,
      sources: board.provenance.sources.map((s) => s.name),
      lastUpdatedAt: board.provenance.lastUpdatedAt,
      stale: board.provenance.stale,
    },
    nowMs,
  )) {
    w.paragraph(line.text, 9.5, { colour: line.warn ? WARN : MUTED });
  }
  w.y -= 8;

  w.paragraph('Toàn tỉnh', 13, { bold: true, gapAfter: 2, keepWith: 60 });
  const totalsRow = (label: string, pick: (c: KpiCounts) => string): string[] => [label, ...(['today', 'month', 'year'] as const).map((s) => pick(board.totals[s]))];
  await w.table(
    [
      { title: 'Chỉ số', weight: 3 },
      { title: SCOPE_LABEL_VI.today, weight: 1, align: 'right' },
      { title: SCOPE_LABEL_VI.month, weight: 1, align: 'right' },
      { title: SCOPE_LABEL_VI.year, weight: 1, align: 'right' },
    ],
    [...COUNT_METRICS.map((m) => totalsRow(METRIC_LABEL_VI[m], (c) => formatCountVi(c[m]))), totalsRow('Tỉ lệ đúng hạn', (c) => formatRateVi(c.onTimeRate))],
    10,
  );

  const rankOf = new Map(board.ranking.map((r) => [r.agencyId, r.rank]));
  const yearColumns: Column[] = [
    { title: 'Tiếp nhận', weight: 1, align: 'right' },
    { title: 'Đã giải quyết', weight: 1, align: 'right' },
    { title: 'Đúng hạn', weight: 1, align: 'right' },
    { title: 'Trễ hạn', weight: 1, align: 'right' },
    { title: 'Quá hạn', weight: 1, align: 'right' },
    { title: 'Tỉ lệ đúng hạn', weight: 1.1, align: 'right' },
  ];
  const yearCells = (c: KpiCounts): string[] => [c.received, c.completed, c.onTime, c.late, c.overdue].map(formatCountVi).concat(formatRateVi(c.onTimeRate));

  w.paragraph('Theo cơ quan xử lý (năm nay)', 13, { bold: true, gapAfter: 2, keepWith: 60 });
  const agencies = [...board.byAgency].sort((a, b) => (rankOf.get(a.agencyId) ?? 1e9) - (rankOf.get(b.agencyId) ?? 1e9) || a.name.localeCompare(b.name, 'vi'));
  await w.table(
    [{ title: 'Hạng', weight: 0.5, align: 'right' }, { title: 'Cơ quan', weight: 4 }, ...yearColumns],
    agencies.map((a) => [rankOf.has(a.agencyId) ? String(rankOf.get(a.agencyId)) : '—', a.name, ...yearCells(a.counts.year)]),
    9.5,
  );

  w.paragraph('Theo lĩnh vực (năm nay)', 13, { bold: true, gapAfter: 2, keepWith: 60 });
  await w.table([{ title: 'Lĩnh vực', weight: 4.5 }, ...yearColumns], board.byField.map((f) => [f.field, ...yearCells(f.counts.year)]), 9.5);

  if (board.overdueByAgency.length > 0) {
    w.paragraph('Hồ sơ quá hạn theo cơ quan', 13, { bold: true, gapAfter: 2, keepWith: 60 });
    await w.table(
      [
        { title: 'Cơ quan', weight: 3 },
        { title: 'Số hồ sơ quá hạn', weight: 1, align: 'right' },
        { title: 'Quá hạn nhiều nhất', weight: 4 },
      ],
      board.overdueByAgency.map((o) => [
        o.name,
        formatCountVi(o.count),
        o.dossiers
          .slice(0, 3)
          .map((d) => `${d.code}${d.workingHoursToDue !== null ? ` (${hours.format(Math.abs(d.workingHoursToDue))} giờ làm việc)` : ''}`)
          .join(', '),
      ]),
      9.5,
    );
  }
  w.footers(title, nowMs);
  return doc.toBytes();
}

/** The dossiers behind one figure, as the drill-down listed them. */
export async function dossierListPdf(font: TrueTypeFont, drill: KpiDrillView, agencyNames: ReadonlyMap<string, string>, nowMs: number): Promise<Buffer> {
  const ref = drill.figure;
  const title = `Danh sách hồ sơ: ${figureTitleVi(ref, ref.agencyId !== undefined ? agencyNames.get(ref.agencyId) : undefined)}`;
  const doc = new PdfDocument(font, { title, subject: 'KPI', createdAt: new Date(nowMs) });
  const w = new Writer(doc);
  w.paragraph(title, 16, { bold: true, gapAfter: 2 });
  const listed = drill.dossiers.length;
  w.paragraph(
    listed < drill.total ? `Tổng số: ${formatCountVi(drill.total)} hồ sơ (liệt kê ${formatCountVi(listed)} hồ sơ đầu).` : `Tổng số: ${formatCountVi(drill.total)} hồ sơ.`,
    11,
    { bold: true },
  );
  for (const line of provenanceLines({ generatedAt: drill.generatedAt, fetchedAt: drill.fetchedAt, fromCache: drill.fromCache }, nowMs)) {
    w.paragraph(line.text, 9.5, { colour: line.warn ? WARN : MUTED });
  }
  w.y -= 6;
  await w.table(
    [
      { title: 'STT', weight: 0.45, align: 'right' },
      { title: 'Mã hồ sơ', weight: 1.5 },
      { title: 'Thủ tục', weight: 3.2 },
      { title: 'Lĩnh vực', weight: 1.3 },
      { title: 'Cơ quan xử lý', weight: 1.7 },
      { title: 'Tiếp nhận', weight: 1.35 },
      { title: 'Hạn xử lý', weight: 1.35 },
      { title: 'Hoàn thành', weight: 1.35 },
      { title: 'Trạng thái', weight: 1.05 },
      { title: 'Tình trạng', weight: 0.95 },
    ],
    drill.dossiers.map((d, i) => [
      String(i + 1),
      d.code,
      d.procedureName,
      d.field,
      agencyNames.get(d.handlingAgencyId) ?? d.handlingAgencyId,
      formatTimeVi(d.receivedAt),
      formatTimeVi(d.effectiveDueAt),
      formatTimeVi(d.completedAt),
      STATUS_VI[d.status] ?? d.status,
      TIMELINESS_VI[d.timeliness] ?? d.timeliness,
    ]),
    8,
  );
  if (listed === 0) w.paragraph('Không có hồ sơ nào.', 10, { colour: MUTED });
  w.footers(title, nowMs);
  return doc.toBytes();
}
