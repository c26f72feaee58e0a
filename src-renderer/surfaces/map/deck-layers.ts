import type { Layer } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { IconLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { ClusterIndex, type ClusterView } from './cluster-index.js';
import { iconAtlas } from './icon-atlas.js';
import type { MapLayerSpec, PointLayerSpec, ShapeLayerSpec, TextLayerSpec } from './map-layer-spec.js';

/** Deck layer ids are `<spec id>` or `<spec id>:<part>`; picking maps them back with this. */
export function specIdOf(deckLayerId: string): string {
  const colon = deckLayerId.indexOf(':');
  return colon < 0 ? deckLayerId : deckLayerId.slice(0, colon);
}

export const LABEL_FONT = '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif';

interface BinaryData {
  length: number;
  attributes: Record<string, { value: Float32Array | Uint8Array; size: number; normalized?: boolean }>;
}

/**
 * Turns layer descriptors into deck.gl layers. Binary data objects are kept per
 * (layer, revision): handing deck.gl the same object again means "unchanged", so a
 * frame that only moves the pulse or the camera re-uploads nothing.
 */
export class DeckLayerBuilder {
  private readonly binary = new Map<string, { revision: number; data: BinaryData; pulse: BinaryData | null }>();
  private readonly clusters = new Map<string, ClusterIndex>();
  private readonly clusterData = new Map<string, { view: ClusterView; data: BinaryData }>();

  build(specs: readonly MapLayerSpec[], frame: { zoom: number; pulsePhase: number }): Layer[] {
    const layers: Layer[] = [];
    const live = new Set<string>();
    for (const spec of specs) {
      live.add(spec.id);
      if (spec.type === 'points') layers.push(...this.points(spec, frame));
      else if (spec.type === 'text') layers.push(textLayer(spec));
      else layers.push(shapeLayer(spec));
    }
    for (const id of this.binary.keys()) if (!live.has(id)) this.binary.delete(id);
    for (const id of this.clusters.keys()) if (!live.has(id)) this.clusters.delete(id);
    return layers;
  }

  /** Cluster id → zoom that splits it, for a click on a cluster disc. */
  clusterExpansionZoom(specId: string, clusterId: number): number | null {
    return this.clusters.get(specId)?.expansionZoom(clusterId) ?? null;
  }

  /** What a picked index of `<spec>:clusters` stands for. */
  clusterItem(specId: string, index: number): { pointIndex: number; clusterId: number; count: number } | null {
    const entry = this.clusterData.get(specId);
    if (!entry || index < 0 || index >= entry.view.length) return null;
    return { pointIndex: entry.view.pointIndex[index]!, clusterId: entry.view.clusterId[index]!, count: entry.view.counts[index]! };
  }

  private binaryOf(spec: PointLayerSpec): { data: BinaryData; pulse: BinaryData | null } {
    const hit = this.binary.get(spec.id);
    if (hit && hit.revision === spec.revision) return hit;
    const data: BinaryData = {
      length: spec.count,
      attributes: { getPosition: { value: spec.positions, size: 2 }, getFillColor: { value: spec.colors, size: 4, normalized: true } },
    };
    let pulse: BinaryData | null = null;
    if (spec.pulse) {
      let n = 0;
      for (let i = 0; i < spec.count; i++) n += spec.pulse[i]!;
      const positions = new Float32Array(n * 2);
      const colors = new Uint8Array(n * 4);
      for (let i = 0, j = 0; i < spec.count; i++) {
        if (!spec.pulse[i]) continue;
        positions.set(spec.positions.subarray(i * 2, i * 2 + 2), j * 2);
        colors.set(spec.colors.subarray(i * 4, i * 4 + 4), j * 4);
        j++;
      }
      pulse = { length: n, attributes: { getPosition: { value: positions, size: 2 }, getLineColor: { value: colors, size: 4, normalized: true } } };
    }
    const entry = { revision: spec.revision, data, pulse };
    this.binary.set(spec.id, entry);
    return entry;
  }

  private points(spec: PointLayerSpec, frame: { zoom: number; pulsePhase: number }): Layer[] {
    const { data, pulse } = this.binaryOf(spec);
    if (spec.mode === 'heatmap') {
      return [
        new HeatmapLayer({
          id: `${spec.id}:heatmap`,
          data: { length: data.length, attributes: { getPosition: data.attributes.getPosition! } } as never,
          getWeight: 1,
          radiusPixels: 36,
          intensity: 1,
          threshold: 0.03,
          pickable: false,
        }) as unknown as Layer,
      ];
    }
    if (spec.mode === 'clusters' && Math.floor(frame.zoom) <= spec.clusterMaxZoom && spec.count > 0) return this.clustered(spec, frame.zoom);
    const layers: Layer[] = [];
    if (pulse && pulse.length > 0) {
      // A ring that grows and fades once a second around each New alert.
      const p = frame.pulsePhase;
      layers.push(
        new ScatterplotLayer({
          id: `${spec.id}:pulse`,
          data: pulse as never,
          stroked: true,
          filled: false,
          radiusUnits: 'pixels',
          getRadius: spec.radiusPixels,
          radiusScale: 1 + p * 1.6,
          lineWidthUnits: 'pixels',
          getLineWidth: 3,
          opacity: 1 - p,
          pickable: false,
        }) as unknown as Layer,
      );
    }
    layers.push(
      new ScatterplotLayer({
        id: spec.id,
        data: data as never,
        radiusUnits: 'pixels',
        getRadius: spec.radiusPixels,
        stroked: true,
        getLineColor: [10, 14, 20, 230],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: true,
        autoHighlight: true,
        highlightColor: [255, 255, 255, 90],
      }) as unknown as Layer,
    );
    if (spec.icons) {
      const icons = spec.icons;
      const { atlas, mapping } = iconAtlas();
      layers.push(
        new IconLayer({
          id: `${spec.id}:icons`,
          data: { length: data.length, attributes: { getPosition: data.attributes.getPosition! } } as never,
          iconAtlas: atlas as never,
          iconMapping: mapping,
          getIcon: (_: unknown, { index }: { index: number }) => icons[index] ?? 'camera-other',
          sizeUnits: 'pixels',
          getSize: spec.radiusPixels * 1.3,
          getColor: [255, 255, 255, 235],
          pickable: false,
          updateTriggers: { getIcon: spec.revision },
        }) as unknown as Layer,
      );
    }
    return layers;
  }

  private clustered(spec: PointLayerSpec, zoom: number): Layer[] {
    let index = this.clusters.get(spec.id);
    if (!index) this.clusters.set(spec.id, (index = new ClusterIndex()));
    const view = index.view(spec, zoom);
    let entry = this.clusterData.get(spec.id);
    if (!entry || entry.view !== view) {
      entry = {
        view,
        data: { length: view.length, attributes: { getPosition: { value: view.positions, size: 2 }, getFillColor: { value: view.colors, size: 4, normalized: true } } },
      };
      this.clusterData.set(spec.id, entry);
    }
    const labels: { position: [number, number]; text: string }[] = [];
    for (let i = 0; i < view.length; i++) {
      if (view.counts[i]! > 1) labels.push({ position: [view.positions[i * 2]!, view.positions[i * 2 + 1]!], text: String(view.counts[i]) });
    }
    const counts = view.counts;
    return [
      new ScatterplotLayer({
        id: `${spec.id}:clusters`,
        data: entry.data as never,
        radiusUnits: 'pixels',
        getRadius: (_: unknown, { index: i }: { index: number }) => (counts[i]! > 1 ? Math.min(30, 12 + Math.sqrt(counts[i]!) * 2.5) : spec.radiusPixels),
        stroked: true,
        getLineColor: [230, 240, 250, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: true,
        updateTriggers: { getRadius: view },
      }) as unknown as Layer,
      new TextLayer({
        id: `${spec.id}:cluster-counts`,
        data: labels,
        getPosition: (d: { position: [number, number] }) => d.position,
        getText: (d: { text: string }) => d.text,
        getSize: 13,
        getColor: [255, 255, 255, 255],
        fontFamily: LABEL_FONT,
        fontWeight: 700,
        characterSet: '0123456789',
        pickable: false,
      }) as unknown as Layer,
    ];
  }
}

function textLayer(spec: TextLayerSpec): Layer {
  return new TextLayer({
    id: spec.id,
    data: spec.texts as never,
    getPosition: (d: { lon: number; lat: number }) => [d.lon, d.lat],
    getText: (d: { text: string }) => d.text,
    getSize: (d: { size: number }) => d.size,
    getColor: spec.color as never,
    fontFamily: LABEL_FONT,
    fontWeight: 600,
    // Vietnamese needs far more than ASCII; 'auto' collects the characters the labels use.
    characterSet: 'auto',
    outlineWidth: 3,
    outlineColor: [11, 17, 23, 255],
    fontSettings: { sdf: true },
    pickable: false,
    updateTriggers: { getText: spec.revision, getPosition: spec.revision },
  }) as unknown as Layer;
}

function shapeLayer(spec: ShapeLayerSpec): Layer {
  return new PolygonLayer({
    id: spec.id,
    data: spec.rings as never,
    getPolygon: (ring: (readonly [number, number])[]) => ring as never,
    getFillColor: spec.fill as never,
    getLineColor: spec.line as never,
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    stroked: true,
    filled: true,
    pickable: false,
    updateTriggers: { getPolygon: spec.revision },
  }) as unknown as Layer;
}
