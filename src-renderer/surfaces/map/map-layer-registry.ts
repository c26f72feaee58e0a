import type { AlertView, CameraView, ReportView } from '../../../src-shared/desktop-api.js';
import type { AlertState } from '../../../src-shared/model/alert.js';
import type { CameraStatus } from '../../../src-shared/model/camera.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { alertLayerSpec, type AlertTimeSelection } from './layers/alert-layer.js';
import { cameraLayerSpec } from './layers/camera-layer.js';
import { reportLayerSpec, type ReportLabels } from './layers/report-layer.js';
import type { PointDisplayMode, PointLayerSpec } from './map-layer-spec.js';

/** Everything a live layer may be built from: store state plus the map's own choices. */
export interface MapInputs {
  cameras: readonly CameraView[];
  alerts: readonly AlertView[];
  alertTime: AlertTimeSelection;
  cameraStatusLabel(status: CameraStatus | 'disabled'): string;
  alertStateLabel(state: AlertState): string;
  /** Field reports with their position (the store's map list). */
  reports: readonly ReportView[];
  /** Translated labels of the report layer: a new object only when the language changes. */
  reportLabels: ReportLabels;
}

/**
 * One live layer of the map. `build` is pure: the same inputs give the same
 * descriptor (its `revision` is supplied by the caller, who knows when inputs changed).
 * A later domain adds its layer here (dossiers by agency, news by place…), as field reports did.
 */
export interface MapLayerSource {
  id: string;
  titleKey: MessageKey;
  defaultMode: PointDisplayMode;
  modes: readonly PointDisplayMode[];
  /** Lower draws first, underneath (and loses the pick where points overlap); default 0. */
  drawOrder?: number;
  /** Which inputs the layer reads: it is rebuilt only when one of them changes. */
  dependsOn(inputs: MapInputs): readonly unknown[];
  build(inputs: MapInputs, mode: PointDisplayMode, revision: number): PointLayerSpec;
}

export const MAP_LAYER_SOURCES: readonly MapLayerSource[] = [
  {
    id: 'cameras',
    titleKey: 'map.layer.cameras',
    defaultMode: 'points',
    modes: ['points', 'clusters'],
    dependsOn: (i) => [i.cameras],
    build: (i, mode, revision) => cameraLayerSpec(i.cameras, revision, mode, i.cameraStatusLabel),
  },
  {
    id: 'alerts',
    titleKey: 'map.layer.alerts',
    defaultMode: 'points',
    modes: ['points', 'clusters', 'heatmap'],
    dependsOn: (i) => [i.alerts, i.alertTime],
    build: (i, mode, revision) => alertLayerSpec(i.alerts, i.alertTime, revision, mode, i.alertStateLabel),
  },
  {
    // Field reports by status. Clusters by default: a province gathers thousands of reports,
    // and at the region's zoom single dots would only be noise; a cluster's tooltip tells
    // them apart by status. Drawn beneath cameras and alerts: alerts are the urgent layer.
    id: 'reports',
    titleKey: 'map.layer.reports',
    defaultMode: 'clusters',
    modes: ['points', 'clusters', 'heatmap'],
    drawOrder: -1,
    dependsOn: (i) => [i.reports, i.reportLabels],
    build: (i, mode, revision) => reportLayerSpec(i.reports, revision, mode, i.reportLabels),
  },
];
