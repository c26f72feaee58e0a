import type { CameraView } from '../../src-shared/desktop-api.js';
import type { CameraKind, CameraStatus } from '../../src-shared/model/camera.js';
import { matchesSearch } from '../../src-shared/text/normalize.js';

export interface CameraFilters {
  search: string;
  /** Empty string means every group. */
  group: string;
  kind: CameraKind | '';
  status: CameraStatus | '';
}

export const EMPTY_CAMERA_FILTERS: CameraFilters = { search: '', group: '', kind: '', status: '' };

/** A camera the health poller has not judged yet is `unknown`, not online: the wall must not promise a picture. */
export function cameraStatusOf(camera: Pick<CameraView, 'health'>): CameraStatus {
  return camera.health?.status ?? 'unknown';
}

/** What a search looks in: the name first, then what an operator may remember instead (id, street, district, area). */
export function cameraSearchText(camera: CameraView): string {
  return [camera.name, camera.id, camera.area, camera.location.district, camera.location.address, ...camera.groups].join(' ');
}

/** The list panel's filter; the host already sorted by name (Vietnamese collation), so order is kept. */
export function filterCameras(cameras: readonly CameraView[], filters: CameraFilters): CameraView[] {
  return cameras.filter(
    (camera) =>
      (filters.group === '' || camera.groups.includes(filters.group)) &&
      (filters.kind === '' || camera.kind === filters.kind) &&
      (filters.status === '' || cameraStatusOf(camera) === filters.status) &&
      matchesSearch(cameraSearchText(camera), filters.search),
  );
}

const indexes = new WeakMap<readonly CameraView[], Map<string, CameraView>>();

/** The registry keyed by id, built once per list the host sent (every tile looks its camera up on each render). */
export function cameraIndex(cameras: readonly CameraView[]): Map<string, CameraView> {
  let index = indexes.get(cameras);
  if (!index) {
    index = new Map(cameras.map((c) => [c.id, c] as const));
    indexes.set(cameras, index);
  }
  return index;
}

/** Every group named by a camera in the list, sorted the way a Vietnamese reader expects. */
export function groupsOf(cameras: readonly CameraView[]): string[] {
  return [...new Set(cameras.flatMap((c) => c.groups))].sort((a, b) => a.localeCompare(b, 'vi'));
}
