import type { KpiFigureRef } from '../../../src-shared/model/kpi.js';
import { vietnamDay } from '../../../src-shared/model/vietnam-time.js';

/**
 * Names of the workstation's export files. The CSV itself is the shared definition
 * (src-shared/model/kpi-csv.ts) the server's export uses too.
 */

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
