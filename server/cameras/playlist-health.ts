import type { CameraStatus } from '../../src-shared/model/camera.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/**
 * Pure HLS playlist reading and the health verdict for one poll. No I/O here, so
 * every rule is unit-tested with plain strings and clock values.
 */
export type ParsedPlaylist =
  | { kind: 'master'; variants: string[] }
  | { kind: 'media'; targetDurationS: number | null; mediaSequence: number; segments: string[]; endList: boolean };

function tagValue(line: string, tag: string): string | null {
  return line.startsWith(`${tag}:`) ? line.slice(tag.length + 1).trim() : null;
}

/** Reads an m3u8 (RFC 8216) just far enough to tell master from media and find the newest segment. */
export function parsePlaylist(text: string): Result<ParsedPlaylist> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') return fail('bad-request', 'not an HLS playlist (no #EXTM3U)');

  const variants: string[] = [];
  const segments: string[] = [];
  let targetDurationS: number | null = null;
  let mediaSequence = 0;
  let endList = false;
  let awaiting: 'variant' | 'segment' | null = null;
  for (const line of lines.slice(1)) {
    if (line.startsWith('#')) {
      if (line.startsWith('#EXT-X-STREAM-INF')) awaiting = 'variant';
      else if (line.startsWith('#EXTINF')) awaiting = 'segment';
      else if (line === '#EXT-X-ENDLIST') endList = true;
      const target = tagValue(line, '#EXT-X-TARGETDURATION');
      if (target !== null) {
        const n = Number(target);
        if (!Number.isFinite(n) || n <= 0) return fail('bad-request', `bad #EXT-X-TARGETDURATION "${target.slice(0, 20)}"`);
        targetDurationS = n;
      }
      const sequence = tagValue(line, '#EXT-X-MEDIA-SEQUENCE');
      if (sequence !== null) {
        const n = Number(sequence);
        if (!Number.isInteger(n) || n < 0) return fail('bad-request', `bad #EXT-X-MEDIA-SEQUENCE "${sequence.slice(0, 20)}"`);
        mediaSequence = n;
      }
      continue;
    }
    if (awaiting === 'variant') variants.push(line);
    else if (awaiting === 'segment') segments.push(line);
    awaiting = null;
  }
  if (variants.length > 0 && segments.length > 0) return fail('bad-request', 'playlist mixes variants and segments');
  if (variants.length > 0) return ok({ kind: 'master', variants });
  return ok({ kind: 'media', targetDurationS, mediaSequence, segments, endList });
}

/** What one poll saw: an error (HTTP, network, timeout, not a playlist) or a media playlist. */
export type PollObservation =
  | { ok: false; error: string; elapsedMs: number }
  | { ok: true; playlist: Extract<ParsedPlaylist, { kind: 'media' }>; elapsedMs: number };

/** The newest segment seen, and when the playlist last moved on. */
export interface PollMemory {
  lastSequence: number;
  lastSegment: string;
  lastAdvanceAtMs: number;
}

export interface HealthVerdict {
  status: Exclude<CameraStatus, 'unknown'>;
  lastError: string | null;
  /** Carry into the next poll of the same URL. */
  memory: PollMemory | null;
}

export interface HealthThresholds {
  /** An answer slower than this is degraded. */
  slowMs: number;
  /** A playlist that has not moved for longer than max(2 × target duration, this) is offline. */
  minStallMs: number;
  /** Target duration assumed when a playlist does not state one. */
  defaultTargetDurationS: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { slowMs: 2000, minStallMs: 6000, defaultTargetDurationS: 2 };

/**
 * The verdict on one poll:
 * - online: a media playlist that moved on since the last poll (or the first poll that has segments);
 * - degraded: it answered, but slower than `slowMs`, or it has not moved on for one poll;
 * - offline: an error, no segments, or not moved on for longer than max(2 × target duration, `minStallMs`).
 *
 * A live playlist gains one segment per target duration, so a poll that comes
 * sooner than that after the last advance is not "not advancing" yet (fast polls,
 * as in tests, would otherwise flap between online and degraded).
 */
export function classifyPoll(
  previous: PollMemory | null,
  observation: PollObservation,
  nowMs: number,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): HealthVerdict {
  if (!observation.ok) return { status: 'offline', lastError: observation.error, memory: previous };
  const { playlist, elapsedMs } = observation;
  const lastSegment = playlist.segments[playlist.segments.length - 1];
  if (lastSegment === undefined) return { status: 'offline', lastError: 'playlist has no segments', memory: previous };

  const lastSequence = playlist.mediaSequence + playlist.segments.length - 1;
  const slow = elapsedMs > thresholds.slowMs ? `slow answer: ${Math.round(elapsedMs)} ms` : null;
  // Any change of the newest segment counts as moving on: an encoder restart resets the sequence.
  const advanced = previous === null || previous.lastSequence !== lastSequence || previous.lastSegment !== lastSegment;
  if (advanced) {
    const memory = { lastSequence, lastSegment, lastAdvanceAtMs: nowMs };
    return { status: slow ? 'degraded' : 'online', lastError: slow, memory };
  }

  const targetMs = (playlist.targetDurationS ?? thresholds.defaultTargetDurationS) * 1000;
  const staleMs = nowMs - previous.lastAdvanceAtMs;
  if (staleMs > Math.max(2 * targetMs, thresholds.minStallMs)) {
    return { status: 'offline', lastError: `stream stalled: no new segment for ${Math.round(staleMs / 1000)} s`, memory: previous };
  }
  if (staleMs > 1.5 * targetMs) return { status: 'degraded', lastError: 'stream not advancing', memory: previous };
  return { status: slow ? 'degraded' : 'online', lastError: slow, memory: previous };
}
