import {
  ALERT_ACTIONS,
  ALERT_CATEGORIES,
  ALERT_CERTAINTIES,
  ALERT_SEVERITIES,
  ALERT_SOURCES,
  ALERT_STATES,
  ALERT_URGENCIES,
  type Alert,
  type AlertChange,
} from '../model/alert.js';
import type { SyncEvent } from './sync-events.js';

/**
 * Fast paths in front of the zod schemas for what a catch-up streams by the hundred
 * thousand: the event envelope, `Alert` and `AlertChange`.
 *
 * Each check accepts only the canonical shape: a plain object with exactly the
 * schema's keys (no unknown key that zod would strip, no missing key that zod would
 * default), every value of the right type and within the schema's limits, and
 * nothing a zod transform would change (a headline already trimmed). Then the
 * zod schema would accept the same value and output an equal one, so the check
 * returns the input itself. Anything else returns null, and the caller asks the
 * zod schema, which stays the one definition of what is valid: the checks are never
 * more lenient than zod, only quicker on the common case
 * (tests/unit/shared/event-checks.test.ts compares both on mutated inputs).
 */

type Dict = Record<string, unknown>;

const SOURCES: ReadonlySet<unknown> = new Set(ALERT_SOURCES);
const CATEGORIES: ReadonlySet<unknown> = new Set(ALERT_CATEGORIES);
const SEVERITIES: ReadonlySet<unknown> = new Set(ALERT_SEVERITIES);
const URGENCIES: ReadonlySet<unknown> = new Set(ALERT_URGENCIES);
const CERTAINTIES: ReadonlySet<unknown> = new Set(ALERT_CERTAINTIES);
const STATES: ReadonlySet<unknown> = new Set(ALERT_STATES);
const ACTIONS: ReadonlySet<unknown> = new Set(ALERT_ACTIONS);
const HISTORY_ACTIONS: ReadonlySet<unknown> = new Set([...ALERT_ACTIONS, 'raise']);
const ALERT_ID = /^[A-Za-z0-9._:-]+$/;

/** An object as JSON.parse makes it: keys all its own, so reading a missing key gives undefined. */
function isPlainObject(x: unknown): x is Dict {
  if (typeof x !== 'object' || x === null) return false;
  return Object.getPrototypeOf(x) === Object.prototype;
}

/** An array as JSON.parse makes it: no holes, no keys besides its indices (zod would drop those). */
export function isPlainArray(x: unknown): x is unknown[] {
  return Array.isArray(x) && Object.getPrototypeOf(x) === Array.prototype && Object.keys(x).length === x.length;
}

function keyCount(x: Dict): number {
  let n = 0;
  for (const key in x) if (Object.prototype.hasOwnProperty.call(x, key)) n++;
  return n;
}

function isString(x: unknown, max: number): x is string {
  return typeof x === 'string' && x.length <= max;
}

function isId(x: unknown): x is string {
  return typeof x === 'string' && x.length >= 1 && x.length <= 64 && ALERT_ID.test(x);
}

function isStringOrNull(x: unknown): x is string | null {
  return x === null || typeof x === 'string';
}

function isNumberIn(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && x >= min && x <= max; // NaN fails both comparisons
}

/** `SyncEventSchema` (data: any value, but the key must be there). */
export function checkSyncEvent(x: unknown): SyncEvent | null {
  if (!isPlainObject(x)) return null;
  const seq = x.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) return null;
  const id = x.id;
  if (typeof id !== 'string' || id.length < 1 || id.length > 64) return null;
  const type = x.type;
  if (typeof type !== 'string' || type.length < 1 || type.length > 64) return null;
  if (typeof x.at !== 'string' || !isString(x.actor, 64) || !isString(x.subject, 128)) return null;
  const commandId = x.commandId;
  if (commandId !== null && !isString(commandId, 64)) return null;
  if (x.data === undefined) return null;
  if (keyCount(x) !== 8) return null;
  return x as unknown as SyncEvent;
}

/** `AlertLocationSchema.nullable()` without its default: null or the object itself. */
function isLocation(x: unknown): boolean {
  if (x === null) return true;
  if (!isPlainObject(x)) return false;
  if (!isNumberIn(x.lat, -90, 90) || !isNumberIn(x.lon, -180, 180)) return false;
  const areaDesc = x.areaDesc;
  if (areaDesc !== undefined && !isString(areaDesc, 200)) return false;
  return keyCount(x) === (areaDesc === undefined ? 2 : 3);
}

function isCameraIds(x: unknown): boolean {
  if (!isPlainArray(x) || x.length > 32) return false;
  for (let i = 0; i < x.length; i++) {
    const c: unknown = x[i];
    if (typeof c !== 'string' || c.length < 1 || c.length > 64) return false;
  }
  return true;
}

function isHistoryEntry(x: unknown): boolean {
  if (!isPlainObject(x)) return false;
  if (typeof x.at !== 'string' || typeof x.actor !== 'string') return false;
  if (!HISTORY_ACTIONS.has(x.action)) return false;
  const fromState = x.fromState;
  if (fromState !== null && !STATES.has(fromState)) return false;
  if (!STATES.has(x.toState) || !isStringOrNull(x.ownerId)) return false;
  const note = x.note;
  if (note !== undefined && typeof note !== 'string') return false;
  return keyCount(x) === (note === undefined ? 6 : 7);
}

/** `AlertSchema`, canonical form only (description, location and cameraIds present, headline trimmed). */
export function checkAlert(x: unknown): Alert | null {
  if (!isPlainObject(x)) return null;
  if (!SOURCES.has(x.source) || !CATEGORIES.has(x.category) || !SEVERITIES.has(x.severity)) return null;
  if (!URGENCIES.has(x.urgency) || !CERTAINTIES.has(x.certainty)) return null;
  const headline = x.headline;
  if (typeof headline !== 'string' || headline.length < 1 || headline.length > 160 || headline.trim() !== headline) return null;
  if (!isString(x.description, 4000) || !isLocation(x.location) || !isCameraIds(x.cameraIds)) return null;
  if (!isId(x.id) || !STATES.has(x.state) || !isStringOrNull(x.ownerId)) return null;
  if (typeof x.raisedAt !== 'string' || typeof x.updatedAt !== 'string' || typeof x.raisedBy !== 'string') return null;
  const history = x.history;
  if (!isPlainArray(history)) return null;
  for (let i = 0; i < history.length; i++) if (!isHistoryEntry(history[i])) return null;
  if (keyCount(x) !== 16) return null;
  return x as unknown as Alert;
}

/** `AlertChangeSchema`. */
export function checkAlertChange(x: unknown): AlertChange | null {
  if (!isPlainObject(x)) return null;
  if (!isId(x.alertId) || !ACTIONS.has(x.action) || !STATES.has(x.state) || !isStringOrNull(x.ownerId)) return null;
  const note = x.note;
  if (note !== undefined && typeof note !== 'string') return null;
  if (keyCount(x) !== (note === undefined ? 4 : 5)) return null;
  return x as unknown as AlertChange;
}
