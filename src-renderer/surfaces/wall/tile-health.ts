import type { CameraStatus } from '../../../src-shared/model/camera.js';
import type { BudgetReason } from './stream-budget.js';

/**
 * A tile's health as measured in the page, not as the camera claims: frames the
 * compositor presented (requestVideoFrameCallback), frames dropped
 * (getVideoPlaybackQuality) and how long since the last new frame. Pure, so the
 * verdicts are tested on sample sequences without a browser.
 */

/** No new frame for longer than this while it should play: the tile says "stalled" instead of showing a frozen frame as live. */
export const STALLED_AFTER_MS = 3_000;
/** A stall this long gets the player destroyed and recreated; the gap lets hls.js's own gap-jumping fix a short hiccup first. */
export const RECONNECT_AFTER_STALL_MS = 5_000;
/** A fresh player with no frame after this long is treated as failed (manifest loads but segments never come). */
export const START_TIMEOUT_MS = 15_000;
/** Consecutive failed attempts (with no frame in between) after which the camera is called offline. */
export const OFFLINE_AFTER_FAILURES = 2;
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 10_000;
/** fps is averaged over this window: long enough to be steady, short enough to show a drop within seconds. */
export const FPS_WINDOW_MS = 2_000;

export type PlaybackState = 'live' | 'connecting' | 'stalled' | 'offline';

/**
 * Cumulative counters for one tile. A new player (reconnect) brings a new video
 * element whose own counters restart at zero; the meter keeps its totals rising.
 */
export interface FrameMeter {
  frames: number;
  dropped: number;
  /** The current element's raw counters, to turn them into deltas. */
  rawPresented: number;
  rawDropped: number;
  lastFrameAtMs: number | null;
  /** Recent (time, frames) points for the fps average. */
  window: readonly { atMs: number; frames: number }[];
}

export function newFrameMeter(): FrameMeter {
  return { frames: 0, dropped: 0, rawPresented: 0, rawDropped: 0, lastFrameAtMs: null, window: [] };
}

/** A new video element: its counters start from zero, the tile's totals do not. */
export function meterNewElement(meter: FrameMeter): FrameMeter {
  return { ...meter, rawPresented: 0, rawDropped: 0 };
}

/** rVFC's `presentedFrames` (cumulative for the element); a counter going backwards means the element restarted. */
export function meterPresented(meter: FrameMeter, presentedFrames: number, atMs: number): FrameMeter {
  const delta = presentedFrames >= meter.rawPresented ? presentedFrames - meter.rawPresented : presentedFrames;
  if (delta <= 0) return { ...meter, rawPresented: presentedFrames };
  return { ...meter, frames: meter.frames + delta, rawPresented: presentedFrames, lastFrameAtMs: atMs };
}

/** `getVideoPlaybackQuality().droppedVideoFrames` (cumulative for the element). */
export function meterDropped(meter: FrameMeter, droppedFrames: number): FrameMeter {
  const delta = droppedFrames >= meter.rawDropped ? droppedFrames - meter.rawDropped : droppedFrames;
  return { ...meter, dropped: meter.dropped + Math.max(0, delta), rawDropped: droppedFrames };
}

/** Adds a point to the fps window and returns frames per second over it (0 until two points span some time). */
export function meterSample(meter: FrameMeter, atMs: number, windowMs = FPS_WINDOW_MS): { meter: FrameMeter; fps: number } {
  const points = [...meter.window, { atMs, frames: meter.frames }].filter((p) => atMs - p.atMs <= windowMs);
  const first = points[0]!;
  const spanMs = atMs - first.atMs;
  const fps = spanMs > 0 ? ((meter.frames - first.frames) * 1000) / spanMs : 0;
  return { meter: { ...meter, window: points }, fps: Math.round(fps * 10) / 10 };
}

export interface PlaybackInput {
  nowMs: number;
  /** When the last new frame was presented by any player of this tile; null before the first. */
  lastFrameAtMs: number | null;
  /** Consecutive failed attempts since the last frame. */
  failures: number;
  /** The player was destroyed and the next attempt waits for its backoff. */
  retrying: boolean;
  /** The health poller's verdict on the camera, when known. */
  cameraStatus: CameraStatus | null;
  /** Neither MediaSource nor native HLS: nothing this page can do will play it. */
  unsupported: boolean;
}

/** For a tile that should play: is the picture live, coming, frozen, or gone? */
export function classifyPlayback(input: PlaybackInput): PlaybackState {
  if (input.unsupported) return 'offline';
  const fresh = input.lastFrameAtMs !== null && input.nowMs - input.lastFrameAtMs <= STALLED_AFTER_MS;
  // Frames the page itself presented beat any stale verdict of the poller.
  if (fresh && !input.retrying) return 'live';
  if (input.failures >= OFFLINE_AFTER_FAILURES) return 'offline';
  if (input.cameraStatus === 'offline') return 'offline';
  if (input.lastFrameAtMs !== null) return 'stalled';
  return 'connecting';
}

export interface ReconnectInput {
  nowMs: number;
  attemptStartedAtMs: number;
  lastFrameAtMs: number | null;
}

/** Whether a running player should be torn down and recreated, and why. */
export function reconnectReason(input: ReconnectInput): 'stall' | 'start-timeout' | null {
  const frameThisAttempt = input.lastFrameAtMs !== null && input.lastFrameAtMs >= input.attemptStartedAtMs ? input.lastFrameAtMs : null;
  if (frameThisAttempt !== null) return input.nowMs - frameThisAttempt > RECONNECT_AFTER_STALL_MS ? 'stall' : null;
  return input.nowMs - input.attemptStartedAtMs > START_TIMEOUT_MS ? 'start-timeout' : null;
}

/** 1 s, 2 s, 4 s, 8 s, then 10 s; ±20 % jitter so a wall of tiles on one dead gateway does not retry in lockstep. */
export function reconnectDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.max(0, failures - 1));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(RECONNECT_MAX_MS, Math.max(RECONNECT_MIN_MS, jittered)));
}

/** What a tile shows (and `data-state` says): the budget's decision first, the player's health when it plays. */
export type TileState = PlaybackState | 'paused-budget' | 'hidden' | 'empty';

export function tileState(reason: BudgetReason, playback: PlaybackState): TileState {
  switch (reason) {
    case 'empty':
      return 'empty';
    case 'unknown-camera':
      return 'offline';
    case 'loading':
      return 'connecting';
    case 'hidden':
      return 'hidden';
    case 'paused-budget':
      return 'paused-budget';
    case 'play':
      return playback;
  }
}
