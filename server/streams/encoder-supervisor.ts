import type { ChildProcess } from 'node:child_process';
import { isAlive, spawnTied } from './ffmpeg-tools.js';

/**
 * Keeps one encoder process running while it is wanted: an encoder that dies on
 * its own (crash, killed from outside, stalled) is started again after a backoff
 * that doubles on each quick failure, so a broken setup does not spin the CPU;
 * one stopped on purpose stays stopped. Every start and exit runs the owner's
 * hooks in order (exit → cleanup → prepare → spawn), so the files of an old
 * process are never removed under a new one.
 */
export interface EncoderSupervisorOptions {
  /** For log lines. */
  name: string;
  command: string;
  /** Built anew for every start: a restarted live encoder continues its numbering from the clock. */
  args: () => string[];
  cwd?: string;
  /** Before every spawn (e.g. create the output folder). */
  prepare?: () => Promise<void>;
  /** After every exit, on purpose or not, before any restart (e.g. remove the playlist so players see the outage). */
  cleanup?: () => Promise<void>;
  /** Checked every `stallCheckMs` while running; true kills the process, which then counts as a failure. */
  isStalled?: (runningForMs: number) => Promise<boolean>;
  stallCheckMs?: number;
  /** First restart delay; doubles per failure up to `backoffMaxMs`. Default 1000. */
  backoffInitialMs?: number;
  /** Default 30000. */
  backoffMaxMs?: number;
  /** A process that ran this long before failing resets the backoff. Default 30000. */
  stableAfterMs?: number;
  /** SIGTERM first; SIGKILL when the process has not exited after this. Default 3000. */
  killGraceMs?: number;
  log?: (message: string) => void;
}

const STDERR_TAIL_CHARS = 2000;

export class EncoderSupervisor {
  private child: ChildProcess | null = null;
  private wanted = false;
  private closed = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private spawning: Promise<void> | null = null;
  /** Resolves once the current process has exited and its cleanup has run. */
  private settled: Promise<void> = Promise.resolve();
  private failures = 0;
  private startedAt = 0;
  private stderrTail = '';
  private stallCheckRunning = false;
  /** Unplanned exits so far (tests and diagnostics). */
  unexpectedExits = 0;
  lastError: string | null = null;

  constructor(private readonly options: EncoderSupervisorOptions) {}

  /** Alive and wanted. */
  running(): boolean {
    return this.wanted && isAlive(this.child);
  }

  get pid(): number | null {
    return isAlive(this.child) ? (this.child.pid ?? null) : null;
  }

  /** Wants the process and starts it now (cancelling a pending backoff); resolves once it has spawned. */
  async start(): Promise<void> {
    if (this.closed) return;
    this.wanted = true;
    this.failures = 0;
    this.clearRestartTimer();
    if (isAlive(this.child)) return;
    await this.spawnNow();
  }

  /** Stops the process on purpose; resolves once it has exited and its cleanup has run. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.clearRestartTimer();
    // A spawn in flight finishes first, so the process it starts is the one stopped here.
    await this.spawning?.catch(() => undefined);
    const child = this.child;
    if (isAlive(child)) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => {
        if (isAlive(child)) child.kill('SIGKILL');
      }, this.options.killGraceMs ?? 3000);
      hard.unref();
      await this.settled;
      clearTimeout(hard);
    } else {
      await this.settled;
    }
  }

  /** Stops for good: no later start() does anything. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private spawnNow(): Promise<void> {
    this.spawning ??= this.spawnOnce().finally(() => {
      this.spawning = null;
    });
    return this.spawning;
  }

  private async spawnOnce(): Promise<void> {
    await this.settled;
    if (!this.wanted || this.closed) return;
    await this.options.prepare?.();
    if (!this.wanted || this.closed) return;

    const child = await spawnTied(this.options.command, this.options.args(), {
      cwd: this.options.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.startedAt = Date.now();
    this.stderrTail = '';
    let markSettled!: () => void;
    this.settled = new Promise<void>((resolve) => (markSettled = resolve));

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });

    let gone = false;
    const onGone = (description: string) => {
      if (gone) return;
      gone = true;
      if (this.child === child) this.child = null;
      this.stopStallWatch();
      const planned = !this.wanted || this.closed;
      if (!planned) {
        this.unexpectedExits++;
        if (Date.now() - this.startedAt >= (this.options.stableAfterMs ?? 30_000)) this.failures = 0;
        this.failures++;
        const detail = this.stderrTail.trim().split('\n').slice(-2).join(' | ');
        this.lastError = detail ? `${description}: ${detail}` : description;
        this.options.log?.(`${this.options.name}: encoder ${description} unexpectedly${detail ? ` (${detail})` : ''}`);
      }
      void (async () => {
        try {
          await this.options.cleanup?.();
        } catch (error) {
          this.options.log?.(`${this.options.name}: cleanup failed: ${(error as Error).message}`);
        }
        markSettled();
        if (this.wanted && !this.closed) this.scheduleRestart();
      })();
    };
    child.once('exit', (code, signal) => onGone(signal ? `killed by ${signal}` : `exited with code ${code}`));
    child.once('error', (error) => onGone(`failed to start (${error.message})`));

    await new Promise<void>((resolve) => {
      child.once('spawn', () => resolve());
      child.once('error', () => resolve());
    });
    if (isAlive(child)) this.startStallWatch(child);
  }

  private scheduleRestart(): void {
    const initial = this.options.backoffInitialMs ?? 1000;
    const max = this.options.backoffMaxMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** Math.max(0, this.failures - 1));
    this.clearRestartTimer();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.spawnNow().catch((error: unknown) => {
        // prepare() failed (a full disk, say): keep trying at the backoff pace rather than giving up for good.
        this.options.log?.(`${this.options.name}: restart failed: ${(error as Error).message}`);
        this.failures++;
        if (this.wanted && !this.closed && !isAlive(this.child)) this.scheduleRestart();
      });
    }, delay);
    // The stream server keeps a running server alive; a pending restart alone must not.
    this.restartTimer.unref();
  }

  private startStallWatch(child: ChildProcess): void {
    const check = this.options.isStalled;
    if (!check) return;
    this.stopStallWatch();
    this.stallTimer = setInterval(() => {
      if (this.stallCheckRunning || this.child !== child || !isAlive(child)) return;
      this.stallCheckRunning = true;
      check(Date.now() - this.startedAt)
        .then((stalled) => {
          if (stalled && this.child === child && isAlive(child) && this.wanted) {
            this.stderrTail += '\nno new segment: stalled encoder killed';
            child.kill('SIGKILL');
          }
        })
        .catch(() => undefined)
        .finally(() => {
          this.stallCheckRunning = false;
        });
    }, this.options.stallCheckMs ?? 5000);
    this.stallTimer.unref();
  }

  private stopStallWatch(): void {
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
  }
}
