import { describe, expect, it } from 'vitest';
import { classifyPoll, parsePlaylist, type ParsedPlaylist, type PollObservation } from '../../../server/cameras/playlist-health.js';

function media(sequence: number, count = 3, targetDuration = 2): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${targetDuration}`, `#EXT-X-MEDIA-SEQUENCE:${sequence}`];
  for (let i = 0; i < count; i++) lines.push(`#EXTINF:${targetDuration}.000,`, `seg${sequence + i}.ts`);
  return lines.join('\n');
}

function observe(text: string, elapsedMs = 50): PollObservation {
  const parsed = parsePlaylist(text);
  if (!parsed.ok || parsed.value.kind !== 'media') throw new Error('not a media playlist');
  return { ok: true, playlist: parsed.value as Extract<ParsedPlaylist, { kind: 'media' }>, elapsedMs };
}

describe('parsePlaylist', () => {
  it('reads a media playlist: target duration, media sequence, segments, end list', () => {
    expect(parsePlaylist(`\uFEFF${media(41, 2, 4)}\r\n#EXT-X-ENDLIST\r\n`)).toEqual({
      ok: true,
      value: { kind: 'media', targetDurationS: 4, mediaSequence: 41, segments: ['seg41.ts', 'seg42.ts'], endList: true },
    });
  });

  it('reads a master playlist’s variants in order', () => {
    const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=640x360\nsub/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2000000\nmain/index.m3u8\n';
    expect(parsePlaylist(master)).toEqual({ ok: true, value: { kind: 'master', variants: ['sub/index.m3u8', 'main/index.m3u8'] } });
  });

  it('refuses what is not an m3u8, bad numbers and mixed playlists', () => {
    expect(parsePlaylist('<html>404</html>')).toMatchObject({ ok: false, message: expect.stringContaining('not an HLS playlist') });
    expect(parsePlaylist('')).toMatchObject({ ok: false });
    expect(parsePlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:abc\n')).toMatchObject({ ok: false, message: expect.stringContaining('TARGETDURATION') });
    expect(parsePlaylist('#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1\n')).toMatchObject({ ok: false, message: expect.stringContaining('MEDIA-SEQUENCE') });
    expect(parsePlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n#EXTINF:2,\nb.ts\n')).toMatchObject({ ok: false, message: expect.stringContaining('mixes') });
  });
});

describe('classifyPoll', () => {
  const t0 = 1_000_000;

  it('first poll with segments is online; moving on stays online; a slow answer is degraded', () => {
    const first = classifyPoll(null, observe(media(10)), t0);
    expect(first).toMatchObject({ status: 'online', lastError: null, memory: { lastSequence: 12, lastSegment: 'seg12.ts', lastAdvanceAtMs: t0 } });
    const second = classifyPoll(first.memory, observe(media(11)), t0 + 5000);
    expect(second).toMatchObject({ status: 'online', memory: { lastSequence: 13, lastAdvanceAtMs: t0 + 5000 } });
    const slow = classifyPoll(second.memory, observe(media(12), 2500), t0 + 10_000);
    expect(slow).toMatchObject({ status: 'degraded', lastError: expect.stringContaining('slow'), memory: { lastSequence: 14 } });
    expect(classifyPoll(null, observe(media(1), 2001), t0).status).toBe('degraded');
  });

  it('not moving on: fine within a segment, degraded for a poll, offline past max(2 × target duration, 6 s)', () => {
    const first = classifyPoll(null, observe(media(10, 3, 2)), t0);
    expect(classifyPoll(first.memory, observe(media(10, 3, 2)), t0 + 2500).status).toBe('online'); // a 2 s segment may not have come yet
    const stuck = classifyPoll(first.memory, observe(media(10, 3, 2)), t0 + 5000);
    expect(stuck).toMatchObject({ status: 'degraded', lastError: 'stream not advancing', memory: first.memory });
    expect(classifyPoll(first.memory, observe(media(10, 3, 2)), t0 + 6000).status).toBe('degraded');
    expect(classifyPoll(first.memory, observe(media(10, 3, 2)), t0 + 6001)).toMatchObject({ status: 'offline', lastError: expect.stringContaining('stalled') });
    // long segments: 2 × 10 s = 20 s before offline
    const slowStream = classifyPoll(null, observe(media(5, 3, 10)), t0);
    expect(classifyPoll(slowStream.memory, observe(media(5, 3, 10)), t0 + 19_000).status).toBe('degraded');
    expect(classifyPoll(slowStream.memory, observe(media(5, 3, 10)), t0 + 20_001).status).toBe('offline');
  });

  it('an error or an empty playlist is offline and keeps the memory; a restarted encoder counts as moving on', () => {
    const first = classifyPoll(null, observe(media(100)), t0);
    const down = classifyPoll(first.memory, { ok: false, error: 'HTTP 404', elapsedMs: 3 }, t0 + 5000);
    expect(down).toEqual({ status: 'offline', lastError: 'HTTP 404', memory: first.memory });
    expect(classifyPoll(first.memory, observe('#EXTM3U\n#EXT-X-TARGETDURATION:2\n'), t0 + 5000)).toMatchObject({ status: 'offline', lastError: 'playlist has no segments' });
    // back with the same stale playlist long after: still offline (stalled)
    expect(classifyPoll(down.memory, observe(media(100)), t0 + 30_000).status).toBe('offline');
    // back with a restarted encoder (sequence reset): online
    expect(classifyPoll(down.memory, observe(media(0)), t0 + 30_000)).toMatchObject({ status: 'online', memory: { lastSequence: 2 } });
  });
});
