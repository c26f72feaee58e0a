import type { z } from 'zod';
import { hasRoleAtLeast } from '../../src-shared/model/user.js';
import {
  decideLayoutDelete,
  decideWallPush,
  tileCount,
  type WallLayout,
  type WallPush,
  type WallTour,
  type WorkstationAnnounce,
} from '../../src-shared/model/wall.js';
import type {
  DeleteLayoutPayloadSchema,
  DeleteTourPayloadSchema,
  SaveLayoutPayloadSchema,
  SaveTourPayloadSchema,
} from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { CommandContext } from './command-context.js';

export type SaveLayoutPayload = z.output<typeof SaveLayoutPayloadSchema>;
export type DeleteLayoutPayload = z.output<typeof DeleteLayoutPayloadSchema>;
export type SaveTourPayload = z.output<typeof SaveTourPayloadSchema>;
export type DeleteTourPayload = z.output<typeof DeleteTourPayloadSchema>;

function append(ctx: CommandContext, type: string, subject: string, data: unknown): SyncEvent {
  return ctx.tx.append({ id: ulid(), type, at: ctx.at, actor: ctx.actor.id, subject, commandId: ctx.commandId, data });
}

/**
 * `layout.save`: anyone may save a shared layout (upsert by id). Tiles may name
 * cameras the registry does not hold (yet): a tile simply shows that the camera is
 * missing, and refusing would strand a layout queued offline behind a registry change.
 */
export function saveLayout(ctx: CommandContext, payload: SaveLayoutPayload): Result<SyncEvent> {
  const layout: WallLayout = { ...payload.layout, updatedAt: ctx.at, updatedBy: ctx.actor.id };
  const event = append(ctx, 'layout.saved', layout.id, layout);
  ctx.store.layouts.upsert(layout);
  return ok(event);
}

/** `layout.delete`: the last saver or a supervisor; never a layout a tour still steps through. */
export function deleteLayout(ctx: CommandContext, payload: DeleteLayoutPayload): Result<SyncEvent> {
  const layout = ctx.store.layouts.get(payload.layoutId);
  if (!layout) return fail('not-found', `Layout ${payload.layoutId} does not exist`, { layoutId: payload.layoutId });
  const allowed = decideLayoutDelete(ctx.actor, layout.updatedBy);
  if (!allowed.ok) return allowed;
  // A tour must only name existing layouts (checked on save), so deleting one under it is refused too.
  const tourIds = ctx.store.tours.toursUsingLayout(layout.id);
  if (tourIds.length > 0) {
    return fail('conflict', `Layout ${layout.id} is used by tour ${tourIds.join(', ')}; change or delete the tour first`, { layoutId: layout.id, tourIds });
  }
  const event = append(ctx, 'layout.deleted', layout.id, { layoutId: layout.id });
  ctx.store.layouts.delete(layout.id);
  return ok(event);
}

/** `tour.save`: anyone; a tour of layouts must name layouts that exist. */
export function saveTour(ctx: CommandContext, payload: SaveTourPayload): Result<SyncEvent> {
  const { steps } = payload.tour;
  if (steps.kind === 'layouts') {
    const missing = [...new Set(steps.layoutIds.filter((id) => !ctx.store.layouts.has(id)))];
    if (missing.length > 0) return fail('bad-request', `Tour names unknown layouts: ${missing.join(', ')}`, { layoutIds: missing });
  }
  const tour: WallTour = { ...payload.tour, updatedAt: ctx.at, updatedBy: ctx.actor.id };
  const event = append(ctx, 'tour.saved', tour.id, tour);
  ctx.store.tours.upsert(tour);
  return ok(event);
}

/** `tour.delete`: the last saver or a supervisor (same rule as layouts). */
export function deleteTour(ctx: CommandContext, payload: DeleteTourPayload): Result<SyncEvent> {
  const tour = ctx.store.tours.get(payload.tourId);
  if (!tour) return fail('not-found', `Tour ${payload.tourId} does not exist`, { tourId: payload.tourId });
  const allowed = decideLayoutDelete(ctx.actor, tour.updatedBy);
  if (!allowed.ok) return allowed;
  const event = append(ctx, 'tour.deleted', tour.id, { tourId: tour.id });
  ctx.store.tours.delete(tour.id);
  return ok(event);
}

/**
 * `wall.push`: sets what one display of a workstation shows. The server keeps no
 * projection of it: the target host applies the event to its own display state,
 * which is what lets a wall keep its picture through an outage.
 */
export function pushWall(ctx: CommandContext, push: WallPush): Result<SyncEvent> {
  const allowed = decideWallPush(ctx.actor, ctx.workstationId !== null && ctx.workstationId === push.workstationId);
  if (!allowed.ok) return allowed;
  const { content } = push;
  if (content.kind === 'layout' && !ctx.store.layouts.has(content.layoutId)) {
    return fail('bad-request', `Layout ${content.layoutId} does not exist`, { layoutId: content.layoutId });
  }
  if (content.kind === 'tour' && !ctx.store.tours.has(content.tourId)) {
    return fail('bad-request', `Tour ${content.tourId} does not exist`, { tourId: content.tourId });
  }
  if (content.kind === 'adhoc' && content.tiles.length > tileCount(content.grid)) {
    return fail('bad-request', `Grid ${content.grid} has ${tileCount(content.grid)} tiles, the push names ${content.tiles.length}`, {
      grid: content.grid,
      tiles: content.tiles.length,
    });
  }
  return ok(append(ctx, 'wall.pushed', push.workstationId, push));
}

/**
 * `workstation.announce`: a host lists its wall monitors after each login. A
 * socket that said hello as one workstation may not announce another unless a
 * supervisor is at it, so an operator cannot rewrite someone else's monitor list.
 */
export function announceWorkstation(ctx: CommandContext, announce: WorkstationAnnounce): Result<SyncEvent> {
  if (ctx.workstationId !== null && ctx.workstationId !== announce.workstationId && !hasRoleAtLeast(ctx.actor.role, 'supervisor')) {
    return fail('forbidden', 'A workstation may only announce itself', { workstationId: announce.workstationId });
  }
  const ids = announce.displays.map((d) => d.displayId);
  if (new Set(ids).size !== ids.length) return fail('bad-request', 'Display ids must be unique', { displayIds: ids });
  const event = append(ctx, 'workstation.announced', announce.workstationId, announce);
  ctx.store.workstations.upsert(announce, ctx.at, ctx.actor.id);
  return ok(event);
}
