import type { Region } from '../../../../src-shared/model/map.js';
import { regionBounds } from '../../../../src-shared/model/map.js';
import type { TextLayerSpec } from '../map-layer-spec.js';

export const REGION_LABELS_ID = 'region-labels';

/**
 * Names of the region's administrative units, drawn by deck.gl: an offline map has no
 * glyph server for maplibre's own labels. A unit is labelled at its 'place' point when
 * the region has one of the same name, else at the middle of its extent.
 */
export function regionLabelSpec(region: Region, revision: number): TextLayerSpec {
  const places = new Map<string, [number, number]>();
  for (const f of region.features) {
    if (f.properties.role === 'place' && f.geometry.type === 'Point') places.set(f.properties.name, [f.geometry.coordinates[0], f.geometry.coordinates[1]]);
  }
  const texts: { text: string; lon: number; lat: number; size: number }[] = [];
  const labelled = new Set<string>();
  for (const f of region.features) {
    if (f.properties.role !== 'unit' || !f.properties.name || labelled.has(f.properties.name)) continue;
    labelled.add(f.properties.name);
    const at = places.get(f.properties.name);
    const [w, s, e, n] = regionBounds({ features: [f] });
    texts.push({ text: f.properties.name, lon: at ? at[0] : (w + e) / 2, lat: at ? at[1] : (s + n) / 2, size: 15 });
  }
  for (const [name, [lon, lat]] of places) if (!labelled.has(name)) texts.push({ text: name, lon, lat, size: 13 });
  return { type: 'text', id: REGION_LABELS_ID, revision, texts, color: [200, 212, 226, 255] };
}
