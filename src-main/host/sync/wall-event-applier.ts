import type { DomainEvent } from '../../../src-shared/protocol/sync-events.js';
import type { Snapshot } from '../../../src-shared/protocol/sync-protocol.js';
import type { WallCache } from '../cache/wall-cache.js';

/** Which wall things a batch or snapshot changed, for the push events to windows. */
export class WallChanges {
  readonly cameraIds = new Set<string>();
  readonly layoutIds = new Set<string>();
  readonly tourIds = new Set<string>();
  readonly displayIds = new Set<string>();
  workstations = false;

  get empty(): boolean {
    return this.cameraIds.size + this.layoutIds.size + this.tourIds.size + this.displayIds.size === 0 && !this.workstations;
  }

  toJSON(): WallChangeSummary {
    return {
      cameraIds: [...this.cameraIds],
      layoutIds: [...this.layoutIds],
      tourIds: [...this.tourIds],
      displayIds: [...this.displayIds],
      workstations: this.workstations,
    };
  }
}

export interface WallChangeSummary {
  cameraIds: string[];
  layoutIds: string[];
  tourIds: string[];
  displayIds: string[];
  workstations: boolean;
}

/**
 * Applies one video-wall event to the cache (inside the batch's transaction).
 * Returns false for events that are not the wall's.
 */
export function applyWallEvent(domain: DomainEvent, cache: WallCache, workstationId: string, changes: WallChanges): boolean {
  switch (domain.kind) {
    case 'camera.saved':
      cache.cameras.upsert(domain.camera.id, domain.camera);
      changes.cameraIds.add(domain.camera.id);
      return true;
    case 'camera.status':
      cache.health.upsert(domain.health.cameraId, domain.health);
      changes.cameraIds.add(domain.health.cameraId);
      return true;
    case 'layout.saved':
      cache.layouts.upsert(domain.layout.id, domain.layout);
      changes.layoutIds.add(domain.layout.id);
      return true;
    case 'layout.deleted':
      cache.layouts.delete(domain.layoutId);
      changes.layoutIds.add(domain.layoutId);
      return true;
    case 'tour.saved':
      cache.tours.upsert(domain.tour.id, domain.tour);
      changes.tourIds.add(domain.tour.id);
      return true;
    case 'tour.deleted':
      cache.tours.delete(domain.tourId);
      changes.tourIds.add(domain.tourId);
      return true;
    case 'workstation.announced': {
      const a = domain.announce;
      cache.workstations.upsert(a.workstationId, { workstationId: a.workstationId, name: a.name, displays: a.displays, announcedAt: domain.event.at });
      changes.workstations = true;
      return true;
    }
    case 'wall.pushed': {
      const push = domain.push;
      if (push.workstationId !== workstationId) return true;
      const current = cache.displays.get(push.displayId);
      // Whatever was decided last wins: a change the operator made offline after the
      // supervisor's push (which only arrives now) is kept. Clocks of the two machines
      // are assumed to be NTP-synchronised, as a control room's are.
      if (current && current.setAt > domain.event.at) return true;
      cache.displays.upsert(push.displayId, {
        displayId: push.displayId,
        content: push.content,
        setBy: domain.event.actor,
        setAt: domain.event.at,
        pushSeq: domain.event.seq,
      });
      changes.displayIds.add(push.displayId);
      return true;
    }
    default:
      return false;
  }
}

/** A snapshot replaces the replicas whole; what the monitors show is this workstation's own and stays. */
export function replaceWallFromSnapshot(snapshot: Snapshot, cache: WallCache, changes: WallChanges): void {
  for (const c of cache.cameras.all()) changes.cameraIds.add(c.id);
  for (const l of cache.layouts.all()) changes.layoutIds.add(l.id);
  for (const t of cache.tours.all()) changes.tourIds.add(t.id);
  cache.cameras.replaceAll(snapshot.cameras.map((c) => [c.id, c] as const));
  cache.health.replaceAll(snapshot.cameraHealth.map((h) => [h.cameraId, h] as const));
  cache.layouts.replaceAll(snapshot.layouts.map((l) => [l.id, l] as const));
  cache.tours.replaceAll(snapshot.tours.map((t) => [t.id, t] as const));
  cache.workstations.replaceAll(
    snapshot.workstations.map((w) => [w.workstationId, { workstationId: w.workstationId, name: w.name, displays: w.displays, announcedAt: w.announcedAt }] as const),
  );
  for (const c of snapshot.cameras) changes.cameraIds.add(c.id);
  for (const l of snapshot.layouts) changes.layoutIds.add(l.id);
  for (const t of snapshot.tours) changes.tourIds.add(t.id);
  changes.workstations = true;
}
