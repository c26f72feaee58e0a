import type { WallDisplayInfo } from '../../src-shared/desktop-api.js';
import type { WorkstationProfile } from '../../src-shared/workstation-profile.js';

/** A wall monitor as the profile configures it (what it shows lives in cache.db). */
export type WallDisplayConfigResolved = Omit<WallDisplayInfo, 'state'>;

/**
 * The wall monitors of a profile, in profile order, each with a stable id: the
 * profile's `wall.id`, else `wall-<n>` counting wall displays from 1 — so a
 * supervisor's push keeps its target when monitors are re-plugged.
 */
export function wallDisplaysFromProfile(profile: Pick<WorkstationProfile, 'displays'>): WallDisplayConfigResolved[] {
  const result: WallDisplayConfigResolved[] = [];
  for (const display of profile.displays) {
    if (display.surface !== 'wall') continue;
    const n = result.length + 1;
    const wall = display.wall;
    result.push({
      displayId: wall?.id ?? `wall-${n}`,
      label: wall?.label ?? `Tường ${n}`,
      takeover: wall?.takeover ?? 'none',
      takeoverTiles: wall?.takeoverTiles ?? [],
      takeoverMaxAgeMinutes: wall?.takeoverMaxAgeMinutes ?? 120,
      streamCap: wall?.streamCap ?? 16,
    });
  }
  return result;
}
