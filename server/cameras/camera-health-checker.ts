import type { AlertDraft } from '../../src-shared/model/alert.js';
import type { Camera, CameraHealth, CameraStatus } from '../../src-shared/model/camera.js';
import { classifyPoll, DEFAULT_HEALTH_THRESHOLDS, parsePlaylist, type HealthThresholds, type PollMemory, type PollObservation } from './playlist-health.js';
import { clipText } from '../../src-shared/text/clip-text.js';

export interface CameraHealthOptions {
  /** Pause between the end of one round and the start of the next; default 5000 ms. */
  intervalMs?: number;
  /** Playlists fetched at once; default 4 (a gateway serving hundreds of cameras should not be hammered). */
  concurrency?: number;
  /** One check (master + variant playlist) gives up after this; default 4000 ms. */
  timeoutMs?: number;
  /** A camera offline this long raises one alert for the outage; default 60000 ms. */
  offlineAlertAfterMs?: number;
}

export const DEFAULT_CAMERA_HEALTH_OPTIONS: Required<CameraHealthOptions> = {
  intervalMs: 5000,
  concurrency: 4,
  timeoutMs: 4000,
  offlineAlertAfterMs: 60_000,
};

/** A playlist body, or why there is none. */
export type FetchPlaylist = (url: string, signal: AbortSignal) => Promise<string>;

/** What the checker needs from the server; the composition root wires these to the store and the alert path. */
export interface CameraHealthDeps {
  /** Every registered camera, enabled or not. */
  listCameras(): Camera[];
  /** The stored verdict, from which `since` carries over (also across restarts). */
  healthOf(cameraId: string): CameraHealth | null;
  /** Appends a `camera.status` event and updates the projection; called only on a change of status. */
  recordStatus(health: CameraHealth): void;
  /** Whether an outage alert for this camera is still open (so a restart does not raise a second one). */
  hasOpenOutageAlert(cameraId: string): boolean;
  raiseOutageAlert(draft: AlertDraft): void;
  now?(): number;
  fetchPlaylist?: FetchPlaylist;
  onError?(error: unknown): void;
  thresholds?: HealthThresholds;
}

/** Larger playlists are refused: a live camera playlist is a few kB, and memory is shared with every workstation's sync. */
const MAX_PLAYLIST_BYTES = 1024 * 1024;

/** Reads at most MAX_PLAYLIST_BYTES of an http(s) response; non-2xx is an error. */
export const fetchPlaylistText: FetchPlaylist = async (url, signal) => {
  const response = await fetch(url, { signal, redirect: 'follow', headers: { accept: 'application/vnd.apple.mpegurl, */*;q=0.5' } });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}`);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_PLAYLIST_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`playlist larger than ${MAX_PLAYLIST_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** A short, operator-readable reason for a failed fetch. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection closed by the server';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
    if (typeof code === 'string') return `${error.message} (${code})`;
    const causeMessage = error.cause instanceof Error ? error.cause.message : null;
    return causeMessage ? `${error.message}: ${causeMessage}` : error.message;
  }
  return String(error);
}

const TIME_FORMAT = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });

/** The alert an outage raises: CAP-shaped, Vietnamese, pointing at the camera and its place. */
export function outageAlertDraft(camera: Camera, health: CameraHealth): AlertDraft {
  const place = [camera.location.address, camera.location.district].filter((s) => s !== '').join(', ');
  const since = TIME_FORMAT.format(new Date(health.since));
  const description = [
    `Camera ${camera.name} (${camera.id}) không nhận được tín hiệu video từ ${since}.`,
    health.lastError ? `Lỗi gần nhất: ${health.lastError}.` : '',
    place ? `Vị trí: ${place}.` : '',
    'Kiểm tra nguồn điện, đường truyền hoặc máy chủ luồng của camera.',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    source: 'system',
    category: 'Infra',
    severity: 'Moderate',
    urgency: 'Expected',
    certainty: 'Observed',
    headline: clipText(`Camera ${camera.name} mất tín hiệu`, 160),
    description: clipText(description, 4000),
    location: { lat: camera.location.lat, lon: camera.location.lon, ...(place ? { areaDesc: clipText(place, 200) } : {}) },
    cameraIds: [camera.id],
  };
}

interface CameraMemory {
  url: string;
  poll: PollMemory | null;
}

/**
 * Polls each enabled camera's sub-stream playlist on a schedule and records a
 * `camera.status` event only when a camera's status changes (so `since` means
 * "in this state since"). A camera offline past `offlineAlertAfterMs` raises one
 * alert per outage; the outage ends when the camera is online again.
 * Rounds never overlap: the next starts `intervalMs` after the last one ended.
 */
export class CameraHealthChecker {
  private readonly options: Required<CameraHealthOptions>;
  private readonly memory = new Map<string, CameraMemory>();
  /** Cameras whose current outage already has its alert. */
  private readonly alerted = new Set<string>();
  private readonly stopController = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: CameraHealthDeps,
    options: CameraHealthOptions = {},
  ) {
    const merged = { ...DEFAULT_CAMERA_HEALTH_OPTIONS, ...stripUndefined(options) };
    this.options = {
      intervalMs: Math.max(10, merged.intervalMs),
      concurrency: Math.max(1, Math.floor(merged.concurrency)),
      timeoutMs: Math.max(10, merged.timeoutMs),
      offlineAlertAfterMs: Math.max(0, merged.offlineAlertAfterMs),
    };
  }

  start(): void {
    if (this.stopped || this.timer || this.running) return;
    this.schedule(0);
  }

  /** Stops the schedule, aborts fetches in flight and waits for the round to wind down; nothing is written after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopController.abort();
    await this.running;
  }

  /** One full round now (tests and tools); waits for a round already running instead of starting a second. */
  checkNow(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkNow().finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    // The HTTP listener keeps the process alive; a forgotten checker must not.
    this.timer.unref();
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private async round(): Promise<void> {
    let cameras: Camera[];
    try {
      cameras = this.deps.listCameras();
    } catch (error) {
      this.deps.onError?.(error);
      return;
    }
    const enabled: Camera[] = [];
    for (const camera of cameras) {
      if (camera.enabled) enabled.push(camera);
      else this.forget(camera);
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!this.stopped && next < enabled.length) {
        const camera = enabled[next++]!;
        try {
          await this.check(camera);
        } catch (error) {
          this.deps.onError?.(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, enabled.length) }, worker));
  }

  /** A disabled camera is not watched: its verdict becomes unknown rather than a stale "online". */
  private forget(camera: Camera): void {
    this.memory.delete(camera.id);
    this.alerted.delete(camera.id);
    const current = this.deps.healthOf(camera.id);
    if (current && current.status !== 'unknown') this.record(camera.id, 'unknown', 'camera disabled', this.now());
  }

  private async check(camera: Camera): Promise<void> {
    const observation = await this.observe(camera.subUrl);
    if (this.stopped) return;
    const nowMs = this.now();
    const remembered = this.memory.get(camera.id);
    // A new URL is a new stream: what the old one did says nothing about it.
    const previous = remembered?.url === camera.subUrl ? remembered.poll : null;
    const verdict = classifyPoll(previous, observation, nowMs, this.deps.thresholds ?? DEFAULT_HEALTH_THRESHOLDS);
    this.memory.set(camera.id, { url: camera.subUrl, poll: verdict.memory });

    let health = this.deps.healthOf(camera.id);
    if (!health || health.status !== verdict.status) health = this.record(camera.id, verdict.status, verdict.lastError, nowMs);

    if (verdict.status === 'online') {
      this.alerted.delete(camera.id);
      return;
    }
    if (verdict.status !== 'offline' || this.alerted.has(camera.id)) return;
    if (nowMs - Date.parse(health.since) < this.options.offlineAlertAfterMs) return;
    this.alerted.add(camera.id);
    if (this.deps.hasOpenOutageAlert(camera.id)) return;
    try {
      this.deps.raiseOutageAlert(outageAlertDraft(camera, health));
    } catch (error) {
      this.alerted.delete(camera.id); // try again next round
      this.deps.onError?.(error);
    }
  }

  private record(cameraId: string, status: CameraStatus, lastError: string | null, nowMs: number): CameraHealth {
    const at = new Date(nowMs).toISOString();
    const health: CameraHealth = { cameraId, status, since: at, checkedAt: at, lastError: lastError === null ? null : clipText(lastError, 500) };
    this.deps.recordStatus(health);
    return health;
  }

  /** Fetches the playlist (following a master playlist's first variant once) within one timeout. */
  private async observe(url: string): Promise<PollObservation> {
    const fetchPlaylist = this.deps.fetchPlaylist ?? fetchPlaylistText;
    const signal = AbortSignal.any([this.stopController.signal, AbortSignal.timeout(this.options.timeoutMs)]);
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    try {
      let target = url;
      for (let hop = 0; hop < 2; hop++) {
        const parsed = parsePlaylist(await fetchPlaylist(target, signal));
        if (!parsed.ok) return { ok: false, error: parsed.message, elapsedMs: elapsed() };
        if (parsed.value.kind === 'media') return { ok: true, playlist: parsed.value, elapsedMs: elapsed() };
        const variant = resolveVariant(target, parsed.value.variants[0]!);
        if (!variant) return { ok: false, error: 'master playlist names no usable http(s) variant', elapsedMs: elapsed() };
        target = variant;
      }
      return { ok: false, error: 'variant playlist is itself a master playlist', elapsedMs: elapsed() };
    } catch (error) {
      return { ok: false, error: describeFetchError(error, this.options.timeoutMs), elapsedMs: elapsed() };
    }
  }
}

/** A variant URI relative to its master playlist; only http(s), whatever the playlist says. */
function resolveVariant(base: string, uri: string): string | null {
  try {
    const url = new URL(uri, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
