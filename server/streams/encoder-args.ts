import path from 'node:path';
import { escapeFilterValue } from './ffmpeg-tools.js';
import type { TestPicture } from './test-pictures.js';

/**
 * The ffmpeg command line of one demo camera: a lavfi test picture with the
 * camera's name and a clock burnt in, split into the stream sizes the wall uses
 * (sub for grid tiles, main for a focused tile) and written as HLS. One process
 * per camera renders the picture and the text once for both sizes.
 */

export interface StreamVariant {
  name: 'main' | 'sub';
  width: number;
  height: number;
  bitrateKbps: number;
}

export const SUB_VARIANT: StreamVariant = { name: 'sub', width: 640, height: 360, bitrateKbps: 700 };
export const MAIN_VARIANT: StreamVariant = { name: 'main', width: 1280, height: 720, bitrateKbps: 2000 };

export interface TextOverlay {
  fontFile: string;
  /** Text files (drawtext expands `%{localtime}` / `%{pts:hms}` in them), so no text ever needs filtergraph escaping. */
  titleFile: string;
  clockFile: string;
}

export type EncoderOutput =
  /** A live sliding window, numbered from `startNumber`, paced in real time. */
  | { kind: 'live'; startNumber: number; listSize: number }
  /** A finished VOD loop of `seconds`, encoded as fast as the CPU allows. */
  | { kind: 'loop'; seconds: number };

export interface EncoderArgsOptions {
  picture: TestPicture;
  /** At least one; the picture is rendered at the largest and scaled down for the others. */
  variants: readonly StreamVariant[];
  fps: number;
  segmentSeconds: number;
  /** Absolute folder for playlists (`<variant>.m3u8`) and segments (`<variant>-<n>.ts`). */
  outDir: string;
  overlay: TextOverlay | null;
  output: EncoderOutput;
}

/** MPEG-TS timestamps are 33 bits of 90 kHz ticks: they wrap after about 26.5 hours. */
const PTS_WRAP_S = 2 ** 33 / 90_000;

/**
 * The first segment number of a live encoder started at `nowMs`: one number per
 * segment length since the Unix epoch, plus one so that an encoder restarted
 * within the same slot never reuses its predecessor's last number. Media
 * sequence numbers and timestamps therefore both follow the clock.
 */
export function liveStartNumber(nowMs: number, segmentSeconds: number): number {
  return Math.floor(nowMs / (segmentSeconds * 1000)) + 1;
}

export function liveTimestampOffsetS(startNumber: number, segmentSeconds: number): number {
  return (startNumber * segmentSeconds) % PTS_WRAP_S;
}

export function playlistName(variant: StreamVariant['name']): string {
  return `${variant}.m3u8`;
}

export function buildEncoderArgs(options: EncoderArgsOptions): string[] {
  const { picture, fps, segmentSeconds, outDir, overlay, output } = options;
  if (options.variants.length === 0) throw new RangeError('at least one stream variant');
  const variants = [...options.variants].sort((a, b) => b.height - a.height);
  const top = variants[0]!;

  const renderHeight = Math.min(top.height, picture.maxHeight ?? top.height);
  const renderWidth = even((renderHeight * top.width) / top.height);
  const renderRate = picture.rate ?? fps;
  const source = [
    `${picture.source}${picture.source.includes('=') ? ':' : '='}size=${renderWidth}x${renderHeight}:rate=${renderRate}`,
    ...(renderRate !== fps ? [`fps=${fps}`] : []),
    ...(renderHeight !== top.height ? [`scale=${top.width}:${top.height}:flags=bilinear`] : []),
    'format=yuv420p',
    ...picture.post,
  ].join(',');

  const chain: string[] = [];
  if (overlay) {
    const font = escapeFilterValue(overlay.fontFile);
    const pad = Math.round(top.height / 40);
    const common = `fontfile=${font}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=${Math.round(top.height / 90)}:reload=0`;
    const clockSize = Math.round(top.height / 18);
    // Both lines sit at the bottom: the wall draws its own caption along the top of every tile.
    const titleY = `h-th-${pad + Math.round(clockSize * 1.5) + pad}`;
    chain.push(`drawtext=${common}:textfile=${escapeFilterValue(overlay.titleFile)}:fontsize=${Math.round(top.height / 15)}:x=${pad}:y=${titleY}`);
    chain.push(`drawtext=${common}:textfile=${escapeFilterValue(overlay.clockFile)}:fontsize=${clockSize}:x=${pad}:y=h-th-${pad}`);
  }
  const labels = variants.map((_, i) => `[v${i}]`);
  let graph = `[0:v]${chain.length > 0 ? chain.join(',') : 'null'}`;
  if (variants.length === 1) graph += labels[0];
  else {
    graph += `,split=${variants.length}${labels.join('')}`;
    variants.forEach((v, i) => {
      if (i > 0) graph += `;${labels[i]}scale=${v.width}:${v.height}:flags=bilinear[o${i}]`;
    });
  }

  const gop = Math.round(fps * segmentSeconds);
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error'];
  // -re paces the synthetic source at real time; without it lavfi renders as fast as the CPU allows.
  if (output.kind === 'live') args.push('-re');
  args.push('-f', 'lavfi', '-i', source, '-filter_complex', graph);
  variants.forEach((variant, i) => {
    args.push(
      '-map', i === 0 || variants.length === 1 ? labels[i]! : `[o${i}]`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
      // One thread per encoder: with many cameras on few cores, threads only add contention.
      '-threads', '1',
      '-pix_fmt', 'yuv420p',
      // A key frame exactly on every segment boundary, so segments are equal and each starts decodable.
      '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
      '-b:v', `${variant.bitrateKbps}k`, '-maxrate', `${variant.bitrateKbps}k`, '-bufsize', `${variant.bitrateKbps * 2}k`,
    );
    if (output.kind === 'live') {
      // Timestamps continue the media sequence (PTS = sequence × segment length): an encoder restarted
      // after a crash carries on the same timeline, later, instead of restarting at zero. hls.js keeps
      // timestamp mappings per discontinuity and ffmpeg writes no EXT-X-DISCONTINUITY-SEQUENCE, so a
      // "discontinuity" there would map the new encoder onto the old one's timeline and stall the player.
      args.push('-output_ts_offset', liveTimestampOffsetS(output.startNumber, segmentSeconds).toFixed(3));
    }
    if (output.kind === 'loop') {
      // Timestamps start well above any position in a live window: a player joining the replayed window
      // mid-loop then never computes a negative timestamp origin (hls.js otherwise takes its 33-bit
      // rollover path for it).
      args.push('-frames:v', String(Math.round(output.seconds * fps)), '-output_ts_offset', '10000');
    }
    args.push('-f', 'hls', '-hls_time', String(segmentSeconds));
    if (output.kind === 'live') {
      args.push(
        '-hls_list_size', String(output.listSize),
        // temp_file: a segment appears under its name only when complete; program_date_time: players can
        // line up a restarted encoder's playlist by wall clock; delete_segments keeps the folder small.
        '-hls_flags', 'delete_segments+omit_endlist+temp_file+program_date_time',
        '-start_number', String(output.startNumber),
      );
    } else {
      args.push('-hls_list_size', '0', '-hls_playlist_type', 'vod', '-hls_flags', 'temp_file');
    }
    args.push(
      // The segment name is a printf template: a `%` in the folder must not become a conversion.
      '-hls_segment_filename', path.join(outDir.replace(/%/g, '%%'), `${variant.name}-%d.ts`),
      path.join(outDir, playlistName(variant.name)),
    );
  });
  return args;
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}
