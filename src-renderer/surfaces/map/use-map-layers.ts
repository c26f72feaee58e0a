import { useMemo, useRef } from 'react';
import { hasMessage, translator } from '../../i18n/i18n.js';
import { useAppStore, useT } from '../../store/store-context.js';
import type { Ring } from './draw-tool.js';
import { alertTimeSelection } from './alert-time-selection.js';
import { regionLabelSpec } from './layers/region-labels.js';
import type { ReportLabels } from './layers/report-layer.js';
import { MAP_LAYER_SOURCES, type MapInputs } from './map-layer-registry.js';
import type { MapLayerSpec, PointLayerSpec } from './map-layer-spec.js';

let revisions = 0;
/** Layer id → draw order (lower underneath), see MapLayerSource.drawOrder. */
const DRAW_ORDER = new Map(MAP_LAYER_SOURCES.map((s) => [s.id, s.drawOrder ?? 0]));

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
  const reports = useAppStore((s) => s.mapReports);
  const locale = useAppStore((s) => s.locale);
  const cache = useRef(new Map<string, { deps: readonly unknown[]; mode: string; spec: PointLayerSpec }>());

  const alertTime = useMemo(() => alertTimeSelection(time, nowMs), [time, nowMs]);
  const labels = useMemo(() => (region ? regionLabelSpec(region, ++revisions) : null), [region]);
  // Per language, so the report layer's tooltips follow a language switch and nothing else rebuilds it.
  const reportLabels = useMemo<ReportLabels>(() => {
    const tr = translator(locale);
    return { status: (s) => tr(`reports.status.${s}`), overdue: tr('reports.overdue') };
  }, [locale]);

  const inputs: MapInputs = {
    cameras,
    alerts,
    alertTime,
    cameraStatusLabel: (s) => (s === 'disabled' ? t('map.legend.cameraDisabled') : t(`cameras.status.${s}`)),
    alertStateLabel: (s) => {
      const key = `state.${s}`;
      return hasMessage(key) ? t(key) : s;
    },
    reports,
    reportLabels,
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
    // Later draws on top; sort is stable, so equal orders keep the registry's order.
    list.push(...[...points.values()].sort((a, b) => (DRAW_ORDER.get(a.id) ?? 0) - (DRAW_ORDER.get(b.id) ?? 0)));
    if (drawing) list.push({ type: 'shape', id: 'selection-shape', revision: ++revisions, rings: [drawing], fill: [80, 160, 255, 50], line: [120, 190, 255, 255] });
    return list;
    // `points` is a new Map every render; specsKey says whether any layer in it changed.
  }, [specsKey, labels, drawing]);
  return { specs, points };
}
