import { useEffect } from 'react';
import type { MapTimeKind } from '../../store/slices/map-slice.js';
import { useAppStore, useAppStoreApi, useT } from '../../store/store-context.js';

const KINDS: readonly MapTimeKind[] = ['hour', 'shift', 'day', 'custom'];
const PLAYBACK_HOURS = [1, 6, 12, 24] as const;
/** One playback tick moves the slider this share of its span: a full pass takes about a minute. */
const TICK_MS = 250;
const TICKS_PER_PASS = 240;

function toLocalInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** The alert time filter (last hour / this shift / today / custom) and the playback of the last hours. */
export function TimeControls({ nowMs }: { nowMs: number }) {
  const t = useT();
  const store = useAppStoreApi();
  const time = useAppStore((s) => s.mapTime);
  const setMapTime = useAppStore((s) => s.setMapTime);
  const playback = time.playback;

  useEffect(() => {
    if (!playback?.playing) return;
    const timer = setInterval(() => {
      const current = store.getState().mapTime.playback;
      if (!current) return;
      const end = Date.now();
      const step = (current.hours * 3_600_000) / TICKS_PER_PASS;
      const atMs = Math.min(end, current.atMs + step);
      store.getState().setMapTime({ playback: { ...current, atMs, playing: atMs < end } });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playback?.playing, store]);

  if (playback) {
    const from = nowMs - playback.hours * 3_600_000;
    return (
      <div className="map-time playback" role="group" aria-label={t('map.playback.title')} data-testid="map-playback">
        <select
          data-testid="map-playback-hours"
          aria-label={t('map.playback.hours')}
          value={playback.hours}
          onChange={(e) => setMapTime({ playback: { hours: Number(e.target.value), atMs: nowMs - Number(e.target.value) * 3_600_000, playing: false } })}
        >
          {PLAYBACK_HOURS.map((h) => (
            <option key={h} value={h}>
              {t('map.playback.lastHours', { n: h })}
            </option>
          ))}
        </select>
        <button type="button" data-testid="map-playback-play" onClick={() => setMapTime({ playback: { ...playback, playing: !playback.playing, atMs: playback.atMs >= nowMs ? from : playback.atMs } })}>
          {playback.playing ? t('map.playback.pause') : t('map.playback.play')}
        </button>
        <input
          type="range"
          data-testid="map-playback-slider"
          aria-label={t('map.playback.slider')}
          min={from}
          max={nowMs}
          step={60_000}
          value={Math.max(from, Math.min(nowMs, playback.atMs))}
          onChange={(e) => setMapTime({ playback: { ...playback, atMs: Number(e.target.value), playing: false } })}
        />
        <output data-testid="map-playback-at" data-at={new Date(playback.atMs).toISOString()}>
          {new Date(playback.atMs).toLocaleString(t('map.locale'), { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' })}
        </output>
        <button type="button" className="ghost" data-testid="map-playback-exit" onClick={() => setMapTime({ playback: null })}>
          {t('map.playback.exit')}
        </button>
      </div>
    );
  }

  return (
    <div className="map-time" role="group" aria-label={t('map.time.title')}>
      <select data-testid="map-time-kind" aria-label={t('map.time.title')} value={time.kind} onChange={(e) => setMapTime({ kind: e.target.value as MapTimeKind })}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`map.time.${k}`)}
          </option>
        ))}
      </select>
      {time.kind === 'custom' && (
        <>
          <input type="datetime-local" data-testid="map-time-from" aria-label={t('map.time.from')} value={toLocalInput(time.customFromMs)} onChange={(e) => setMapTime({ customFromMs: fromLocalInput(e.target.value) })} />
          <input type="datetime-local" data-testid="map-time-to" aria-label={t('map.time.to')} value={toLocalInput(time.customToMs)} onChange={(e) => setMapTime({ customToMs: fromLocalInput(e.target.value) })} />
        </>
      )}
      <button type="button" data-testid="map-playback-start" onClick={() => setMapTime({ playback: { hours: 6, atMs: nowMs - 6 * 3_600_000, playing: false } })}>
        {t('map.playback.start')}
      </button>
    </div>
  );
}
