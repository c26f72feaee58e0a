import type { AlertSeverity } from '../../../src-shared/model/alert.js';
import type { CameraStatus } from '../../../src-shared/model/camera.js';
import type { ReportStatus } from '../../../src-shared/model/field-report.js';
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

/**
 * Field reports: the open steps in cool-to-warm hues that avoid the severity reds
 * (an open report is work, not an alarm); closed ones muted and half transparent so
 * the open backlog reads first. An overdue open report is drawn in REPORT_OVERDUE_RGBA
 * whatever its step: that is what a supervisor scans the map for.
 */
export const REPORT_STATUS_RGBA: Record<ReportStatus, Rgba> = {
  received: [156, 98, 222, 255],
  classified: [84, 132, 240, 255],
  forwarded: [32, 178, 196, 255],
  in_progress: [240, 168, 40, 255],
  resolved: [70, 176, 110, 150],
  rejected: [128, 136, 146, 140],
  duplicate: [128, 136, 146, 90],
};

export const REPORT_OVERDUE_RGBA: Rgba = [236, 36, 92, 255];

export function rgbaCss([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
}
