import { useEffect, useRef, useState, type RefObject } from 'react';
import { startTilePlayer, type PlayerStream } from './hls-player.js';
import {
  meterDropped,
  meterPresented,
  meterSample,
  reconnectDelayMs,
  reconnectReason,
  type FrameMeter,
} from './tile-health.js';

/** What a tile knows about its player, refreshed twice a second while it runs. */
export interface TilePlayerStatus {
  /** Totals for the tile (they keep rising across reconnects). */
  frames: number;
  dropped: number;
  fps: number;
  /** performance.now() of the last new frame; null before the first of this player. */
  lastFrameAtMs: number | null;
  /** performance.now() of this sample, the clock lastFrameAtMs is measured against. */
  sampledAtMs: number;
  failures: number;
  /** Date.now() when the next attempt starts; null while a player runs. */
  retryAtMs: number | null;
  unsupported: boolean;
  lastError: string | null;
}

const SAMPLE_MS = 500;

/**
 * One camera stream in one tile: an hls.js player on a video element of its own, its
 * frames counted with requestVideoFrameCallback, recreated with backoff after a fatal
 * error or a stall. Each attempt gets a fresh <video> (keyed by attempt), so a dead
 * player's element, decoder and last frame leave the page with it.
 */
export function TileVideo({
  url,
  stream,
  cameraId,
  meter,
  onStatus,
}: {
  url: string;
  stream: PlayerStream;
  cameraId: string;
  /** Owned by the tile so totals survive this component (hidden, paused, refocused). */
  meter: RefObject<FrameMeter>;
  /** Must be stable (a state setter). */
  onStatus: (status: TilePlayerStatus) => void;
}) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [retryAtMs, setRetryAtMs] = useState<number | null>(null);
  const failures = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    // A new player for this tile: a frame seen by an earlier one says nothing about this one.
    meter.current = { ...meter.current, lastFrameAtMs: null, window: [] };
    return () => {
      if (retryTimer.current) clearTimeout(retryTimer.current);
      retryTimer.current = null;
    };
  }, [meter]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || retryAtMs !== null) return;
    meter.current = { ...meter.current, rawPresented: 0, rawDropped: 0 };
    const attemptStartedAtMs = performance.now();
    let failed = false;
    let unsupported = false;
    let lastError: string | null = null;
    let frameRequest: number | null = null;

    const report = (fps: number, retryAt: number | null) =>
      onStatus({
        frames: meter.current.frames,
        dropped: meter.current.dropped,
        fps,
        lastFrameAtMs: meter.current.lastFrameAtMs,
        sampledAtMs: performance.now(),
        failures: failures.current,
        retryAtMs: retryAt,
        unsupported,
        lastError,
      });

    const fail = (reason: string) => {
      if (failed) return;
      failed = true;
      lastError = reason;
      failures.current += 1;
      const delay = reconnectDelayMs(failures.current);
      const retryAt = Date.now() + delay;
      report(0, retryAt);
      // Re-rendering without the <video> runs this effect's cleanup: the player is destroyed now, not after the wait.
      setRetryAtMs(retryAt);
      retryTimer.current = setTimeout(() => {
        retryTimer.current = null;
        setRetryAtMs(null);
        setAttempt((a) => a + 1);
      }, delay);
    };

    const player = startTilePlayer(video, url, stream, cameraId, {
      onFatal: fail,
      onUnsupported: () => {
        unsupported = true;
      },
    });

    const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
      const before = meter.current.frames;
      meter.current = meterPresented(meter.current, metadata.presentedFrames, performance.now());
      if (meter.current.frames > before) failures.current = 0;
      frameRequest = video.requestVideoFrameCallback(onFrame);
    };
    const hasFrameCallback = typeof video.requestVideoFrameCallback === 'function';
    if (hasFrameCallback) frameRequest = video.requestVideoFrameCallback(onFrame);

    const sampler = setInterval(() => {
      const now = performance.now();
      const quality = typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality() : null;
      if (quality) {
        meter.current = meterDropped(meter.current, quality.droppedVideoFrames);
        // Without rVFC (old engines) decoded-minus-dropped is the nearest count of frames shown.
        if (!hasFrameCallback) {
          const before = meter.current.frames;
          meter.current = meterPresented(meter.current, quality.totalVideoFrames - quality.droppedVideoFrames, now);
          if (meter.current.frames > before) failures.current = 0;
        }
      }
      const sampled = meterSample(meter.current, now);
      meter.current = sampled.meter;
      if (unsupported) {
        report(0, null);
        return;
      }
      const why = reconnectReason({ nowMs: now, attemptStartedAtMs, lastFrameAtMs: meter.current.lastFrameAtMs });
      if (why) fail(why);
      else report(sampled.fps, null);
    }, SAMPLE_MS);
    report(0, null);

    return () => {
      clearInterval(sampler);
      if (frameRequest !== null) video.cancelVideoFrameCallback(frameRequest);
      player.destroy();
    };
  }, [url, stream, cameraId, attempt, retryAtMs, meter, onStatus]);

  if (retryAtMs !== null) return null;
  return <video key={attempt} ref={videoRef} className="tile-video" muted playsInline autoPlay disablePictureInPicture aria-hidden="true" />;
}
