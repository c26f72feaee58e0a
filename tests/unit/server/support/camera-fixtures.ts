// Cameras, layouts and tours for the server's camera/wall tests.
import type { CameraInput } from '../../../../src-shared/model/camera.js';

export function cameraInput(id: string, overrides: Partial<CameraInput> = {}): CameraInput {
  return {
    id,
    name: `Camera ${id}`,
    kind: 'traffic',
    location: { lat: 9.78, lon: 105.47, district: 'Vị Thanh', address: 'Đường 3/2' },
    groups: ['Giao thông'],
    mainUrl: `http://gw.local/${id}/main.m3u8`,
    subUrl: `http://gw.local/${id}/sub.m3u8`,
    ...overrides,
  };
}

export const layoutInput = (id: string, tiles: (string | null)[] = ['cam-1', null, null, null]) => ({ id, name: `Bố cục ${id}`, grid: '2x2', tiles });

export const tourOfLayouts = (id: string, layoutIds: string[]) => ({ id, name: `Tua ${id}`, intervalSeconds: 10, steps: { kind: 'layouts', layoutIds } });
