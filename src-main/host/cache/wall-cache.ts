import type { KnownWorkstation } from '../../../src-shared/desktop-api.js';
import type { Camera, CameraHealth } from '../../../src-shared/model/camera.js';
import type { WallDisplayState, WallLayout, WallTour } from '../../../src-shared/model/wall.js';
import type { CacheDb } from './cache-database.js';
import { KeyedReplica } from './keyed-replica.js';

/**
 * Everything the video wall keeps in cache.db: replicas of the server's camera
 * registry, camera health, shared layouts and tours, the workstations that
 * announced their walls — and, local to this workstation, what each wall monitor shows.
 */
export class WallCache {
  readonly cameras: KeyedReplica<Camera>;
  readonly health: KeyedReplica<CameraHealth>;
  readonly layouts: KeyedReplica<WallLayout>;
  readonly tours: KeyedReplica<WallTour>;
  readonly workstations: KeyedReplica<KnownWorkstation>;
  readonly displays: KeyedReplica<WallDisplayState>;

  constructor(db: CacheDb) {
    this.cameras = new KeyedReplica(db, 'cameras');
    this.health = new KeyedReplica(db, 'camera_health');
    this.layouts = new KeyedReplica(db, 'wall_layouts');
    this.tours = new KeyedReplica(db, 'wall_tours');
    this.workstations = new KeyedReplica(db, 'known_workstations');
    this.displays = new KeyedReplica(db, 'wall_displays');
  }
}
