import type { Open311Attribute, Open311ServiceDefinition, Open311Status, ReportQuery, ReportSubmission } from '../reports/reports-port.js';
import { open311Failure, type Open311Failure } from './open311-errors.js';

/** Form fields as sent (repeats kept in order): from a urlencoded body, a multipart body or a query string. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

export function fieldsFromSearchParams(params: URLSearchParams): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [key, value] of params) appendField(fields, key, value);
  return fields;
}

export function appendField(fields: Map<string, string[]>, key: string, value: string): void {
  const list = fields.get(key);
  if (list) list.push(value);
  else fields.set(key, [value]);
}

/** Fastify's parsed query (string or string[] per key) as fields. */
export function fieldsFromQuery(query: unknown): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  if (typeof query !== 'object' || query === null) return fields;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') appendField(fields, key, v);
  }
  return fields;
}

/** The first value of a field, trimmed; null when absent or blank. */
export function single(fields: FormFields, key: string): string | null {
  const value = fields.get(key)?.[0]?.trim();
  return value ? value : null;
}

export const MAX_DESCRIPTION_CHARS = 4000;
export const DEFAULT_REQUEST_LIMIT = 1000;
export const MAX_SPAN_MS = 90 * 24 * 3600 * 1000;
const MAX_ATTRIBUTES = 50;
const MAX_LIST_VALUES = 50;
const MAX_IDS = 100;

/** Lengths in characters (code points), not UTF-16 units: a Vietnamese letter counts once. */
const charLength = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/i;
/** Vietnam's offset, used when a date comes without one. */
const LOCAL_OFFSET_MINUTES = 7 * 60;

/**
 * A W3C datetime (the ISO 8601 profile): `2026-05-04`, `2026-05-04T08:30:00+07:00`,
 * `…Z`, fractions allowed. An unencoded `+` in a query string arrives as a space and is
 * read as `+`. A date or time without offset is Vietnam time (+07:00). Epoch ms or null.
 */
export function parseW3cDatetime(text: string): number | null {
  const m = W3C_DATETIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null; // 31 April and friends
  let offset = LOCAL_OFFSET_MINUTES;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2, 4));
    if (oh > 14 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  } else if (zone) offset = 0;
  const ms = Math.round(Number(`0${frac || '.0'}`) * 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** Epoch ms (or an ISO string) as W3C datetime in +07:00, to the second: `2026-05-04T08:30:00+07:00`. */
export function toW3c(value: number | string): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return typeof value === 'string' ? value : '';
  return `${new Date(ms + LOCAL_OFFSET_MINUTES * 60_000).toISOString().slice(0, 19)}+07:00`;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,189}\.[^\s@<>()[\]\\,;:".]{1,63}$/;
const PHONE = /^\+?[0-9 ().-]{3,32}$/;
const SERVICE_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const ID_TEXT = /^[\p{L}\p{N}_.:@+-]{1,128}$/u;
const ATTRIBUTE_KEY = /^attribute\[([^[\]]{1,64})\](\[\])?$/;

const KNOWN_POST_FIELDS = new Set([
  'api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'device_id',
  'account_id', 'first_name', 'last_name', 'phone', 'description', 'media_url',
]);

/** An http(s) URL, at most 2,048 characters; anything else (javascript:, data:, file:) is refused. */
export function parseMediaUrl(text: string): string | null {
  if (text.length > 2048) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

function checkAttributeValue(attribute: Open311Attribute, values: string[], problems: string[]): string | string[] | null {
  const name = `attribute[${attribute.code}]`;
  const bad = (problem: string): null => {
    problems.push(`${name} ${problem}`);
    return null;
  };
  const keys = new Set((attribute.values ?? []).map((v) => v.key));
  const quote = (v: string) => `"${v.slice(0, 64)}"`;
  if (attribute.datatype === 'multivaluelist') {
    const unique = [...new Set(values)];
    if (unique.length > MAX_LIST_VALUES) return bad('has too many values');
    const unknown = unique.filter((v) => !keys.has(v));
    if (unknown.length) return bad(`has values not in its list: ${unknown.map(quote).join(', ')}`);
    return unique;
  }
  if (values.length > 1) return bad('takes one value');
  const value = values[0]!;
  switch (attribute.datatype) {
    case 'singlevaluelist':
      return keys.has(value) ? value : bad(`has a value not in its list: ${quote(value)}`);
    case 'number':
      return /^-?\d{1,15}(\.\d{1,10})?$/.test(value) ? value : bad('must be a number');
    case 'datetime':
      return parseW3cDatetime(value) !== null ? value : bad('must be a W3C datetime');
    case 'string':
      return charLength(value) <= 1000 ? value : bad('is longer than 1000 characters');
    case 'text':
      return charLength(value) <= MAX_DESCRIPTION_CHARS ? value : bad(`is longer than ${MAX_DESCRIPTION_CHARS} characters`);
  }
}

/** `attribute[code]` / `attribute[code][]` fields checked against the service definition (404-free: the service exists). */
function parseAttributes(fields: FormFields, definition: Open311ServiceDefinition | null, problems: string[]): Record<string, string | string[]> {
  const given = new Map<string, string[]>();
  for (const [key, values] of fields) {
    if (!key.startsWith('attribute')) continue;
    const m = ATTRIBUTE_KEY.exec(key);
    if (!m) {
      problems.push(`${key.slice(0, 80)} is not a valid attribute parameter (attribute[code] or attribute[code][])`);
      continue;
    }
    const list = given.get(m[1]!) ?? [];
    list.push(...values.map((v) => v.trim()).filter((v) => v.length > 0));
    given.set(m[1]!, list);
  }
  if (given.size > MAX_ATTRIBUTES) {
    problems.push('too many attributes');
    return {};
  }
  const variables = new Map((definition?.attributes ?? []).filter((a) => a.variable).map((a) => [a.code, a]));
  const result: Record<string, string | string[]> = {};
  for (const [code, values] of given) {
    const attribute = variables.get(code);
    if (!attribute) {
      problems.push(`attribute[${code.slice(0, 64)}] is not an attribute of this service`);
      continue;
    }
    if (values.length === 0) continue; // blank: treated as not given
    const value = checkAttributeValue(attribute, values, problems);
    if (value !== null) result[code] = value;
  }
  for (const attribute of variables.values()) {
    if (attribute.required && !(attribute.code in result) && !problems.some((p) => p.startsWith(`attribute[${attribute.code}]`))) {
      problems.push(`attribute[${attribute.code}] is required`);
    }
  }
  return result;
}

function optionalText(fields: FormFields, key: string, max: number, problems: string[], pattern?: RegExp): string | null {
  const value = single(fields, key);
  if (value === null) return null;
  if (charLength(value) > max) problems.push(`${key} is longer than ${max} characters`);
  else if (pattern && !pattern.test(value)) problems.push(`${key} is not valid`);
  else return value;
  return null;
}

export interface SubmissionLookups {
  /** The service's definition, or null when it has none (no attributes); undefined when the service does not exist. */
  definitionOf(serviceCode: string): Open311ServiceDefinition | null | undefined;
}

/**
 * POST requests parameters → the port's ReportSubmission, or the spec's errors: 400 for a
 * missing service_code, no location, a bad coordinate, a description over 4,000
 * characters, a bad attribute or media_url; 404 for an unknown service_code. The api_key
 * has been checked before (403). Unknown plain fields are ignored, as clients send extras.
 */
export function parseSubmission(
  fields: FormFields,
  lookups: SubmissionLookups,
  meta: { apiKeyId: string; channel: ReportSubmission['channel'] },
): { ok: true; submission: ReportSubmission } | { ok: false; failure: Open311Failure } {
  const serviceCode = single(fields, 'service_code');
  if (serviceCode === null) return { ok: false, failure: open311Failure(400, 'service_code is required') };
  if (!SERVICE_CODE.test(serviceCode)) return { ok: false, failure: open311Failure(400, 'service_code is not valid') };
  const definition = lookups.definitionOf(serviceCode);
  if (definition === undefined) return { ok: false, failure: open311Failure(404, `service_code ${serviceCode} does not exist`) };

  const problems: string[] = [];
  const latText = single(fields, 'lat');
  const lonText = single(fields, 'long');
  let lat: number | null = null;
  let lon: number | null = null;
  if (latText !== null || lonText !== null) {
    const NUM = /^[+-]?\d{1,3}(\.\d{1,15})?$/;
    const la = latText !== null && NUM.test(latText) ? Number(latText) : NaN;
    const lo = lonText !== null && NUM.test(lonText) ? Number(lonText) : NaN;
    if (latText === null || lonText === null) problems.push('lat and long must be given together');
    else if (!(la >= -90 && la <= 90) || !(lo >= -180 && lo <= 180)) problems.push('lat must be a number in [-90, 90] and long in [-180, 180]');
    else [lat, lon] = [la, lo];
  }
  const addressString = optionalText(fields, 'address_string', 500, problems);
  const addressId = optionalText(fields, 'address_id', 128, problems);
  if (lat === null && addressString === null && addressId === null && !problems.some((p) => p.startsWith('lat') || p.startsWith('address'))) {
    problems.push('A location is required: lat and long, address_string or address_id');
  }

  const descriptionRaw = fields.get('description')?.[0] ?? '';
  const description = descriptionRaw.trim();
  if (charLength(description) > MAX_DESCRIPTION_CHARS) problems.push(`description is longer than ${MAX_DESCRIPTION_CHARS} characters`);

  let mediaUrl: string | null = null;
  const mediaText = single(fields, 'media_url');
  if (mediaText !== null) {
    mediaUrl = parseMediaUrl(mediaText);
    if (mediaUrl === null) problems.push('media_url must be an http or https URL of at most 2048 characters');
  }

  const email = optionalText(fields, 'email', 254, problems, EMAIL);
  const phone = optionalText(fields, 'phone', 32, problems, PHONE);
  const firstName = optionalText(fields, 'first_name', 100, problems);
  const lastName = optionalText(fields, 'last_name', 100, problems);
  const deviceId = optionalText(fields, 'device_id', 128, problems, ID_TEXT);
  const accountId = optionalText(fields, 'account_id', 128, problems, ID_TEXT);
  const attributes = parseAttributes(fields, definition, problems);

  if (problems.length) return { ok: false, failure: open311Failure(400, ...problems) };
  return {
    ok: true,
    submission: {
      serviceCode,
      lat,
      lon,
      addressString,
      addressId,
      description,
      attributes,
      mediaUrl,
      reporter: { email, phone, firstName, lastName, deviceId, accountId },
      apiKeyId: meta.apiKeyId,
      channel: meta.channel,
    },
  };
}

/** True for fields a POST may carry (the spec's, and attribute[…]); callers may use it to report typos. */
export function isKnownPostField(key: string): boolean {
  return KNOWN_POST_FIELDS.has(key) || key.startsWith('attribute[');
}

const STATUSES: readonly Open311Status[] = ['open', 'closed'];

function commaList(text: string | null): string[] {
  return text === null ? [] : [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
}

/**
 * GET requests parameters → a ReportQuery. `service_request_id` (comma list) wins over
 * everything else. Otherwise: `service_code` (comma list), `status` (open, closed, comma
 * list), `start_date`/`end_date` (W3C). Without dates: the last 90 days. With one date,
 * the other is 90 days away from it (end_date never past now). A span over 90 days or an
 * end before the start is a 400. At most 1000 requests, newest first.
 */
export function parseRequestQuery(fields: FormFields, nowMs: number): { ok: true; query: ReportQuery; extensions: boolean } | { ok: false; failure: Open311Failure } {
  const extensions = (single(fields, 'extensions') ?? '').toLowerCase() === 'true';
  const ids = commaList(single(fields, 'service_request_id'));
  if (ids.length > 0) {
    if (ids.length > MAX_IDS) return { ok: false, failure: open311Failure(400, `service_request_id lists at most ${MAX_IDS} ids`) };
    if (ids.some((id) => !/^[A-Za-z0-9_.:-]{1,64}$/.test(id))) return { ok: false, failure: open311Failure(400, 'service_request_id is not valid') };
    return { ok: true, query: { ids, limit: DEFAULT_REQUEST_LIMIT }, extensions };
  }
  const problems: string[] = [];
  const serviceCodes = commaList(single(fields, 'service_code'));
  if (serviceCodes.some((code) => !SERVICE_CODE.test(code))) problems.push('service_code is not valid');
  const statuses = commaList(single(fields, 'status'));
  if (statuses.some((s) => !(STATUSES as readonly string[]).includes(s))) problems.push('status must be open, closed or both (comma-separated)');

  const startText = single(fields, 'start_date');
  const endText = single(fields, 'end_date');
  const startParsed = startText === null ? null : parseW3cDatetime(startText);
  const endParsed = endText === null ? null : parseW3cDatetime(endText);
  if (startText !== null && startParsed === null) problems.push('start_date must be a W3C datetime, e.g. 2026-05-04T08:00:00+07:00');
  if (endText !== null && endParsed === null) problems.push('end_date must be a W3C datetime, e.g. 2026-05-04T08:00:00+07:00');
  if (problems.length) return { ok: false, failure: open311Failure(400, ...problems) };

  let startMs: number;
  let endMs: number;
  if (startParsed !== null && endParsed !== null) [startMs, endMs] = [startParsed, endParsed];
  else if (startParsed !== null) [startMs, endMs] = [startParsed, Math.max(startParsed, Math.min(nowMs, startParsed + MAX_SPAN_MS))];
  else if (endParsed !== null) [startMs, endMs] = [endParsed - MAX_SPAN_MS, endParsed];
  else [startMs, endMs] = [nowMs - MAX_SPAN_MS, nowMs];
  if (endMs < startMs) return { ok: false, failure: open311Failure(400, 'end_date is before start_date') };
  if (endMs - startMs > MAX_SPAN_MS) return { ok: false, failure: open311Failure(400, 'start_date and end_date may be at most 90 days apart') };

  return {
    ok: true,
    query: {
      ...(serviceCodes.length ? { serviceCodes } : {}),
      ...(statuses.length ? { statuses: statuses as Open311Status[] } : {}),
      startMs,
      endMs,
      limit: DEFAULT_REQUEST_LIMIT,
    },
    extensions,
  };
}
