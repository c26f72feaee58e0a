import { CAMERA_CSV_COLUMNS } from '../../src-shared/model/camera.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/** One CSV record and the physical line it starts on (1-based), for messages an admin can find. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields with commas, quotes or line breaks are
 * quoted, a quote inside is doubled; CRLF, LF or CR end a record. A UTF-8 BOM
 * (Excel writes one for Vietnamese text) is dropped. Two kindnesses to hand-edited
 * files: spaces around a quoted field are ignored, and blank lines are skipped.
 * A stray quote in an unquoted field or an unclosed quote is a syntax error,
 * because guessing would silently shift columns.
 */
export function parseCsv(text: string): Result<CsvRecord[]> {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false; // the current field was quoted (so an empty record is not a blank line)
  let i = 0;
  const n = input.length;

  const endRecord = (): void => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0]!.trim() === '' && !quoted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quoted = false;
  };
  /** Consumes one line break at `i` if there is one; returns whether it did. */
  const lineBreak = (): boolean => {
    const c = input[i];
    if (c === '\r') {
      i += input[i + 1] === '\n' ? 2 : 1;
    } else if (c === '\n') {
      i += 1;
    } else {
      return false;
    }
    line++;
    return true;
  };

  while (i < n) {
    const c = input[i]!;
    if (c === '"' && field.trim() === '' && !quoted) {
      // Opening quote (leading spaces before it are dropped).
      const openedOn = line;
      field = '';
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) return fail('bad-request', `CSV line ${openedOn}: a quoted field is never closed`, { line: openedOn });
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\r' || q === '\n') {
          field += q === '\r' && input[i + 1] === '\n' ? '\r\n' : q;
          lineBreak();
          continue;
        }
        field += q;
        i++;
      }
      while (i < n && (input[i] === ' ' || input[i] === '\t')) i++;
      if (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') {
        return fail('bad-request', `CSV line ${line}: unexpected text after a closing quote (a quote inside a quoted field is written "")`, { line });
      }
      continue;
    }
    if (c === '"') {
      return fail('bad-request', `CSV line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`, { line });
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      quoted = false;
      i++;
      continue;
    }
    if (lineBreak()) {
      endRecord();
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return ok(records);
}

/** A row of an import file before validation: its 1-based row number and what it holds. */
export interface ImportCandidate {
  row: number;
  /** Shaped like a CameraInput, still to be checked by CameraInputSchema. */
  value: unknown;
  /** Problems found while reading the row (wrong field count, a number that is not one). */
  problems: string[];
}

type Column = (typeof CAMERA_CSV_COLUMNS)[number];

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'có', 'co', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'không', 'khong']);

function toNumber(column: Column, raw: string, problems: string[]): number | undefined {
  const s = raw.trim();
  // Only plain decimals: "10,5" (Vietnamese decimal comma) or "1e3" in a coordinate is more likely a mistake than intent.
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
    problems.push(`${column}: "${s.slice(0, 40)}" is not a number (use a dot for decimals)`);
    return undefined;
  }
  return Number(s);
}

function toBoolean(raw: string, problems: string[]): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (s === '') return undefined; // the schema's default (enabled)
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  problems.push(`enabled: "${raw.trim().slice(0, 40)}" is not true/false`);
  return undefined;
}

/** Reads one data record into a CameraInput-shaped object (strings stay strings; the schema trims and checks them). */
function candidateFrom(get: (column: Column) => string, problems: string[]): Record<string, unknown> {
  const lat = toNumber('lat', get('lat'), problems);
  const lon = toNumber('lon', get('lon'), problems);
  const enabled = toBoolean(get('enabled'), problems);
  const snapshotUrl = get('snapshotUrl').trim();
  return {
    id: get('id').trim(),
    name: get('name'),
    kind: get('kind').trim(),
    location: { lat, lon, district: get('district'), address: get('address') },
    groups: get('groups')
      .split(';')
      .map((g) => g.trim())
      .filter((g) => g !== ''),
    area: get('area'),
    mainUrl: get('mainUrl'),
    subUrl: get('subUrl'),
    snapshotUrl: snapshotUrl === '' ? null : snapshotUrl,
    ...(enabled === undefined ? {} : { enabled }),
  };
}

/**
 * A camera CSV: a header row naming every CAMERA_CSV_COLUMNS column (any order,
 * any letter case), then one camera per record; `groups` is `;`-separated. Rows
 * are numbered as the admin sees them: row 1 is the line after the header (a
 * field spanning lines makes the next row's number jump, as in an editor).
 * File-level problems (syntax, header) fail; row problems travel with the rows.
 */
export function parseCameraCsv(text: string): Result<ImportCandidate[]> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.value;
  if (!header) return fail('bad-request', 'The CSV file is empty; the first row must name the columns', { columns: CAMERA_CSV_COLUMNS });

  const byName = new Map<string, Column>(CAMERA_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const index = new Map<Column, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.fields.forEach((raw, i) => {
    const column = byName.get(raw.trim().toLowerCase());
    if (!column) unknown.push(raw.trim());
    else if (index.has(column)) repeated.push(column);
    else index.set(column, i);
  });
  const missing = CAMERA_CSV_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(', ')}` : '',
      repeated.length > 0 ? `repeated ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    return fail('bad-request', `CSV header (line ${header.line}): ${parts.join('; ')}. Expected columns: ${CAMERA_CSV_COLUMNS.join(', ')}`, {
      missing,
      unknown,
      repeated,
    });
  }

  return ok(
    records.map((record) => {
      const row = record.line - header.line;
      const problems: string[] = [];
      if (record.fields.length !== header.fields.length) {
        problems.push(`expected ${header.fields.length} fields, found ${record.fields.length}`);
        const id = record.fields[index.get('id')!]?.trim();
        return { row, value: id ? { id } : {}, problems };
      }
      const value = candidateFrom((column) => record.fields[index.get(column)!] ?? '', problems);
      return { row, value, problems };
    }),
  );
}
