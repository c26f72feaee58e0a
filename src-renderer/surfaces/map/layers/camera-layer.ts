import type { CameraView } from '../../../../src-shared/desktop-api.js';
import { CAMERA_KINDS, CAMERA_STATUSES, type CameraStatus } from '../../../../src-shared/model/camera.js';
import { CAMERA_STATUS_RGBA } from '../map-colors.js';
import type { LegendEntry, PointDisplayMode, PointLayerSpec } from '../map-layer-spec.js';

export const CAMERA_LAYER_ID = 'cameras';

/** What a camera shows as on the map: its health, or 'disabled' when switched off. */
export function cameraMapStatus(camera: CameraView): CameraStatus | 'disabled' {
  if (!camera.enabled) return 'disabled';
  return camera.health?.status ?? 'unknown';
}

export const CAMERA_LEGEND: readonly LegendEntry[] = [
  ...CAMERA_STATUSES.map((s) => ({ labelKey: `cameras.status.${s}`, color: CAMERA_STATUS_RGBA[s], icon: null })),
  { labelKey: 'map.legend.cameraDisabled', color: CAMERA_STATUS_RGBA.disabled, icon: null },
  ...CAMERA_KINDS.map((k) => ({ labelKey: `cameras.kind.${k}`, color: [220, 226, 232, 255] as const, icon: `camera-${k}` })),
];

/**
 * Every registered camera at its position, coloured by status, with an icon by kind.
 * `revision` comes from the caller (the store's camera list generation), so the same
 * list is never re-uploaded.
 */
export function cameraLayerSpec(cameras: readonly CameraView[], revision: number, mode: PointDisplayMode, statusLabel: (s: CameraStatus | 'disabled') => string): PointLayerSpec {
  const count = cameras.length;
  const positions = new Float32Array(count * 2);
  const colors = new Uint8Array(count * 4);
  const ids: string[] = new Array<string>(count);
  const icons: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const c = cameras[i]!;
    positions[i * 2] = c.location.lon;
    positions[i * 2 + 1] = c.location.lat;
    colors.set(CAMERA_STATUS_RGBA[cameraMapStatus(c)], i * 4);
    ids[i] = c.id;
    icons[i] = `camera-${c.kind}`;
  }
  return {
    type: 'points',
    id: CAMERA_LAYER_ID,
    kind: 'camera',
    revision,
    count,
    positions,
    colors,
    ids,
    icons,
    radiusPixels: 11,
    pulse: null,
    mode,
    clusterMaxZoom: 11,
    legend: CAMERA_LEGEND,
    tooltip: (i) => {
      const c = cameras[i];
      return c ? `${c.name} — ${statusLabel(cameraMapStatus(c))}${c.location.address ? `\n${c.location.address}` : ''}` : '';
    },
  };
}
