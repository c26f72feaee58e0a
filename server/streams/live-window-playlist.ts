/**
 * Pure HLS helpers for replay mode: a short encoded loop is served as if it were
 * a live camera. The media playlist is computed from the clock on every request,
 * so serving costs no encoding CPU and every client (and every server restart)
 * agrees on which segment is "now". No I/O here, so the rules are unit-tested
 * with plain numbers.
 */

/** One segment of an encoded loop, in loop order. */
export interface LoopSegment {
  /** File name of the segment inside the loop's folder (as the VOD playlist names it). */
  uri: string;
  durationS: number;
}

export interface LiveWindowOptions {
  /** Segment durations of the loop, in order; at least one, each > 0. */
  durationsS: readonly number[];
  nowMs: number;
  /**
   * The instant global segment 0 started. The Unix epoch (default) makes the
   * media sequence survive server restarts, so a player never sees it go back.
   */
  anchorMs?: number;
  /** Segments in the playlist; default 6. */
  listSize?: number;
  /**
   * Shifts where this stream is inside its loop, in segments (0 ≤ phase < loop
   * length), so a wall of replayed cameras does not wrap all at the same instant.
   */
  phase?: number;
  /**
   * Discontinuities are counted from the window served at this instant (default:
   * the anchor). Players index per-discontinuity state by that number: hls.js keeps
   * a sparse array indexed by it and copies it with slice(), so a count from the
   * epoch (~10^8) makes every fragment take seconds. Counting from when serving
   * began keeps it small; it must not move while players are connected.
   */
  discontinuityOriginMs?: number;
}

export interface LiveWindowSegment {
  /** Global, ever-increasing segment number (the media sequence number of this segment). */
  index: number;
  /** Which loop segment carries its media. */
  loopIndex: number;
  durationS: number;
  /** The loop wraps before this segment: its timestamps restart. */
  discontinuity: boolean;
}

export interface LiveWindow {
  mediaSequence: number;
  /** Discontinuity tags that have already left the window (RFC 8216 §6.2.2). */
  discontinuitySequence: number;
  targetDurationS: number;
  segments: LiveWindowSegment[];
}

export const DEFAULT_LIVE_LIST_SIZE = 6;

/** Which loop segment carries global segment `index`. */
export function loopIndexOf(index: number, loopLength: number, phase = 0): number {
  return mod(index + phase, loopLength);
}

/**
 * The segments a live player should see at `nowMs`: the newest `listSize`
 * segments that are complete (a segment is published once its whole duration has
 * elapsed, as a real encoder would publish it).
 */
export function liveWindow(options: LiveWindowOptions): LiveWindow {
  const window = liveWindowFromAnchor(options);
  const originMs = options.discontinuityOriginMs;
  if (originMs === undefined || originMs === (options.anchorMs ?? 0)) return window;
  // Windows only move forward, so nothing served after the origin starts before the origin's window.
  const origin = liveWindowFromAnchor({ ...options, nowMs: Math.min(originMs, options.nowMs) });
  const base = discontinuitiesBefore(origin.mediaSequence, options.durationsS.length, options.phase ?? 0);
  return { ...window, discontinuitySequence: Math.max(0, window.discontinuitySequence - base) };
}

function liveWindowFromAnchor(options: LiveWindowOptions): LiveWindow {
  const durations = options.durationsS;
  const loopLength = durations.length;
  if (loopLength === 0) throw new RangeError('a loop needs at least one segment');
  for (const d of durations) if (!(d > 0) || !Number.isFinite(d)) throw new RangeError(`bad segment duration ${d}`);
  const listSize = Math.max(1, Math.floor(options.listSize ?? DEFAULT_LIVE_LIST_SIZE));
  const phase = Math.floor(options.phase ?? 0);
  if (phase < 0 || phase >= loopLength) throw new RangeError(`phase ${phase} outside 0..${loopLength - 1}`);

  // Start offset of each loop segment; cumulative[loopLength] is the loop's length.
  const cumulative = [0];
  for (const d of durations) cumulative.push(cumulative[cumulative.length - 1]! + d);
  const loopS = cumulative[loopLength]!;

  // Work in "shifted" indices j = index + phase, whose loop position is j mod L;
  // the stream started at shifted time cumulative[phase].
  const elapsedS = (options.nowMs - (options.anchorMs ?? 0)) / 1000 + cumulative[phase]!;
  const loops = Math.floor(elapsedS / loopS);
  const intoLoopS = elapsedS - loops * loopS;
  let completeInLoop = 0;
  // A tiny tolerance so a segment whose end falls exactly on `now` counts as published despite float sums.
  while (completeInLoop < loopLength && cumulative[completeInLoop + 1]! <= intoLoopS + 1e-9) completeInLoop++;
  const newest = loops * loopLength + completeInLoop - 1 - phase;

  const first = Math.max(0, newest - listSize + 1);
  const segments: LiveWindowSegment[] = [];
  for (let index = first; index <= newest; index++) {
    const loopIndex = loopIndexOf(index, loopLength, phase);
    segments.push({ index, loopIndex, durationS: durations[loopIndex]!, discontinuity: index > 0 && loopIndex === 0 });
  }
  return {
    mediaSequence: first,
    discontinuitySequence: discontinuitiesBefore(first, loopLength, phase),
    targetDurationS: targetDurationOf(durations),
    segments,
  };
}

/** Discontinuity tags carried by segments 1 … index-1 (segment 0 never has one). */
export function discontinuitiesBefore(index: number, loopLength: number, phase = 0): number {
  if (index <= 1) return 0;
  return Math.floor((index - 1 + phase) / loopLength) - Math.floor(phase / loopLength);
}

/** RFC 8216: every EXTINF, rounded to the nearest integer, must not exceed the target duration. */
export function targetDurationOf(durationsS: readonly number[]): number {
  return Math.max(1, ...durationsS.map((d) => Math.round(d)));
}

/**
 * The live media playlist text: no EXT-X-ENDLIST (players keep reloading), a
 * discontinuity wherever the loop wraps, segment URIs from `segmentUri(index)`.
 */
export function renderLiveWindowPlaylist(window: LiveWindow, segmentUri: (index: number) => string): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${window.targetDurationS}`,
    `#EXT-X-MEDIA-SEQUENCE:${window.mediaSequence}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${window.discontinuitySequence}`,
  ];
  for (const segment of window.segments) {
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${segment.durationS.toFixed(6)},`, segmentUri(segment.index));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the segments of a VOD playlist as ffmpeg writes it (EXTINF + URI pairs),
 * which is how the loop's real segment durations are learned instead of assumed.
 */
export function parseLoopPlaylist(text: string): LoopSegment[] {
  const segments: LoopSegment[] = [];
  let pending: number | null = null;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXTINF:')) {
      const value = Number(line.slice('#EXTINF:'.length).split(',')[0]);
      pending = Number.isFinite(value) && value > 0 ? value : null;
    } else if (!line.startsWith('#')) {
      if (pending !== null) segments.push({ uri: line, durationS: pending });
      pending = null;
    }
  }
  return segments;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
