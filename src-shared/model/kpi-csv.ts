import type { DossierSummary } from './kpi.js';
import { VIETNAM_OFFSET_MS } from './vietnam-time.js';

/**
 * The CSV of a figure's dossiers, one definition for the server's export
 * (`GET /api/kpi/export.csv`) and the workstation's offline export, so a file made
 * offline reads like one made online: UTF-8 BOM (Excel), a Vietnamese header, CRLF.
 */
export const KPI_CSV_HEADER = ['Mã hồ sơ', 'Thủ tục', 'Lĩnh vực', 'Đơn vị xử lý', 'Tiếp nhận', 'Hạn xử lý', 'Hoàn thành', 'Trạng thái', 'Tình trạng', 'Giờ làm việc đến hạn'] as const;

/**
 * One RFC 4180 cell. Text that a spreadsheet would read as a formula (starting with
 * = + - @, tab or CR) gets a leading apostrophe; numbers we produce are written as numbers.
 */
export function kpiCsvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** "2026-11-28 15:04" in Vietnam time (Excel reads it as a date-time). */
function localTime(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
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

/** The first line: BOM and header. */
export function kpiCsvHead(): string {
  return `\uFEFF${KPI_CSV_HEADER.map(kpiCsvCell).join(',')}\r\n`;
}

/** The whole file at once (the server streams it in chunks instead). */
export function kpiCsvText(dossiers: readonly DossierSummary[]): string {
  let text = kpiCsvHead();
  for (const d of dossiers) text += `${kpiCsvRow(d)}\r\n`;
  return text;
}
