import type { BasemapInfo, TileFormat } from '../../../src-shared/model/map.js';
import type { Result } from '../../../src-shared/result.js';

/** What a tile file says about itself, normalised across PMTiles and MBTiles: the basemap's fields less what the host adds. */
export type TileFileInfo = Omit<BasemapInfo, 'kind' | 'path' | 'revision' | 'tileFormat'> & { tileFormat: TileFormat };

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
