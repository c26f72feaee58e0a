import Supercluster, { type PointFeature } from 'supercluster';
import type { PointLayerSpec } from './map-layer-spec.js';

export interface ClusterView {
  /** lon, lat per shown item. */
  positions: Float32Array;
  colors: Uint8Array;
  /** Points in each item: 1 for a single point. */
  counts: Uint32Array;
  /** For a single point its index in the spec, for a cluster -1. */
  pointIndex: Int32Array;
  /** For a cluster its supercluster id (to zoom into it), else -1. */
  clusterId: Int32Array;
  length: number;
}

/**
 * Clusters for one point layer at one zoom, built once per (layer, revision): at low
 * zoom a thousand cameras become a few counted discs, and a click zooms into one.
 */
export class ClusterIndex {
  private index: Supercluster | null = null;
  private revision = -1;
  private readonly views = new Map<number, ClusterView>();

  constructor(private readonly radiusPixels = 48) {}

  view(spec: PointLayerSpec, zoom: number): ClusterView {
    if (spec.revision !== this.revision || !this.index) this.rebuild(spec);
    const z = Math.floor(zoom);
    const hit = this.views.get(z);
    if (hit) return hit;
    const features = this.index!.getClusters([-180, -85, 180, 85], z);
    const length = features.length;
    const view: ClusterView = {
      positions: new Float32Array(length * 2),
      colors: new Uint8Array(length * 4),
      counts: new Uint32Array(length),
      pointIndex: new Int32Array(length),
      clusterId: new Int32Array(length),
      length,
    };
    features.forEach((f, i) => {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      view.positions[i * 2] = lon;
      view.positions[i * 2 + 1] = lat;
      const props = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; i?: number };
      if (props.cluster) {
        view.counts[i] = props.point_count ?? 0;
        view.pointIndex[i] = -1;
        view.clusterId[i] = props.cluster_id ?? -1;
        view.colors.set([70, 130, 180, 230], i * 4);
      } else {
        const p = props.i ?? 0;
        view.counts[i] = 1;
        view.pointIndex[i] = p;
        view.clusterId[i] = -1;
        view.colors.set(spec.colors.subarray(p * 4, p * 4 + 4), i * 4);
      }
    });
    this.views.set(z, view);
    return view;
  }

  expansionZoom(clusterId: number): number | null {
    try {
      return this.index?.getClusterExpansionZoom(clusterId) ?? null;
    } catch {
      return null; // the index was rebuilt since the click's frame
    }
  }

  private rebuild(spec: PointLayerSpec): void {
    const points: PointFeature<{ i: number }>[] = new Array(spec.count);
    for (let i = 0; i < spec.count; i++) {
      points[i] = { type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [spec.positions[i * 2]!, spec.positions[i * 2 + 1]!] } };
    }
    this.index = new Supercluster({ radius: this.radiusPixels, maxZoom: spec.clusterMaxZoom, minPoints: 3 });
    this.index.load(points);
    this.revision = spec.revision;
    this.views.clear();
  }
}
