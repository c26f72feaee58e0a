import type { AlertView } from '../../../../src-shared/desktop-api.js';
import { ALERT_SEVERITIES, type AlertState } from '../../../../src-shared/model/alert.js';
import { alertActiveAt, alertInWindow, alertStateAt } from '../../../../src-shared/model/time-window.js';
import { SEVERITY_RGBA } from '../map-colors.js';
import type { LegendEntry, PointDisplayMode, PointLayerSpec } from '../map-layer-spec.js';

export const ALERT_LAYER_ID = 'alerts';

/** Which alerts the map shows: those of a time window, or those active at one instant of a playback. */
export type AlertTimeSelection =
  | { kind: 'window'; fromMs: number; toMs: number }
  | { kind: 'playback'; atMs: number };

export const ALERT_LEGEND: readonly LegendEntry[] = [
  ...ALERT_SEVERITIES.map((s) => ({ labelKey: `severity.${s}`, color: SEVERITY_RGBA[s], icon: null })),
  { labelKey: 'map.legend.alertNew', color: [255, 255, 255, 255] as const, icon: 'pulse' },
];

const ENDED: ReadonlySet<AlertState> = new Set(['resolved', 'closed']);

/** The alerts the selection keeps, each with the state it had then (now, or at the playback instant). */
export function selectAlerts(alerts: readonly AlertView[], selection: AlertTimeSelection): { alert: AlertView; state: AlertState }[] {
  const out: { alert: AlertView; state: AlertState }[] = [];
  for (const alert of alerts) {
    if (!alert.location) continue;
    if (selection.kind === 'playback') {
      if (alertActiveAt(alert, selection.atMs)) out.push({ alert, state: alertStateAt(alert, selection.atMs) ?? alert.state });
    } else if (alertInWindow(alert, { fromMs: selection.fromMs, toMs: selection.toMs })) {
      out.push({ alert, state: alert.state });
    }
  }
  return out;
}

/** Alerts at their location by severity; New ones pulse; ended ones are dimmed. */
export function alertLayerSpec(
  alerts: readonly AlertView[],
  selection: AlertTimeSelection,
  revision: number,
  mode: PointDisplayMode,
  stateLabel: (s: AlertState) => string,
): PointLayerSpec {
  const shown = selectAlerts(alerts, selection);
  const count = shown.length;
  const positions = new Float32Array(count * 2);
  const colors = new Uint8Array(count * 4);
  const pulse = new Uint8Array(count);
  const ids: string[] = new Array<string>(count);
  let pulsing = 0;
  for (let i = 0; i < count; i++) {
    const { alert, state } = shown[i]!;
    positions[i * 2] = alert.location!.lon;
    positions[i * 2 + 1] = alert.location!.lat;
    const [r, g, b] = SEVERITY_RGBA[alert.severity];
    colors[i * 4] = r;
    colors[i * 4 + 1] = g;
    colors[i * 4 + 2] = b;
    colors[i * 4 + 3] = ENDED.has(state) ? 110 : 255;
    ids[i] = alert.id;
    if (state === 'new') {
      pulse[i] = 1;
      pulsing++;
    }
  }
  return {
    type: 'points',
    id: ALERT_LAYER_ID,
    kind: 'alert',
    revision,
    count,
    positions,
    colors,
    ids,
    icons: null,
    radiusPixels: 8,
    pulse: pulsing > 0 ? pulse : null,
    mode,
    clusterMaxZoom: 10,
    legend: ALERT_LEGEND,
    tooltip: (i) => {
      const entry = shown[i];
      if (!entry) return '';
      const where = entry.alert.location?.areaDesc ? `\n${entry.alert.location.areaDesc}` : '';
      return `${entry.alert.headline} — ${stateLabel(entry.state)}${where}`;
    },
  };
}
