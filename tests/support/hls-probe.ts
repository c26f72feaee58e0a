import { execFile } from 'node:child_process';

/**
 * Test helpers that look at an HLS stream the way a player does: over HTTP, by
 * reading the media playlist. Written independently of the server's own playlist
 * code, so a test does not check the server with the server's parser.
 */

export interface ProbedSegment {
  uri: string;
  /** Absolute URL, resolved against the playlist URL. */
  url: string;
  durationS: number;
  /** Media sequence number of this segment. */
  sequence: number;
  /** An EXT-X-DISCONTINUITY precedes it. */
  discontinuity: boolean;
}

export interface ProbedPlaylist {
  targetDurationS: number | null;
  mediaSequence: number;
  discontinuitySequence: number;
  endList: boolean;
  segments: ProbedSegment[];
}

export interface PlaylistFetch {
  status: number;
  headers: Headers;
  text: string;
  playlist: ProbedPlaylist | null;
}

export function parseMediaPlaylist(text: string, baseUrl: string): ProbedPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') throw new Error(`not a playlist: ${text.slice(0, 80)}`);
  const playlist: ProbedPlaylist = { targetDurationS: null, mediaSequence: 0, discontinuitySequence: 0, endList: false, segments: [] };
  let duration: number | null = null;
  let discontinuity = false;
  for (const line of lines.slice(1)) {
    const [tag, value = ''] = line.split(/:(.*)/s, 2);
    if (tag === '#EXT-X-TARGETDURATION') playlist.targetDurationS = Number(value);
    else if (tag === '#EXT-X-MEDIA-SEQUENCE') playlist.mediaSequence = Number(value);
    else if (tag === '#EXT-X-DISCONTINUITY-SEQUENCE') playlist.discontinuitySequence = Number(value);
    else if (tag === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (tag === '#EXT-X-ENDLIST') playlist.endList = true;
    else if (tag === '#EXTINF') duration = Number(value.split(',')[0]);
    else if (!line.startsWith('#')) {
      if (duration === null) throw new Error(`segment ${line} without #EXTINF`);
      playlist.segments.push({
        uri: line,
        url: new URL(line, baseUrl).toString(),
        durationS: duration,
        sequence: playlist.mediaSequence + playlist.segments.length,
        discontinuity,
      });
      duration = null;
      discontinuity = false;
    }
  }
  return playlist;
}

/** GETs a playlist; `playlist` is null for a non-200 answer. */
export async function fetchPlaylist(url: string): Promise<PlaylistFetch> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, playlist: response.status === 200 ? parseMediaPlaylist(text, url) : null };
}

/** Sequence number of the newest segment, or -1 for an empty playlist. */
export function newestSequence(playlist: ProbedPlaylist): number {
  return playlist.mediaSequence + playlist.segments.length - 1;
}

async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await attempt();
      if (value !== null) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits for a 200 playlist with at least `minSegments` segments. */
export function waitForPlaylist(url: string, timeoutMs = 15_000, minSegments = 1): Promise<PlaylistFetch & { playlist: ProbedPlaylist }> {
  return poll(`no playlist with ${minSegments} segment(s) at ${url}`, timeoutMs, async () => {
    const got = await fetchPlaylist(url);
    return got.playlist && got.playlist.segments.length >= minSegments ? { ...got, playlist: got.playlist } : null;
  });
}

/** Waits until the newest segment's sequence number is greater than `after`. */
export function waitForAdvance(url: string, after: number, timeoutMs = 15_000): Promise<ProbedPlaylist> {
  return poll(`playlist at ${url} did not advance past ${after}`, timeoutMs, async () => {
    const got = await fetchPlaylist(url);
    return got.playlist && newestSequence(got.playlist) > after ? got.playlist : null;
  });
}

/** Waits until the URL answers `status` (e.g. 404 after a camera is killed); resolves with the ms it took. */
export async function waitForStatus(url: string, status: number, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  await poll(`${url} did not answer ${status}`, timeoutMs, async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === status ? true : null;
  });
  return Date.now() - started;
}

export async function fetchBytes(url: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** MPEG-TS: 188-byte packets, each starting with the sync byte 0x47. */
export function looksLikeMpegTs(bytes: Buffer): boolean {
  if (bytes.length < 188 * 4 || bytes.length % 188 !== 0) return false;
  for (let offset = 0; offset < bytes.length; offset += 188) if (bytes[offset] !== 0x47) return false;
  return true;
}

/** fMP4 segment: a `styp`/`moof` box first (or `ftyp` for an init segment). */
export function looksLikeFmp4(bytes: Buffer): boolean {
  return bytes.length > 8 && ['styp', 'moof', 'ftyp'].includes(bytes.toString('latin1', 4, 8));
}

/**
 * What ffprobe says about a media URL (codec, size), or null when ffprobe is not
 * installed; the sync-byte check above is the fallback.
 */
export function ffprobeVideo(url: string, ffprobePath = 'ffprobe'): Promise<{ codec: string; width: number; height: number; startTimeS: number } | null> {
  return new Promise((resolve, reject) => {
    execFile(
      ffprobePath,
      ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,start_time', '-of', 'json', url],
      { timeout: 15_000 },
      (error, stdout) => {
        if (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve(null);
          else reject(error);
          return;
        }
        const stream = (JSON.parse(stdout) as { streams?: { codec_name: string; width: number; height: number; start_time: string }[] }).streams?.[0];
        resolve(stream ? { codec: stream.codec_name, width: stream.width, height: stream.height, startTimeS: Number(stream.start_time) } : null);
      },
    );
  });
}
