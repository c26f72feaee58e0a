import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

/**
 * What the demo encoders need from the machine: an ffmpeg with libx264 and the
 * lavfi test sources, a font for the burnt-in name and clock, and a way to make
 * child encoders die with this process.
 */

export type FfmpegProbe =
  | { ok: true; path: string; version: string; filters: ReadonlySet<string>; hasDrawtext: boolean }
  | { ok: false; reason: string };

const PROBE_TIMEOUT_MS = 10_000;

function run(command: string, args: string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

/** Runs `ffmpeg -version`, `-encoders` and `-filters` once; never throws, says in one sentence what is missing. */
export async function probeFfmpeg(ffmpegPath: string): Promise<FfmpegProbe> {
  let version: string;
  try {
    const { stdout } = await run(ffmpegPath, ['-hide_banner', '-version']);
    version = stdout.split('\n')[0]?.trim() ?? 'ffmpeg';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') {
      return { ok: false, reason: `ffmpeg was not found at "${ffmpegPath}", so the demo cameras cannot stream and show as offline.` };
    }
    return { ok: false, reason: `ffmpeg at "${ffmpegPath}" does not run (${(error as Error).message.split('\n')[0]}), so the demo cameras show as offline.` };
  }
  try {
    const [encoders, filters] = await Promise.all([run(ffmpegPath, ['-hide_banner', '-encoders']), run(ffmpegPath, ['-hide_banner', '-filters'])]);
    if (!/\slibx264\s/.test(encoders.stdout)) {
      return { ok: false, reason: `ffmpeg at "${ffmpegPath}" has no libx264 encoder (H.264 is what the wall's players decode), so the demo cameras show as offline.` };
    }
    const names = new Set<string>();
    for (const line of filters.stdout.split('\n')) {
      // " ... testsrc2          |->V       Generate another test pattern."
      const match = /^\s*[.A-Z|]{3}\s+(\S+)\s+\S+->\S+/.exec(line);
      if (match?.[1]) names.add(match[1]);
    }
    if (!names.has('split') || !names.has('scale') || !names.has('testsrc2')) {
      return { ok: false, reason: `ffmpeg at "${ffmpegPath}" lacks the lavfi test sources or the scale/split filters, so the demo cameras show as offline.` };
    }
    return { ok: true, path: ffmpegPath, version, filters: names, hasDrawtext: names.has('drawtext') };
  } catch (error) {
    return { ok: false, reason: `ffmpeg at "${ffmpegPath}" could not list its encoders and filters (${(error as Error).message.split('\n')[0]}), so the demo cameras show as offline.` };
  }
}

/**
 * Fonts with Vietnamese diacritics, in order of preference: DejaVu ships with
 * Debian's fonts-dejavu-core (pulled in by ffmpeg's own dependencies), Liberation
 * and Noto are common elsewhere.
 */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:/Windows/Fonts/arial.ttf',
];

/** The first candidate that is a readable file, or null (the encoders then draw no text). */
export function findFontFile(candidates: readonly string[] = FONT_CANDIDATES): string | null {
  for (const candidate of candidates) {
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.R_OK);
        return candidate;
      }
    } catch {
      // not there: try the next one
    }
  }
  return null;
}

/**
 * Escapes a value for a filter option inside a -filter_complex string: first the
 * option level (`\ ' :`), then the graph level (`\ ' [ ] , ;`), as ffmpeg's
 * "Notes on filtergraph escaping" describe.
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------
// Children that die with this process.

const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv'];
let parentDeathWrapper: Promise<string | null> | null = null;

/**
 * util-linux `setpriv --pdeathsig SIGKILL` sets PR_SET_PDEATHSIG and execs the
 * encoder, so the kernel kills it if this process dies in any way, SIGKILL
 * included, and no orphan encoder keeps burning CPU. Checked once by running it.
 */
export function parentDeathWrapperPath(): Promise<string | null> {
  parentDeathWrapper ??= (async () => {
    if (process.platform !== 'linux') return null;
    for (const candidate of SETPRIV_CANDIDATES) {
      try {
        await run(candidate, ['--pdeathsig', 'SIGKILL', '--', process.execPath, '-e', '0'], 5000);
        return candidate;
      } catch {
        // missing, too old for --pdeathsig, or refused by a sandbox
      }
    }
    return null;
  })();
  return parentDeathWrapper;
}

const tiedChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function killTiedChildren(): void {
  for (const child of tiedChildren) {
    // Synchronous signal: the only thing an 'exit' handler can still do.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Spawns a long-running helper that must not outlive this process: wrapped in
 * setpriv's parent-death signal where available, and killed from an 'exit' hook
 * in any case (which covers a normal exit and a handled SIGTERM/SIGINT). With the
 * wrapper the child gets its own process group, so a Ctrl-C in the terminal
 * reaches only this process, which then stops its encoders in order.
 */
export async function spawnTied(command: string, args: string[], options: SpawnOptions = {}): Promise<ChildProcess> {
  const wrapper = await parentDeathWrapperPath();
  const child = wrapper
    ? spawn(wrapper, ['--pdeathsig', 'SIGKILL', '--', command, ...args], { ...options, detached: true })
    : spawn(command, args, options);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killTiedChildren);
  }
  tiedChildren.add(child);
  child.once('exit', () => tiedChildren.delete(child));
  child.once('error', () => tiedChildren.delete(child));
  return child;
}

/** Whether a spawned child has not exited yet. */
export function isAlive(child: ChildProcess | null): child is ChildProcess {
  return child !== null && child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}
