import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCameras, type DemoCameras } from '../../server/demo/demo-cameras.js';
import {
  fetchBytes,
  fetchPlaylist,
  ffprobeVideo,
  looksLikeFmp4,
  looksLikeMpegTs,
  newestSequence,
  waitForAdvance,
  waitForPlaylist,
  waitForStatus,
} from '../support/hls-probe.js';
import { runTsEntry } from '../support/child-process.js';

/** Pids of processes whose command line mentions `needle` (a unique temp path), via pgrep -f. */
function pidsMatching(needle: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', needle], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | null | Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-cams-'));
afterAll(() => fs.rmSync(tempRoot, { recursive: true, force: true }));

describe.skipIf(!hasFfmpeg())('demo cameras, live mode: one supervised ffmpeg per camera', () => {
  const dataDir = path.join(tempRoot, 'live');
  let demo: DemoCameras;

  beforeAll(async () => {
    demo = await startDemoCameras({ dataDir, count: 2, mode: 'live', streamPorts: 4 });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('serves advancing sub and main playlists with CORS, on different origins, with valid H.264 segments', async () => {
    expect(demo.available).toBe(true);
    expect(demo.reason).toBeNull();
    const [cam1, cam2] = demo.cameras;
    expect(cam1!.id).toBe('cam-01');
    expect(new URL(cam1!.subUrl).origin).not.toBe(new URL(cam2!.subUrl).origin);
    expect(new URL(cam1!.mainUrl).origin).toBe(new URL(cam1!.subUrl).origin);

    const first = await waitForPlaylist(cam1!.subUrl, 20_000);
    expect(first.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.playlist.endList).toBe(false);
    expect(first.playlist.targetDurationS).toBe(2);
    await waitForPlaylist(cam2!.subUrl, 20_000);
    await waitForAdvance(cam1!.subUrl, newestSequence(first.playlist), 10_000);

    const segment = first.playlist.segments[0]!;
    const media = await fetchBytes(segment.url);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('video/mp2t');
    expect(media.headers.get('access-control-allow-origin')).toBe('*');
    expect(looksLikeMpegTs(media.bytes) || looksLikeFmp4(media.bytes)).toBe(true);
    const sub = await ffprobeVideo(segment.url);
    if (sub) {
      expect(sub).toMatchObject({ codec: 'h264', width: 640, height: 360 });
      // Timestamps follow the media sequence (2 s per number, 33-bit wrap, plus the muxer's 1.4 s delay),
      // which is what lets a player carry on across an encoder restart.
      expect(Math.abs(sub.startTimeS - (((segment.sequence * 2) % (2 ** 33 / 90_000)) + 1.4))).toBeLessThan(0.1);
    }

    const main = await waitForPlaylist(cam1!.mainUrl, 10_000);
    const mainVideo = await ffprobeVideo(main.playlist.segments[0]!.url);
    if (mainVideo) expect(mainVideo).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
  });

  it('kill() takes a camera offline within 3 s (playlist 404), restart() brings it back advancing', async () => {
    const cam1 = demo.cameras[0]!;
    await waitForPlaylist(cam1.subUrl, 20_000);
    demo.kill('cam-01');
    expect(demo.running('cam-01')).toBe(false);
    expect(await waitForStatus(cam1.subUrl, 404, 3000)).toBeLessThan(3000);
    expect((await fetch(cam1.mainUrl)).status).toBe(404);
    // The other camera does not notice.
    expect((await fetchPlaylist(demo.cameras[1]!.subUrl)).status).toBe(200);
    await waitFor('the encoder to exit', 5000, () => (pidsMatching(path.join(dataDir, 'streams', 'cam-01') + path.sep).length === 0 ? true : null));

    await demo.restart('cam-01');
    expect(demo.running('cam-01')).toBe(true);
    const back = await waitForPlaylist(cam1.subUrl, 20_000);
    await waitForAdvance(cam1.subUrl, newestSequence(back.playlist), 10_000);
  });

  it('restarts an encoder that dies unexpectedly, and its playlist is gone while it is down', async () => {
    const cam2 = demo.cameras[1]!;
    const before = await waitForPlaylist(cam2.subUrl, 20_000);
    const marker = path.join(dataDir, 'streams', 'cam-02') + path.sep;
    const [pid] = pidsMatching(marker);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await waitForStatus(cam2.subUrl, 404, 3000);
    const again = await waitForPlaylist(cam2.subUrl, 20_000);
    // Numbered from the clock: the new encoder continues above the old one.
    expect(again.playlist.mediaSequence).toBeGreaterThan(newestSequence(before.playlist));
    const [newPid] = pidsMatching(marker);
    expect(newPid).not.toBe(pid);
    expect(demo.running('cam-02')).toBe(true);
  });

  it('close() stops every encoder (no ffmpeg left) and the stream server', async () => {
    expect(pidsMatching(dataDir).length).toBeGreaterThan(0);
    const origin = demo.origins[0]!;
    await demo.close();
    expect(pidsMatching(dataDir)).toEqual([]);
    await expect(fetch(`${origin}/cam-01/sub.m3u8`)).rejects.toThrow();
    expect(demo.running('cam-01')).toBe(false);
  });
});

describe.skipIf(!hasFfmpeg())('demo cameras: encoders die with their parent', () => {
  it('a SIGKILLed server leaves no ffmpeg behind (parent-death signal)', async () => {
    const dataDir = path.join(tempRoot, 'orphans');
    // Only the encoders' command lines name the streams folder (the parent's names just dataDir).
    const encoders = () => pidsMatching(path.join(dataDir, 'streams') + path.sep);
    const child = runTsEntry('tests/support/hls-demo-child.ts', [dataDir]);
    try {
      const [, available, url] = await child.waitFor(/READY (\w+) (\S+)/, 30_000);
      expect(available).toBe('true');
      await waitFor('two encoders', 10_000, () => (encoders().length === 2 ? true : null));
      await waitForPlaylist(url!, 20_000);
      await child.stop('SIGKILL');
      await waitFor('the encoders to die with their parent', 3000, () => (encoders().length === 0 ? true : null));
    } finally {
      await child.stop('SIGKILL');
      for (const pid of encoders()) process.kill(pid, 'SIGKILL');
    }
  });
});

describe('demo cameras without ffmpeg', () => {
  it('says why in one sentence, still returns the cameras (offline), throws nothing', async () => {
    const missing = path.join(tempRoot, 'no-such-dir', 'ffmpeg');
    const demo = await startDemoCameras({ dataDir: path.join(tempRoot, 'missing'), count: 3, mode: 'live', ffmpegPath: missing });
    try {
      expect(demo.available).toBe(false);
      expect(demo.reason).toMatch(/^ffmpeg was not found at ".*no-such-dir\/ffmpeg", so .*offline\.$/);
      expect(demo.cameras.map((c) => c.id)).toEqual(['cam-01', 'cam-02', 'cam-03']);
      expect((await fetch(demo.cameras[0]!.subUrl)).status).toBe(404);
      expect(demo.running('cam-01')).toBe(false);
      demo.kill('cam-02');
      await demo.restart('cam-02');
      expect(demo.running('cam-02')).toBe(false);
    } finally {
      await demo.close();
    }
  });
});

describe.skipIf(!hasFfmpeg())('demo cameras, replay mode: a cached loop served as a live window', () => {
  const dataDir = path.join(tempRoot, 'replay');
  // Short segments and loop keep the test quick; the window logic is the same as with 2 s / 12 s.
  const options = { dataDir, count: 3, mode: 'replay' as const, segmentSeconds: 1, loopSeconds: 4, mainStream: false };
  let demo: DemoCameras;

  beforeAll(async () => {
    demo = await startDemoCameras(options);
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('serves a live playlist whose media sequence follows the clock, with a discontinuity where the loop wraps', async () => {
    expect(demo.available).toBe(true);
    expect(new Set(demo.cameras.map((c) => new URL(c.subUrl).origin)).size).toBe(3);
    expect(demo.cameras[0]!.mainUrl).toBe(demo.cameras[0]!.subUrl); // no main stream asked for

    const url = demo.cameras[1]!.subUrl;
    const got = await fetchPlaylist(url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(got.headers.get('access-control-allow-origin')).toBe('*');
    expect(got.headers.get('cache-control')).toBe('no-cache');
    const first = got.playlist!;
    expect(first.endList).toBe(false);
    expect(first.segments).toHaveLength(6);
    // One segment per second since the Unix epoch: the newest is the last whole second.
    expect(Math.abs(newestSequence(first) - (Math.floor(Date.now() / 1000) - 1))).toBeLessThanOrEqual(1);
    // Six 1 s segments over a 4-segment loop: at least one wrap, tagged, and tags exactly one loop apart.
    const tagged = first.segments.filter((s) => s.discontinuity).map((s) => s.sequence);
    expect(tagged.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < tagged.length; i++) expect(tagged[i]! - tagged[i - 1]!).toBe(4);
    // Counted from when serving began, not from the epoch: hls.js slows to a crawl on huge numbers here.
    expect(first.discontinuitySequence).toBeLessThan(10);

    const later = await waitForAdvance(url, newestSequence(first), 3000);
    expect(later.mediaSequence).toBeGreaterThan(first.mediaSequence);
    // A segment listed in both playlists has the same discontinuity number in both (players depend on it).
    const ccs = (p: typeof first) => {
      let cc = p.discontinuitySequence;
      return new Map(p.segments.map((s) => [s.sequence, s.discontinuity ? ++cc : cc]));
    };
    const a = ccs(first);
    for (const [sequence, cc] of ccs(later)) if (a.has(sequence)) expect(cc).toBe(a.get(sequence));
  });

  it('serves real MPEG-TS segments, the same media one loop apart', async () => {
    const playlist = (await waitForPlaylist(demo.cameras[0]!.subUrl, 5000, 6)).playlist;
    const segment = playlist.segments[0]!;
    const oneLoopLater = new URL(`sub-${segment.sequence + 4}.ts`, segment.url).toString();
    const [a, b] = await Promise.all([fetchBytes(segment.url), fetchBytes(oneLoopLater)]);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('video/mp2t');
    expect(looksLikeMpegTs(a.bytes)).toBe(true);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const video = await ffprobeVideo(segment.url);
    if (video) expect(video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
  });

  it('kill() makes the playlist and segments 404 at once, restart() brings them back', async () => {
    const url = demo.cameras[2]!.subUrl;
    expect((await fetchPlaylist(url)).status).toBe(200);
    demo.kill('cam-03');
    expect(demo.running('cam-03')).toBe(false);
    expect((await fetchPlaylist(url)).status).toBe(404);
    expect((await fetch(new URL('sub-1.ts', url))).status).toBe(404);
    expect((await fetchPlaylist(demo.cameras[0]!.subUrl)).status).toBe(200);
    await demo.restart('cam-03');
    expect(demo.running('cam-03')).toBe(true);
    expect((await fetchPlaylist(url)).status).toBe(200);
  });

  it('without a font it still streams, without text, and says so', async () => {
    const bare = await startDemoCameras({ ...options, dataDir: path.join(tempRoot, 'no-font'), count: 1, fontFile: path.join(tempRoot, 'no-such-font.ttf') });
    try {
      expect(bare.available).toBe(true);
      expect(bare.warnings.join(' ')).toMatch(/no-such-font\.ttf" does not exist, so the demo pictures carry no camera name or clock/);
      const playlist = (await waitForPlaylist(bare.cameras[0]!.subUrl, 5000)).playlist;
      expect(looksLikeMpegTs((await fetchBytes(playlist.segments[0]!.url)).bytes)).toBe(true);
    } finally {
      await bare.close();
    }
  });

  it('reuses the encoded loops on the next start instead of encoding again', async () => {
    await demo.close();
    const cache = path.join(dataDir, 'replay-cache');
    const before = fs.readdirSync(cache).sort();
    const mtimes = before.map((d) => fs.statSync(path.join(cache, d)).mtimeMs);
    const started = Date.now();
    demo = await startDemoCameras(options);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fs.readdirSync(cache).sort()).toEqual(before);
    expect(before.map((d) => fs.statSync(path.join(cache, d)).mtimeMs)).toEqual(mtimes);
    expect(pidsMatching(dataDir)).toEqual([]); // nothing encodes while replaying
    expect((await fetchPlaylist(demo.cameras[0]!.subUrl)).status).toBe(200);
  });
});
