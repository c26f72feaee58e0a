import type { DossierSummary, KpiFigureRef } from '../../../src-shared/model/kpi.js';

/**
 * The CSV of a figure's dossiers as the workstation builds it when the server cannot be
 * reached: the same columns, cells and line ends as the server's export
 * (server/portal/kpi-routes.ts, `GET /api/kpi/export.csv`; tests/unit/host/kpi-csv.test.ts
 * holds the two together), so a file made offline reads like one made online.
 */

export const KPI_CSV_HEADER = ['Mã hồ sơ', 'Thủ tục', 'Lĩnh vực', 'Đơn vị xử lý', 'Tiếp nhận', 'Hạn xử lý', 'Hoàn thành', 'Trạng thái', 'Tình trạng', 'Giờ làm việc đến hạn'] as const;

const VN_OFFSET_MS = 7 * 3_600_000;

/** One RFC 4180 cell; text a spreadsheet would take for a formula gets a leading apostrophe. */
export function kpiCsvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** "2026-11-28 15:04" in Vietnam time. */
function localTime(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms + VN_OFFSET_MS).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export function kpiCsvRow(d: DossierSummary): string {
  return [
    kpiCsvCell(d.code),
    kpiCsvCell(d.procedureName),
    kpiCsvCell(d.field),
    kpiCsvCell(d.handlingAgencyId),
    kpiCsvCell(localTime(d.receivedAt)),
    kpiCsvCell(localTime(d.effectiveDueAt)),
    kpiCsvCell(localTime(d.completedAt)),
    kpiCsvCell(d.status),
    kpiCsvCell(d.timeliness),
    kpiCsvCell(d.workingHoursToDue),
  ].join(',');
}

/** The whole file: UTF-8 BOM, header, CRLF line ends. */
export function kpiCsvText(dossiers: readonly DossierSummary[]): string {
  let text = `\uFEFF${KPI_CSV_HEADER.map(kpiCsvCell).join(',')}\r\n`;
  for (const d of dossiers) text += `${kpiCsvRow(d)}\r\n`;
  return text;
}

/** The Vietnam calendar day of an instant, YYYY-MM-DD. */
export function vietnamDay(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** `kpi-year-overdue-STP-2026-11-28.csv`: the server's naming, safe in any file system. */
export function kpiExportFilename(ref: KpiFigureRef | 'board', atMs: number, extension: 'csv' | 'pdf'): string {
  const parts = ref === 'board' ? ['kpi', 'bang-chi-so'] : ['kpi', ref.scope, ref.metric, ref.agencyId, ref.field];
  const name = parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .join('-')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 120);
  return `${name}-${vietnamDay(atMs)}.${extension}`;
}

/** The file name from a Content-Disposition header, when it is a plain safe one. */
export function filenameFromDisposition(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /filename="([A-Za-z0-9._-]{1,200})"/.exec(value) : null;
  return match ? match[1]! : null;
}
