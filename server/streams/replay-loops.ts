import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { spawnTied } from './ffmpeg-tools.js';
import { parseLoopPlaylist, type LoopSegment } from './live-window-playlist.js';

/**
 * Replay mode encodes each demo camera's picture once, as a short VOD loop kept
 * under the data folder, and serves it afterwards as a live window computed from
 * the clock: no encoder runs while the wall plays, so CI and benchmarks measure
 * the wall and not ffmpeg. A loop is keyed by everything that shapes it (command
 * line and burnt-in text), so a change re-encodes it and an unchanged one is reused.
 */
export interface ReplayLoop {
  dir: string;
  /** Segments of each variant's loop, by variant name (`sub`, `main`). */
  variants: ReadonlyMap<string, readonly LoopSegment[]>;
}

export interface ReplayLoopSpec {
  /** Readable prefix of the cache folder, e.g. the camera id. */
  name: string;
  /** Variant names the loop must have (their `<name>.m3u8` is read back). */
  variantNames: readonly string[];
  /** ffmpeg arguments writing the loop into `outDir` (overlay files referenced relative to it). */
  buildArgs: (outDir: string) => string[];
  /** Files written into the folder before encoding (the burnt-in text), by name. */
  files: Readonly<Record<string, string>>;
}

const CACHE_FORMAT = 1;
/** One loop encodes in a few seconds; this only catches a hung ffmpeg. */
const ENCODE_TIMEOUT_MS = 180_000;

export function replayCacheKey(spec: ReplayLoopSpec): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: CACHE_FORMAT, args: spec.buildArgs('<out>'), files: spec.files, variants: spec.variantNames }));
  return `${spec.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${hash.digest('hex').slice(0, 12)}`;
}

/** Reads a finished loop folder; null when any variant is missing or empty (then it is encoded again). */
export async function readReplayLoop(dir: string, variantNames: readonly string[]): Promise<ReplayLoop | null> {
  const variants = new Map<string, LoopSegment[]>();
  for (const name of variantNames) {
    let text: string;
    try {
      text = await fs.readFile(path.join(dir, `${name}.m3u8`), 'utf8');
    } catch {
      return null;
    }
    const segments = parseLoopPlaylist(text);
    if (segments.length === 0 || segments.some((s) => s.uri.includes('/') || s.uri.startsWith('.'))) return null;
    for (const segment of segments) {
      try {
        if (!(await fs.stat(path.join(dir, segment.uri))).isFile()) return null;
      } catch {
        return null;
      }
    }
    variants.set(name, segments);
  }
  return { dir, variants };
}

export class ReplayLoopEncoder {
  private readonly active = new Set<ChildProcess>();
  private closed = false;

  constructor(
    private readonly ffmpegPath: string | null,
    private readonly cacheRoot: string,
  ) {}

  /** The cached loop, encoding it first when it is missing. Throws with ffmpeg's last words when encoding fails. */
  async ensure(spec: ReplayLoopSpec): Promise<ReplayLoop> {
    const dir = path.join(this.cacheRoot, replayCacheKey(spec));
    const cached = await readReplayLoop(dir, spec.variantNames);
    if (cached) return cached;
    if (this.ffmpegPath === null) throw new Error(`no cached replay loop for ${spec.name} and no ffmpeg to encode one`);
    if (this.closed) throw new Error('closed');

    // Encode into a private folder and rename it into place: a loop interrupted halfway is never taken for a finished one.
    const work = `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`;
    await fs.rm(work, { recursive: true, force: true });
    await fs.mkdir(work, { recursive: true });
    try {
      for (const [name, content] of Object.entries(spec.files)) await fs.writeFile(path.join(work, name), content, 'utf8');
      await this.run(spec.buildArgs(work), work);
      const done = await readReplayLoop(work, spec.variantNames);
      if (!done) throw new Error(`ffmpeg finished but the loop of ${spec.name} is incomplete`);
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rename(work, dir);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
    const loop = await readReplayLoop(dir, spec.variantNames);
    if (!loop) throw new Error(`the loop of ${spec.name} vanished after encoding`);
    return loop;
  }

  /** Kills encodes in flight (shutdown while the first run is still encoding). */
  close(): void {
    this.closed = true;
    for (const child of this.active) child.kill('SIGKILL');
  }

  /** Removes work folders left by an earlier process that died mid-encode. */
  async removeStaleWork(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.cacheRoot);
    } catch {
      return;
    }
    await Promise.all(names.filter((n) => n.includes('.tmp-')).map((n) => fs.rm(path.join(this.cacheRoot, n), { recursive: true, force: true })));
  }

  private async run(args: string[], cwd: string): Promise<void> {
    const child = await spawnTied(this.ffmpegPath!, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    this.active.add(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ENCODE_TIMEOUT_MS);
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => {
          if (code === 0) resolve();
          else reject(new Error(`ffmpeg ${signal ? `killed by ${signal}` : `exited with code ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-2).join(' | ')}` : ''}`));
        });
      });
    } finally {
      clearTimeout(timer);
      this.active.delete(child);
    }
  }
}
