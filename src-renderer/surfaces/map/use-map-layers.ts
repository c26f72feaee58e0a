import { useMemo, useRef } from 'react';
import { timeWindowBounds } from '../../../src-shared/model/time-window.js';
import { hasMessage } from '../../i18n/i18n.js';
import type { MapTimeState } from '../../store/slices/map-slice.js';
import { useAppStore, useT } from '../../store/store-context.js';
import type { Ring } from './draw-tool.js';
import type { AlertTimeSelection } from './layers/alert-layer.js';
import { regionLabelSpec } from './layers/region-labels.js';
import { MAP_LAYER_SOURCES, type MapInputs } from './map-layer-registry.js';
import type { MapLayerSpec, PointLayerSpec } from './map-layer-spec.js';

let revisions = 0;

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

/**
 * The descriptors the map draws, rebuilt per layer only when that layer's inputs
 * change (a camera health push does not rebuild the alert layer).
 */
export function useMapLayerSpecs(nowMs: number, drawing: Ring | null): { specs: MapLayerSpec[]; points: Map<string, PointLayerSpec> } {
  const t = useT();
  const cameras = useAppStore((s) => s.cameras);
  const alerts = useAppStore((s) => s.alerts);
  const region = useAppStore((s) => s.mapRegion);
  const time = useAppStore((s) => s.mapTime);
  const visible = useAppStore((s) => s.mapLayerVisible);
  const modes = useAppStore((s) => s.mapLayerMode);
  const cache = useRef(new Map<string, { deps: readonly unknown[]; mode: string; spec: PointLayerSpec }>());

  const alertTime = useMemo(() => alertTimeSelection(time, nowMs), [time, nowMs]);
  const labels = useMemo(() => (region ? regionLabelSpec(region, ++revisions) : null), [region]);

  const inputs: MapInputs = {
    cameras,
    alerts,
    alertTime,
    cameraStatusLabel: (s) => (s === 'disabled' ? t('map.legend.cameraDisabled') : t(`cameras.status.${s}`)),
    alertStateLabel: (s) => {
      const key = `state.${s}`;
      return hasMessage(key) ? t(key) : s;
    },
  };

  const points = new Map<string, PointLayerSpec>();
  for (const source of MAP_LAYER_SOURCES) {
    if (visible[source.id] === false) continue;
    const mode = modes[source.id] ?? source.defaultMode;
    const deps = source.dependsOn(inputs);
    const hit = cache.current.get(source.id);
    if (hit && hit.mode === mode && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) {
      points.set(source.id, hit.spec);
      continue;
    }
    const spec = source.build(inputs, mode, ++revisions);
    cache.current.set(source.id, { deps, mode, spec });
    points.set(source.id, spec);
  }

  const specsKey = [...points.values()].map((s) => `${s.id}@${s.revision}`).join(',');
  const specs = useMemo(() => {
    const list: MapLayerSpec[] = [];
    if (labels) list.push(labels);
    list.push(...points.values());
    if (drawing) list.push({ type: 'shape', id: 'selection-shape', revision: ++revisions, rings: [drawing], fill: [80, 160, 255, 50], line: [120, 190, 255, 255] });
    return list;
    // `points` is a new Map every render; specsKey says whether any layer in it changed.
  }, [specsKey, labels, drawing]);
  return { specs, points };
}
