/**
 * What the wall's drag and drop carries. Own MIME types, so text or files dragged in
 * from elsewhere are never taken for a camera, and so `dragover` (which may read only
 * the types, not the data) can tell whether a drop would be accepted.
 */
export const CAMERA_DRAG_TYPE = 'application/x-vigil-camera';
export const TILE_DRAG_TYPE = 'application/x-vigil-tile';

export type WallDrop = { kind: 'camera'; cameraId: string } | { kind: 'tile'; index: number };

interface DragTypes {
  readonly types: readonly string[];
}

interface DragData extends DragTypes {
  getData(format: string): string;
}

export function acceptsWallDrag(data: DragTypes): boolean {
  return data.types.includes(CAMERA_DRAG_TYPE) || data.types.includes(TILE_DRAG_TYPE);
}

export function readWallDrop(data: DragData): WallDrop | null {
  if (data.types.includes(TILE_DRAG_TYPE)) {
    const index = Number(data.getData(TILE_DRAG_TYPE));
    return Number.isInteger(index) && index >= 0 ? { kind: 'tile', index } : null;
  }
  if (data.types.includes(CAMERA_DRAG_TYPE)) {
    const cameraId = data.getData(CAMERA_DRAG_TYPE).trim();
    return /^[A-Za-z0-9._:-]{1,64}$/.test(cameraId) ? { kind: 'camera', cameraId } : null;
  }
  return null;
}
