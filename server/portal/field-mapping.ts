import { z } from 'zod';
import {
  DOSSIER_CHANNELS,
  DOSSIER_STATUSES,
  DONE_STATUSES,
  DossierSchema,
  PROCEDURE_LEVELS,
  type Dossier,
  type DossierPause,
} from '../../src-shared/model/dossier.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/**
 * How a portal's own record becomes a Dossier, as configuration: each Dossier field
 * ("target") names where its value lives in the record (a dotted path; a list of paths
 * takes the first that has a value), how to read a date, and how to translate codes.
 *
 *   { "id": "dvc-hau-giang",
 *     "fields": {
 *       "code": "MaHoSo",
 *       "procedure.name": "TenThuTuc",
 *       "receivedAt": { "path": "NgayTiepNhan", "format": "dd/MM/yyyy HH:mm:ss" },
 *       "status": { "path": "TrangThai", "map": { "1": "received", "2": "in_progress" } },
 *       "procedure.level": { "const": "partial" },
 *       "pauses": { "path": "DanhSachTamDung", "from": { "path": "TuNgay", "format": "iso" }, "to": "DenNgay" } } }
 *
 * A portal changes its format more often than the centre releases, so none of this is code.
 * A mapping that cannot work (unknown target, bad format, a code mapped to no status) is
 * refused when loaded; a record that does not map is skipped with its key and reason.
 */

/**
 * Date formats a portal uses. Wall-clock formats are Vietnam time (UTC+07:00 all year, no
 * daylight saving); `iso` must carry its offset; `iso-local` is ISO text without one, read
 * as Vietnam time.
 */
export const DATE_FORMATS = ['iso', 'iso-local', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy HH:mm', 'epoch-ms', 'epoch-s'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const VIETNAM_OFFSET_MINUTES = 7 * 60;

type TargetKind = 'text' | 'date' | 'enum' | 'pauses';

/** Every Dossier field a mapping may fill (sourceId is the connector's, not the record's). */
const TARGETS = {
  code: { kind: 'text', required: true },
  'procedure.code': { kind: 'text', required: true },
  'procedure.name': { kind: 'text', required: true },
  'procedure.field': { kind: 'text', required: true },
  'procedure.level': { kind: 'enum', required: true, values: PROCEDURE_LEVELS },
  receivingAgencyId: { kind: 'text', required: true },
  handlingAgencyId: { kind: 'text', required: true },
  channel: { kind: 'enum', required: true, values: DOSSIER_CHANNELS },
  receivedAt: { kind: 'date', required: true },
  dueAt: { kind: 'date', required: true },
  completedAt: { kind: 'date', required: false },
  status: { kind: 'enum', required: true, values: DOSSIER_STATUSES },
  pauses: { kind: 'pauses', required: false },
  localityId: { kind: 'text', required: false },
  updatedAt: { kind: 'date', required: true },
} as const satisfies Record<string, { kind: TargetKind; required: boolean; values?: readonly string[] }>;

export type MappingTarget = keyof typeof TARGETS;
export const MAPPING_TARGETS = Object.keys(TARGETS) as MappingTarget[];
const DATE_TARGETS = MAPPING_TARGETS.filter((t) => TARGETS[t].kind === 'date');

/** A rule after loading: read paths (first with a value wins), or a constant. */
export type CompiledRule =
  | { kind: 'path'; paths: string[]; map: ReadonlyMap<string, string> | null; default: string | null | undefined; format: DateFormat | null }
  | { kind: 'const'; value: string | null };

export interface CompiledPausesRule {
  paths: string[];
  /** Relative to each item of the list. */
  from: CompiledRule;
  to: CompiledRule;
}

/** A loaded, checked mapping. */
export interface FieldMapping {
  id: string;
  description: string;
  rules: ReadonlyMap<Exclude<MappingTarget, 'pauses'>, CompiledRule>;
  pauses: CompiledPausesRule | null;
}

const PathSchema = z.union([z.string().trim().min(1).max(200), z.array(z.string().trim().min(1).max(200)).min(1).max(8)]);

const ValueRuleSchema = z.strictObject({
  path: PathSchema,
  /** Portal value (as text) → Dossier value; a value not listed skips the record. */
  map: z.record(z.string(), z.string()).optional(),
  /** Used when the record has no value (missing, null or blank). */
  default: z.string().nullable().optional(),
  format: z.enum(DATE_FORMATS).optional(),
});

const ConstRuleSchema = z.strictObject({ const: z.string().nullable() });

const PausesRuleSchema = z.strictObject({ path: PathSchema, from: z.unknown(), to: z.unknown().optional() });

type Issue = { path: (string | number)[]; message: string };

function compileRule(target: string, raw: unknown, kind: Exclude<TargetKind, 'pauses'>, values: readonly string[] | null, required: boolean, at: (string | number)[], issues: Issue[]): CompiledRule | null {
  const issue = (message: string, sub: (string | number)[] = []): null => {
    issues.push({ path: [...at, ...sub], message });
    return null;
  };
  if (typeof raw === 'string') {
    if (raw.trim() === '') return issue('a path must not be empty');
    return { kind: 'path', paths: [raw.trim()], map: null, default: undefined, format: kind === 'date' ? 'iso' : null };
  }
  if (Array.isArray(raw)) {
    // A list of paths: the first with a value wins.
    if (raw.length === 0 || raw.length > 8 || !raw.every((p) => typeof p === 'string' && p.trim() !== '')) {
      return issue('a list of paths holds 1–8 non-empty paths');
    }
    return { kind: 'path', paths: raw.map((p: string) => p.trim()), map: null, default: undefined, format: kind === 'date' ? 'iso' : null };
  }
  if (typeof raw !== 'object' || raw === null) {
    return issue('expected a path ("MaHoSo"), a list of paths, { "path": … } or { "const": … }');
  }
  if ('const' in raw) {
    const parsed = ConstRuleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issue(i.message, i.path as (string | number)[]);
      return null;
    }
    const value = parsed.data.const;
    if (value === null && required) return issue(`${target} is required, so its constant cannot be null`, ['const']);
    if (value !== null && values && !values.includes(value)) return issue(`"${value}" is not one of ${values.join(', ')}`, ['const']);
    if (value !== null && kind === 'date') {
      const instant = parseDate(value, 'iso');
      return instant === null ? issue(`"${value}" is not an ISO instant with an offset`, ['const']) : { kind: 'const', value: instant };
    }
    return { kind: 'const', value };
  }
  const parsed = ValueRuleSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issue(i.message, i.path as (string | number)[]);
    return null;
  }
  const rule = parsed.data;
  const before = issues.length;
  if (rule.format !== undefined && kind !== 'date') issue(`"format" applies only to dates (${DATE_TARGETS.join(', ')})`, ['format']);
  if (rule.map && values) {
    for (const [from, to] of Object.entries(rule.map)) {
      if (!values.includes(to)) issue(`"${to}" is not one of ${values.join(', ')}`, ['map', from]);
    }
  }
  if (rule.map && kind === 'date') issue('a date cannot have a "map"', ['map']);
  if (rule.default !== undefined && rule.default !== null) {
    if (values && !values.includes(rule.default)) issue(`"${rule.default}" is not one of ${values.join(', ')}`, ['default']);
    if (kind === 'date' && parseDate(rule.default, 'iso') === null) issue(`"${rule.default}" is not an ISO instant with an offset`, ['default']);
  }
  if (rule.default === null && required) issue(`${target} is required, so its default cannot be null`, ['default']);
  if (issues.length > before) return null;
  return {
    kind: 'path',
    paths: Array.isArray(rule.path) ? rule.path : [rule.path],
    map: rule.map ? new Map(Object.entries(rule.map)) : null,
    // A date default is stored as the instant it names, like every date the rule reads.
    default: kind === 'date' && typeof rule.default === 'string' ? parseDate(rule.default, 'iso') : rule.default,
    format: kind === 'date' ? (rule.format ?? 'iso') : null,
  };
}

function compileFields(fields: Record<string, unknown>, issues: Issue[]): Pick<FieldMapping, 'rules' | 'pauses'> {
  const rules = new Map<Exclude<MappingTarget, 'pauses'>, CompiledRule>();
  let pauses: CompiledPausesRule | null = null;
  for (const [name, raw] of Object.entries(fields)) {
    if (!(name in TARGETS)) {
      issues.push({ path: ['fields', name], message: `unknown target field "${name}" (targets: ${MAPPING_TARGETS.join(', ')})` });
      continue;
    }
    const target = name as MappingTarget;
    const at = ['fields', target];
    if (target === 'pauses') {
      const parsed = PausesRuleSchema.safeParse(raw);
      if (!parsed.success) {
        for (const i of parsed.error.issues) issues.push({ path: [...at, ...(i.path as (string | number)[])], message: i.message });
        continue;
      }
      const from = compileRule('pauses.from', parsed.data.from, 'date', null, true, [...at, 'from'], issues);
      const to = parsed.data.to === undefined ? ({ kind: 'const', value: null } as const) : compileRule('pauses.to', parsed.data.to, 'date', null, false, [...at, 'to'], issues);
      if (from && to) pauses = { paths: Array.isArray(parsed.data.path) ? parsed.data.path : [parsed.data.path], from, to };
      continue;
    }
    const spec = TARGETS[target];
    const rule = compileRule(target, raw, spec.kind, 'values' in spec ? spec.values : null, spec.required, at, issues);
    if (rule) rules.set(target, rule);
  }
  for (const target of MAPPING_TARGETS) {
    if (TARGETS[target].required && !(target in fields)) {
      issues.push({ path: ['fields'], message: `no rule for the required target "${target}" (use { "const": … } when the portal does not send it)` });
    }
  }
  return { rules, pauses };
}

/** A mapping file's content; parsing it also checks and compiles every rule. */
export const FieldMappingSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'a mapping id uses letters, digits, . _ -'),
    description: z.string().max(500).default(''),
    fields: z.record(z.string(), z.unknown()),
  })
  .transform((raw, ctx): FieldMapping => {
    const issues: Issue[] = [];
    const compiled = compileFields(raw.fields, issues);
    for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: raw });
    return { id: raw.id, description: raw.description, ...compiled };
  });
export type FieldMappingInput = z.input<typeof FieldMappingSchema>;

/** `where: message` for each issue (the first five), so a config author can find the line. */
export function describeConfigIssues(error: z.ZodError, prefix: string): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const shown = issues.slice(0, 5).map((i) => `${i.path || '(root)'}: ${i.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return { message: `${prefix}: ${shown.join('; ')}${more}`, issues };
}

/** Loads and checks a mapping (the parsed JSON of a mapping file). */
export function parseFieldMapping(json: unknown): Result<FieldMapping> {
  const parsed = FieldMappingSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const id = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : '?';
  const { message, issues } = describeConfigIssues(parsed.error, `mapping "${id}" is refused`);
  return fail('bad-request', message, { issues });
}

// ---------------------------------------------------------------------------------------
// Applying a mapping to one record.

/** One record's outcome: a valid Dossier, or why it was skipped. */
export type MappedRecord =
  | { ok: true; dossier: Dossier }
  | {
      ok: false;
      /** The record's code when it has one, else the caller's fallback (e.g. "#3", "row 7"). */
      recordKey: string;
      reason: string;
      /** The record's updatedAt when that much could be read: the watermark still moves past a bad record. */
      updatedAt: string | null;
    };

const MAX_REASON = 500;

/**
 * The value at a dotted path ("CoQuanXuLy.Ma", "DanhSach.0.TuNgay"). A key that itself
 * contains dots (a CSV header such as "Thủ tục.Tên") is matched whole first.
 */
export function readPath(record: unknown, path: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  if (Object.hasOwn(record, path)) return (record as Record<string, unknown>)[path];
  let value: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function wallClockToMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const VN_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Epoch values outside 2000–2100 are a unit mistake (seconds read as ms or back), not a date. */
const EPOCH_MIN = Date.UTC(2000, 0, 1);
const EPOCH_MAX = Date.UTC(2100, 0, 1);

/** Reads a date in `format`; the instant as ISO UTC text, or null when it is not one. */
export function parseDate(value: unknown, format: DateFormat): string | null {
  let ms: number | null = null;
  if (format === 'epoch-ms' || format === 'epoch-s') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) return null;
    ms = Math.round(format === 'epoch-s' ? n * 1000 : n);
    if (ms < EPOCH_MIN || ms > EPOCH_MAX) return null;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (format === 'iso' || format === 'iso-local') {
      const m = ISO_RE.exec(text);
      if (!m) return null;
      const zone = m[8];
      if ((format === 'iso') !== (zone !== undefined)) return null;
      let offset = VIETNAM_OFFSET_MINUTES;
      if (zone !== undefined) {
        if (zone.toUpperCase() === 'Z') offset = 0;
        else {
          const digits = zone.replace(':', '');
          offset = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
        }
      }
      const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
      ms = wallClockToMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), fraction, offset);
    } else {
      const m = VN_RE.exec(text);
      if (!m) return null;
      if ((format === 'dd/MM/yyyy HH:mm:ss') !== (m[6] !== undefined)) return null;
      ms = wallClockToMs(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, VIETNAM_OFFSET_MINUTES);
    }
  }
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** Formats an instant the way a portal's query wants it (the updated-since parameter). */
export function formatDate(iso: string, format: DateFormat): string {
  const ms = Date.parse(iso);
  if (format === 'epoch-ms') return String(ms);
  if (format === 'epoch-s') return String(Math.floor(ms / 1000));
  if (format === 'iso') return new Date(ms).toISOString();
  const local = new Date(ms + VIETNAM_OFFSET_MINUTES * 60_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const date = `${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  const time = `${p(local.getUTCHours())}:${p(local.getUTCMinutes())}`;
  if (format === 'iso-local') {
    return `${local.getUTCFullYear()}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}T${time}:${p(local.getUTCSeconds())}.${p(local.getUTCMilliseconds(), 3)}`;
  }
  return format === 'dd/MM/yyyy HH:mm' ? `${date} ${time}` : `${date} ${time}:${p(local.getUTCSeconds())}`;
}

/** Reads one rule against `source`; `problems` collects why it could not. Undefined = no value. */
function readRule(target: string, rule: CompiledRule, source: unknown, problems: string[]): string | null | undefined {
  if (rule.kind === 'const') return rule.value;
  let raw: unknown;
  let from = rule.paths[0]!;
  for (const path of rule.paths) {
    const value = readPath(source, path);
    if (!isBlank(value)) {
      raw = value;
      from = path;
      break;
    }
  }
  const where = `${target} (${rule.paths.join(' | ')})`;
  if (isBlank(raw)) return rule.default;
  if (rule.format) {
    const date = parseDate(raw, rule.format);
    if (date === null) problems.push(`${target} (${from}): ${show(raw)} is not a date in ${rule.format}`);
    return date ?? undefined;
  }
  if (typeof raw === 'object') {
    problems.push(`${where}: expected text, got ${Array.isArray(raw) ? 'a list' : 'an object'}`);
    return undefined;
  }
  const text = String(raw).trim();
  if (rule.map) {
    const mapped = rule.map.get(text);
    if (mapped === undefined) {
      const known = [...rule.map.keys()].slice(0, 12).join(', ');
      problems.push(`${target} (${from}): unknown value ${show(text)} (known: ${known})`);
    }
    return mapped;
  }
  return text;
}

function readPauses(rule: CompiledPausesRule, record: unknown, problems: string[]): DossierPause[] {
  let raw: unknown;
  for (const path of rule.paths) {
    raw = readPath(record, path);
    if (!isBlank(raw)) break;
  }
  if (isBlank(raw)) return [];
  if (typeof raw === 'string') {
    // A CSV cell can only hold the list as JSON text.
    try {
      raw = JSON.parse(raw);
    } catch {
      problems.push(`pauses (${rule.paths.join(' | ')}): not a JSON list`);
      return [];
    }
  }
  if (!Array.isArray(raw)) {
    problems.push(`pauses (${rule.paths.join(' | ')}): expected a list`);
    return [];
  }
  return raw.map((item, i) => {
    const from = readRule(`pauses[${i}].from`, rule.from, item, problems);
    if (from === undefined || from === null) {
      if (!problems.some((p) => p.startsWith(`pauses[${i}].from`))) problems.push(`pauses[${i}].from: missing`);
    }
    const to = readRule(`pauses[${i}].to`, rule.to, item, problems);
    return { from: from ?? '', to: to ?? null };
  });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) target[head] = value;
  else ((target[head] ??= {}) as Record<string, unknown>)[tail] = value;
}

function clip(text: string): string {
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

/**
 * Maps one portal record to a Dossier of `sourceId`, or says why not. Never throws: one
 * bad record is the portal's problem to fix, not a reason to stop the batch.
 */
export function mapRecord(mapping: FieldMapping, record: unknown, sourceId: string, fallbackKey: string): MappedRecord {
  const problems: string[] = [];
  const codeRule = mapping.rules.get('code');
  const keyProblems: string[] = [];
  const code = codeRule ? readRule('code', codeRule, record, keyProblems) : undefined;
  const recordKey = typeof code === 'string' && code !== '' ? code.slice(0, 64) : fallbackKey;
  const updatedRule = mapping.rules.get('updatedAt');
  const updatedAt = updatedRule ? (readRule('updatedAt', updatedRule, record, []) ?? null) : null;
  const skip = (reason: string): MappedRecord => ({ ok: false, recordKey, reason: clip(reason), updatedAt });

  if (typeof record !== 'object' || record === null || Array.isArray(record)) return skip('the record is not an object');

  const draft: Record<string, unknown> = { sourceId, completedAt: null, localityId: null, pauses: [] };
  for (const [target, rule] of mapping.rules) {
    const value = readRule(target, rule, record, problems);
    if (value === undefined) {
      if (TARGETS[target].required && !problems.some((p) => p.startsWith(`${target} (`))) {
        problems.push(`${target} (${rule.kind === 'path' ? rule.paths.join(' | ') : 'const'}): missing`);
      }
      continue;
    }
    setPath(draft, target, value);
  }
  if (mapping.pauses) draft.pauses = readPauses(mapping.pauses, record, problems);
  if (problems.length > 0) return skip(problems.join('; '));

  const parsed = DossierSchema.safeParse(draft);
  if (!parsed.success) {
    return skip(parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`).join('; '));
  }
  const dossier = parsed.data;
  // Records the KPI engine would miscount are refused here, where the reason can be reported.
  const done = DONE_STATUSES.includes(dossier.status);
  if (done && dossier.completedAt === null) return skip(`status ${dossier.status} without a completion time (completedAt)`);
  if (!done && dossier.status !== 'cancelled' && dossier.completedAt !== null) return skip(`status ${dossier.status} (still open) with a completion time`);
  if (Date.parse(dossier.dueAt) < Date.parse(dossier.receivedAt)) return skip('dueAt is before receivedAt');
  if (dossier.completedAt !== null && Date.parse(dossier.completedAt) < Date.parse(dossier.receivedAt)) return skip('completedAt is before receivedAt');
  return { ok: true, dossier };
}
