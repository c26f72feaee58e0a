import { timeWindowBounds } from '../../../src-shared/model/time-window.js';
import type { MapTimeState } from '../../store/slices/map-slice.js';
import type { AlertTimeSelection } from './layers/alert-layer.js';

/** The alerts the time controls select: a playback instant, or a window ending now. */
export function alertTimeSelection(time: MapTimeState, nowMs: number): AlertTimeSelection {
  // The slider's right end is "now", which keeps moving after the clock's last tick.
  if (time.playback) return { kind: 'playback', atMs: time.playback.atMs >= nowMs ? Number.MAX_SAFE_INTEGER : time.playback.atMs };
  const custom = time.customFromMs !== null && time.customToMs !== null ? { fromMs: time.customFromMs, toMs: time.customToMs } : undefined;
  const window = timeWindowBounds(time.kind, nowMs, { custom });
  // A custom window that does not hold (cleared, inverted) falls back to today rather than showing nothing.
  const bounds = window.ok ? window.value : (timeWindowBounds('day', nowMs, {}) as { ok: true; value: { fromMs: number; toMs: number } }).value;
  // Windows that end "now" stay open-ended: the clock ticks every 30 s, an alert raised since must still show.
  return { kind: 'window', fromMs: bounds.fromMs, toMs: time.kind === 'custom' && window.ok ? bounds.toMs : Number.MAX_SAFE_INTEGER };
}
