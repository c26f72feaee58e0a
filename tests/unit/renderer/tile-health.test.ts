import { describe, expect, it } from 'vitest';
import {
  classifyPlayback,
  meterDropped,
  meterNewElement,
  meterPresented,
  meterSample,
  newFrameMeter,
  reconnectDelayMs,
  reconnectReason,
  tileState,
  type FrameMeter,
  type PlaybackInput,
} from '../../../src-renderer/surfaces/wall/tile-health.js';

/** Feeds a 25 fps stream from `fromMs` to `toMs` as rVFC would, sampling every 500 ms; returns the meter and last fps. */
function play(meter: FrameMeter, fromMs: number, toMs: number, fpsIn = 25, presentedAtStart = 0): { meter: FrameMeter; fps: number; presented: number } {
  let m = meter;
  let fps = 0;
  let presented = presentedAtStart;
  for (let t = fromMs; t <= toMs; t += 1000 / fpsIn) {
    presented += 1;
    m = meterPresented(m, presented, t);
    if (Math.round(t) % 500 === 0) ({ meter: m, fps } = meterSample(m, t));
  }
  return { meter: m, fps, presented };
}

function verdict(meter: FrameMeter, nowMs: number, patch: Partial<PlaybackInput> = {}) {
  return classifyPlayback({ nowMs, lastFrameAtMs: meter.lastFrameAtMs, failures: 0, retrying: false, cameraStatus: 'online', unsupported: false, ...patch });
}

describe('tile health from frame samples', () => {
  it('a steady stream is live at its frame rate', () => {
    const { meter, fps } = play(newFrameMeter(), 0, 4000);
    expect(meter.frames).toBe(101);
    expect(fps).toBeGreaterThan(24);
    expect(fps).toBeLessThan(26);
    expect(verdict(meter, 4000)).toBe('live');
  });

  it('a picture with no new frame for more than 3 s is stalled, not live', () => {
    const { meter } = play(newFrameMeter(), 0, 2000);
    expect(verdict(meter, 2000 + 3000)).toBe('live');
    expect(verdict(meter, 2000 + 3001)).toBe('stalled');
    // fps falls to zero over the window once frames stop.
    expect(meterSample(meter, 2000 + 2500).fps).toBe(0);
  });

  it('counts totals across a reconnect, when the new element starts counting from zero', () => {
    const first = play(newFrameMeter(), 0, 1000);
    const second = play(meterNewElement(first.meter), 8000, 9000);
    expect(second.meter.frames).toBe(first.meter.frames + 26);
    // A counter that jumps backwards without a new element (the element restarted) is still counted, not subtracted.
    const restarted = meterPresented(second.meter, 3, 9100);
    expect(restarted.frames).toBe(second.meter.frames + 3);
  });

  it('counts dropped frames from the cumulative playback quality', () => {
    let m = meterDropped(newFrameMeter(), 2);
    m = meterDropped(m, 2);
    m = meterDropped(m, 7);
    expect(m.dropped).toBe(7);
    m = meterDropped(meterNewElement(m), 1);
    expect(m.dropped).toBe(8);
  });

  it('says connecting before the first frame, offline after repeated failures or when the poller says so', () => {
    const fresh = newFrameMeter();
    expect(verdict(fresh, 500)).toBe('connecting');
    expect(verdict(fresh, 500, { failures: 1, retrying: true })).toBe('connecting');
    expect(verdict(fresh, 500, { failures: 2, retrying: true })).toBe('offline');
    expect(verdict(fresh, 500, { cameraStatus: 'offline' })).toBe('offline');
    expect(verdict(fresh, 500, { unsupported: true })).toBe('offline');
  });

  it('trusts frames it sees over a stale offline verdict from the poller', () => {
    const { meter } = play(newFrameMeter(), 0, 1000);
    expect(verdict(meter, 1000, { cameraStatus: 'offline' })).toBe('live');
  });

  it('a stream that dies while live shows stalled while it retries, then offline', () => {
    const { meter } = play(newFrameMeter(), 0, 1000);
    expect(verdict(meter, 1200, { failures: 1, retrying: true })).toBe('stalled');
    expect(verdict(meter, 9000, { failures: 2, retrying: true })).toBe('offline');
  });
});

describe('reconnect decisions', () => {
  it('recreates a player after a stall and one that never started', () => {
    expect(reconnectReason({ nowMs: 4000, attemptStartedAtMs: 0, lastFrameAtMs: 1000 })).toBeNull();
    expect(reconnectReason({ nowMs: 6001, attemptStartedAtMs: 0, lastFrameAtMs: 1000 })).toBe('stall');
    expect(reconnectReason({ nowMs: 14_000, attemptStartedAtMs: 0, lastFrameAtMs: null })).toBeNull();
    expect(reconnectReason({ nowMs: 15_001, attemptStartedAtMs: 0, lastFrameAtMs: null })).toBe('start-timeout');
    // A frame from an earlier attempt does not make a new attempt look stalled.
    expect(reconnectReason({ nowMs: 20_000, attemptStartedAtMs: 10_000, lastFrameAtMs: 9_000 })).toBeNull();
  });

  it('backs off 1 s, 2 s, 4 s, 8 s, then stays at 10 s, with bounded jitter', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 9].map((n) => reconnectDelayMs(n, middle))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(reconnectDelayMs(1, () => 0)).toBe(1000);
    expect(reconnectDelayMs(3, () => 0)).toBe(3200);
    expect(reconnectDelayMs(3, () => 1)).toBe(4800);
    expect(reconnectDelayMs(9, () => 1)).toBe(10_000);
  });
});

describe('tile state', () => {
  it('puts the budget first and the player after', () => {
    expect(tileState('empty', 'live')).toBe('empty');
    expect(tileState('hidden', 'live')).toBe('hidden');
    expect(tileState('paused-budget', 'live')).toBe('paused-budget');
    expect(tileState('unknown-camera', 'connecting')).toBe('offline');
    expect(tileState('loading', 'live')).toBe('connecting');
    expect(tileState('play', 'stalled')).toBe('stalled');
  });
});
