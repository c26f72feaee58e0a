import { addProtocol, removeProtocol } from 'maplibre-gl';
import type { TilePayload } from '../../../src-shared/desktop-api.js';
import type { Result } from '../../../src-shared/result.js';
import { TILE_SCHEME } from './basemap-style.js';

function base64ToBuffer(b64: string): ArrayBuffer {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

/**
 * Tiles of a PMTiles or MBTiles basemap come from the workstation host (which reads
 * the file), never from the network: maplibre asks `vigil-tiles://<rev>/z/x/y` and
 * this handler answers through the desktop API. A tile the file lacks is an empty
 * tile, not an error, so the map does not log a failure for every ocean square.
 */
export function registerTileProtocol(fetchTile: (coord: [number, number, number]) => Promise<Result<TilePayload>>): () => void {
  addProtocol(TILE_SCHEME, async (params) => {
    const m = /^vigil-tiles:\/\/\d+\/(\d+)\/(\d+)\/(\d+)/.exec(params.url);
    if (!m) throw new Error(`bad tile url ${params.url}`);
    const result = await fetchTile([Number(m[1]), Number(m[2]), Number(m[3])]);
    if (!result.ok) throw new Error(result.message);
    return { data: result.value ? base64ToBuffer(result.value) : new ArrayBuffer(0) };
  });
  return () => removeProtocol(TILE_SCHEME);
}
