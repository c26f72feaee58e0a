import type { Bounds, TileFormat, VectorLayerInfo } from '../../../src-shared/model/map.js';
import type { Result } from '../../../src-shared/result.js';

/** What a tile file says about itself, normalised across PMTiles and MBTiles. */
export interface TileFileInfo {
  name: string;
  tileFormat: TileFormat;
  minzoom: number;
  maxzoom: number;
  bounds: Bounds;
  center: [number, number];
  vectorLayers: VectorLayerInfo[];
  attribution: string;
}

/**
 * An open, checked tile file. Tiles come back decompressed (the map wants plain pbf or
 * image bytes), or null where the file has no tile.
 */
export interface TileSource {
  readonly kind: 'pmtiles' | 'mbtiles';
  /** The absolute path it was opened from. */
  readonly path: string;
  readonly info: TileFileInfo;
  /** XYZ coordinates (y down), as the map asks for them. */
  tile(z: number, x: number, y: number): Promise<Result<Buffer | null>>;
  close(): Promise<void>;
}
