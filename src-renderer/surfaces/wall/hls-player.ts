import Hls, { type HlsConfig } from 'hls.js';
// One transmuxing worker for every tile (hls.js shares it per path); the ESM build cannot inline one, and
// transmuxing 16 streams on the main thread would cost the wall its frame rate. Served from 'self' (CSP worker-src).
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';
import { registerPlayer } from './player-registry.js';

export type PlayerStream = 'sub' | 'main';

export interface TilePlayerHandle {
  /** Destroys the player and releases the media element's decoder; safe to call twice. */
  destroy(): void;
}

export interface TilePlayerEvents {
  /** The player gave up (hls.js fatal error, media error): the caller recreates it after a backoff. */
  onFatal(reason: string): void;
  /** Neither MediaSource nor native HLS: retrying cannot help. */
  onUnsupported(): void;
}

/**
 * Live video, not VOD: a short forward buffer keeps the picture close to real time
 * and memory low with 25 players; a small back buffer is enough for a tile that is
 * never scrubbed. hls.js's own load retries stay short so a dead camera reaches our
 * backoff quickly instead of hanging in hls.js's longer defaults.
 */
function configFor(stream: PlayerStream): Partial<HlsConfig> {
  return {
    workerPath: hlsWorkerUrl,
    enableWorker: true,
    lowLatencyMode: false,
    capLevelToPlayerSize: true,
    backBufferLength: 4,
    maxBufferLength: stream === 'main' ? 10 : 6,
    maxMaxBufferLength: stream === 'main' ? 20 : 10,
    maxBufferSize: (stream === 'main' ? 30 : 8) * 1000 * 1000,
    liveSyncDurationCount: 3,
    startLevel: -1,
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 8_000,
        maxLoadTimeMs: 10_000,
        timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: { maxNumRetry: 1, retryDelayMs: 1_000, maxRetryDelayMs: 2_000 },
      },
    },
  };
}

function releaseElement(video: HTMLVideoElement): void {
  video.pause();
  // Without removing src and calling load() the element keeps its decoder and network until garbage collection.
  video.removeAttribute('src');
  video.load();
}

/** Starts one HLS player on `video`; it counts in the player registry until destroyed. */
export function startTilePlayer(video: HTMLVideoElement, url: string, stream: PlayerStream, cameraId: string, events: TilePlayerEvents): TilePlayerHandle {
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.disablePictureInPicture = true;
  const play = () => void video.play().catch(() => undefined);

  if (Hls.isSupported()) {
    const release = registerPlayer({ cameraId, stream });
    let hls: Hls | null = new Hls(configFor(stream));
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) {
        console.warn(`[wall] ${cameraId} (${stream}): ${data.type} ${data.details} ${data.error?.message ?? ''}`);
        events.onFatal(`${data.type}: ${data.details}`);
      }
    });
    hls.on(Hls.Events.MANIFEST_PARSED, play);
    hls.loadSource(url);
    hls.attachMedia(video);
    return {
      destroy() {
        if (!hls) return;
        hls.destroy();
        hls = null;
        releaseElement(video);
        release();
      },
    };
  }

  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    const release = registerPlayer({ cameraId, stream });
    const onError = () => events.onFatal(`media: ${video.error?.message ?? video.error?.code ?? 'error'}`);
    video.addEventListener('error', onError);
    video.src = url;
    play();
    let alive = true;
    return {
      destroy() {
        if (!alive) return;
        alive = false;
        video.removeEventListener('error', onError);
        releaseElement(video);
        release();
      },
    };
  }

  events.onUnsupported();
  return { destroy() {} };
}
