import { useMemo, useRef } from 'react';
import { hasMessage } from '../../i18n/i18n.js';
import { useAppStore, useT } from '../../store/store-context.js';
import type { Ring } from './draw-tool.js';
import { alertTimeSelection } from './alert-time-selection.js';
import { regionLabelSpec } from './layers/region-labels.js';
import { MAP_LAYER_SOURCES, type MapInputs } from './map-layer-registry.js';
import type { MapLayerSpec, PointLayerSpec } from './map-layer-spec.js';

let revisions = 0;

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
