import type { AlertSeverity } from '../../../src-shared/model/alert.js';
import type { CameraStatus } from '../../../src-shared/model/camera.js';
import type { Rgba } from './map-layer-spec.js';

// The same hues as the CSS variables (--sev-*, status dots), as RGBA for WebGL.
export const SEVERITY_RGBA: Record<AlertSeverity, Rgba> = {
  Extreme: [214, 40, 57, 255],
  Severe: [242, 107, 29, 255],
  Moderate: [224, 178, 11, 255],
  Minor: [63, 143, 210, 255],
  Unknown: [107, 119, 133, 255],
};

export const CAMERA_STATUS_RGBA: Record<CameraStatus | 'disabled', Rgba> = {
  online: [46, 196, 120, 255],
  degraded: [236, 176, 36, 255],
  offline: [226, 59, 59, 255],
  unknown: [140, 150, 162, 255],
  disabled: [80, 88, 98, 200],
};

export function rgbaCss([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
}
