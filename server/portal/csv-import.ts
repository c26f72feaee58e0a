import type { Dossier } from '../../src-shared/model/dossier.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { parseCsv } from '../cameras/camera-csv.js';
import type { DossierRepository } from '../store/dossier-repository.js';
import { mapRecord, type FieldMapping } from './field-mapping.js';

/**
 * Back-fill from a CSV export of the portal (the months before the connector existed, or
 * a portal without an API): the first row names the columns, each further row is one
 * dossier, read through a field mapping whose paths are column names. Rows go through the
 * same upsert as the connector's pages, so importing a file twice, or a file older than what
 * the connector already brought, changes nothing.
 */

/** A province's year of dossiers fits many times over; a bigger file is a mistake (or an attack). */
export const MAX_CSV_ROWS = 500_000;

/** Skipped rows listed in the report; the count covers them all. */
export const MAX_REPORTED_SKIPS = 1000;

export interface CsvSkippedRow {
  /** 1-based, the line after the header being row 1 (as in camera imports). */
  row: number;
  recordKey: string;
  reason: string;
}

export interface CsvImportReport {
  rows: number;
  /** Rows inserted or changing a stored dossier. */
  imported: number;
  inserted: number;
  updated: number;
  /** Valid rows already stored as they are, or older than what is stored. */
  unchanged: number;
  skippedCount: number;
  /** The first MAX_REPORTED_SKIPS skipped rows. */
  skipped: CsvSkippedRow[];
  /** The newest updatedAt among the valid rows; null when none. */
  newestUpdatedAt: string | null;
  /** What the import changed (for the onChanged listeners). */
  changed: Dossier[];
}

export interface CsvImportRequest {
  repository: DossierRepository;
  text: string;
  mapping: FieldMapping;
  /** Stored as each dossier's sourceId. */
  sourceId: string;
}

/**
 * Imports a CSV in one transaction. A file that cannot be read as CSV, or has no usable
 * header, fails as a whole; a row that does not map is skipped and reported.
 */
export function importDossierCsv(request: CsvImportRequest): Result<CsvImportReport> {
  const parsed = parseCsv(request.text);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.value;
  if (!header) return fail('bad-request', 'The CSV file is empty; the first row must name the columns');
  const columns = header.fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '') return fail('bad-request', `CSV header (line ${header.line}): a column has no name`);
    if (seen.has(column)) return fail('bad-request', `CSV header (line ${header.line}): column "${column.slice(0, 60)}" appears twice`);
    seen.add(column);
  }
  if (records.length > MAX_CSV_ROWS) return fail('payload-too-large', `The CSV has ${records.length} rows; at most ${MAX_CSV_ROWS} per import`);

  const dossiers: Dossier[] = [];
  const skipped: CsvSkippedRow[] = [];
  let skippedCount = 0;
  let newest: string | null = null;
  for (const record of records) {
    const row = record.line - header.line;
    const skip = (recordKey: string, reason: string): void => {
      skippedCount++;
      if (skipped.length < MAX_REPORTED_SKIPS) skipped.push({ row, recordKey, reason });
    };
    if (record.fields.length !== columns.length) {
      skip(`row ${row}`, `expected ${columns.length} fields, found ${record.fields.length}`);
      continue;
    }
    const object = Object.fromEntries(columns.map((column, i) => [column, record.fields[i]]));
    const mapped = mapRecord(request.mapping, object, request.sourceId, `row ${row}`);
    if (!mapped.ok) {
      skip(mapped.recordKey, mapped.reason);
      continue;
    }
    dossiers.push(mapped.dossier);
    if (newest === null || Date.parse(mapped.dossier.updatedAt) > Date.parse(newest)) newest = mapped.dossier.updatedAt;
  }

  const summary = request.repository.upsertMany(dossiers);
  return ok({
    rows: records.length,
    imported: summary.inserted + summary.updated,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: summary.unchanged,
    skippedCount,
    skipped,
    newestUpdatedAt: newest,
    changed: summary.changed,
  });
}
