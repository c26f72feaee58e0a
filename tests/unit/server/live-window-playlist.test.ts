import { describe, expect, it } from 'vitest';
import {
  discontinuitiesBefore,
  liveWindow,
  loopIndexOf,
  parseLoopPlaylist,
  renderLiveWindowPlaylist,
  targetDurationOf,
} from '../../../server/streams/live-window-playlist.js';

const SIX_TWOS = [2, 2, 2, 2, 2, 2];
const at = (seconds: number) => ({ durationsS: SIX_TWOS, nowMs: seconds * 1000, anchorMs: 0 });

describe('live window over a replayed loop', () => {
  it('publishes a segment only once its whole duration has elapsed, and keeps the newest six', () => {
    expect(liveWindow(at(1)).segments).toEqual([]);
    expect(liveWindow(at(2)).segments.map((s) => s.index)).toEqual([0]);
    expect(liveWindow(at(11.999)).segments.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    const full = liveWindow(at(12));
    expect(full.mediaSequence).toBe(0);
    expect(full.segments.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(full.segments.some((s) => s.discontinuity)).toBe(false);
    const next = liveWindow(at(14));
    expect(next.mediaSequence).toBe(1);
    expect(next.segments.map((s) => [s.index, s.loopIndex])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 0]]);
  });

  it('marks every wrap of the loop with a discontinuity and counts the tags that left the window', () => {
    const wrapped = liveWindow(at(14));
    expect(wrapped.segments.filter((s) => s.discontinuity).map((s) => s.index)).toEqual([6]);
    expect(wrapped.discontinuitySequence).toBe(0);
    // At 26 s the window is 7…12: the tag on 6 has left (sequence 1), 12 carries the next one.
    const later = liveWindow(at(26));
    expect(later.segments.map((s) => s.index)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(later.discontinuitySequence).toBe(1);
    expect(later.segments.filter((s) => s.discontinuity).map((s) => s.index)).toEqual([12]);
  });

  it('gives every segment the same discontinuity number in every playlist that lists it (what players rely on)', () => {
    for (const phase of [0, 1, 3, 5]) {
      const ccOf = new Map<number, number>();
      let lastSequence = -1;
      for (let t = 0; t < 120; t += 0.7) {
        const window = liveWindow({ durationsS: SIX_TWOS, nowMs: 1_700_000_000_000 + t * 1000, phase });
        expect(window.mediaSequence).toBeGreaterThanOrEqual(lastSequence);
        lastSequence = window.mediaSequence;
        // As hls.js counts: start at the discontinuity sequence, +1 at each tag.
        let cc = window.discontinuitySequence;
        for (const segment of window.segments) {
          if (segment.discontinuity) cc++;
          expect(ccOf.get(segment.index) ?? cc).toBe(cc);
          ccOf.set(segment.index, cc);
          expect(segment.loopIndex).toBe(loopIndexOf(segment.index, 6, phase));
        }
      }
    }
  });

  it('counts discontinuities from a later origin, small and still consistent for every segment', () => {
    const originMs = 1_700_000_000_000;
    for (const phase of [0, 2, 5]) {
      const ccOf = new Map<number, number>();
      for (let t = 0; t < 90; t += 0.9) {
        const window = liveWindow({ durationsS: SIX_TWOS, nowMs: originMs + t * 1000, phase, discontinuityOriginMs: originMs });
        expect(window.discontinuitySequence).toBeLessThanOrEqual(Math.ceil(t / 12) + 1);
        let cc = window.discontinuitySequence;
        for (const segment of window.segments) {
          if (segment.discontinuity) cc++;
          expect(ccOf.get(segment.index) ?? cc).toBe(cc);
          ccOf.set(segment.index, cc);
        }
      }
    }
    // The media sequence still counts from the epoch.
    expect(liveWindow({ durationsS: SIX_TWOS, nowMs: originMs, discontinuityOriginMs: originMs }).mediaSequence).toBe(originMs / 2000 - 6);
  });

  it('advances one segment per segment duration, from the Unix epoch by default', () => {
    const nowMs = 1_700_000_001_000;
    const a = liveWindow({ durationsS: SIX_TWOS, nowMs });
    const b = liveWindow({ durationsS: SIX_TWOS, nowMs: nowMs + 2000 });
    expect(a.mediaSequence).toBe(Math.floor(nowMs / 2000) - 6);
    expect(b.mediaSequence).toBe(a.mediaSequence + 1);
    expect(a.segments).toHaveLength(6);
  });

  it('handles segments of unequal length and a phase that shifts where the stream is in its loop', () => {
    const durations = [2, 2, 1.5];
    // Loop of 5.5 s; at 5.5 s all three are out; at 7.5 s the first of the next loop.
    expect(liveWindow({ durationsS: durations, nowMs: 5500 }).segments.map((s) => s.loopIndex)).toEqual([0, 1, 2]);
    const wrapped = liveWindow({ durationsS: durations, nowMs: 7500 });
    expect(wrapped.segments.map((s) => [s.index, s.loopIndex, s.discontinuity])).toEqual([[0, 0, false], [1, 1, false], [2, 2, false], [3, 0, true]]);
    expect(wrapped.targetDurationS).toBe(2);
    // phase 2: global segment 0 is loop segment 2 (1.5 s), so it is out at 1.5 s and 1 is the wrap.
    const shifted = liveWindow({ durationsS: durations, nowMs: 1500, phase: 2 });
    expect(shifted.segments.map((s) => [s.index, s.loopIndex])).toEqual([[0, 2]]);
    const shifted2 = liveWindow({ durationsS: durations, nowMs: 3500, phase: 2 });
    expect(shifted2.segments.map((s) => [s.index, s.loopIndex, s.discontinuity])).toEqual([[0, 2, false], [1, 0, true]]);
  });

  it('refuses loops it cannot serve', () => {
    expect(() => liveWindow({ durationsS: [], nowMs: 0 })).toThrow(RangeError);
    expect(() => liveWindow({ durationsS: [2, 0], nowMs: 0 })).toThrow(RangeError);
    expect(() => liveWindow({ durationsS: [2, 2], nowMs: 0, phase: 2 })).toThrow(RangeError);
  });

  it('counts discontinuities and target durations as RFC 8216 says', () => {
    expect([0, 1, 2, 6, 7, 12, 13].map((i) => discontinuitiesBefore(i, 6))).toEqual([0, 0, 0, 0, 1, 1, 2]);
    expect(discontinuitiesBefore(5, 6, 2)).toBe(1); // the tag on index 4 (4 + 2 = 6)
    expect(targetDurationOf([2, 2.04, 1.9])).toBe(2);
    expect(targetDurationOf([2.6])).toBe(3);
    expect(targetDurationOf([0.4])).toBe(1);
  });
});

describe('playlist text', () => {
  it('renders a live media playlist: no ENDLIST, sequence numbers, tags before the wrapped segment', () => {
    const text = renderLiveWindowPlaylist(liveWindow(at(26)), (k) => `sub-${k}.ts`);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-DISCONTINUITY-SEQUENCE:1',
        ...[7, 8, 9, 10, 11].flatMap((k) => ['#EXTINF:2.000000,', `sub-${k}.ts`]),
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:2.000000,',
        'sub-12.ts',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('ENDLIST');
  });

  it('reads the segments of the VOD playlist ffmpeg writes for a loop', () => {
    const vod = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.000000,\nsub-0.ts\n#EXTINF:1.960000,\r\nsub-1.ts\n#EXT-X-ENDLIST\n';
    expect(parseLoopPlaylist(vod)).toEqual([
      { uri: 'sub-0.ts', durationS: 2 },
      { uri: 'sub-1.ts', durationS: 1.96 },
    ]);
    expect(parseLoopPlaylist('#EXTM3U\nstray.ts\n#EXTINF:bad,\nx.ts\n')).toEqual([]);
  });
});
