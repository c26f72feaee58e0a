// vt-pbf 3 ships no typings; only what tile-fixtures.ts uses is declared here.
declare module 'vt-pbf' {
  interface VtPbfOptions {
    /** Vector tile spec version written into each layer (1 or 2). */
    version?: number;
    extent?: number;
  }
  interface VtPbf {
    /** Encodes a tile shaped like @mapbox/vector-tile's VectorTile. */
    (tile: unknown): Uint8Array;
    /** Encodes geojson-vt tiles (`getTile()` results), one per layer name. */
    fromGeojsonVt(layers: Record<string, { features: readonly unknown[] }>, options?: VtPbfOptions): Uint8Array;
  }
  const vtpbf: VtPbf;
  export default vtpbf;
}
