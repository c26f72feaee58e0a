import type {
  KnownWorkstation,
  PushCameraInput,
  QueuedCommand,
  WallApi,
  WallDisplayInfo,
  WallLayoutView,
  WallTourView,
} from '../../../src-shared/desktop-api.js';
import {
  decideLayoutDelete,
  decideWallPush,
  resolveWall,
  tileCount,
  WallContentSchema,
  WallLayoutInputSchema,
  WallTourInputSchema,
  type WallContent,
  type WallDisplayState,
  type WallLayout,
  type WallLayoutInput,
  type WallPush,
  type WallTour,
  type WallTourInput,
} from '../../../src-shared/model/wall.js';
import type { CommandType } from '../../../src-shared/protocol/sync-protocol.js';
import { camerasInGroup } from '../../../src-shared/model/camera.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { compareByName } from '../../../src-shared/text/normalize.js';
import type { HostContext } from '../host-context.js';
import { firstIssue, guard } from './handler-guards.js';
import { queueCommand } from './queue-command.js';

const EMPTY_WALL: WallContent = { kind: 'adhoc', grid: '2x2', tiles: [null, null, null, null] };

/**
 * Shared layouts and tours (replica + queued saves/deletes) and this workstation's
 * wall monitors. A monitor's content is local state in cache.db: setting it needs
 * no server, so the wall keeps its layout, and can be changed, through an outage.
 */
export function createWallApi(ctx: HostContext): WallApi {
  function layoutsView(): Map<string, WallLayoutView> {
    const views = new Map<string, WallLayoutView>(ctx.wall.layouts.all().map((l) => [l.id, { ...l, pending: false }] as const));
    for (const entry of ctx.outbox.pending()) {
      if (entry.type === 'layout.save') {
        const parsed = WallLayoutInputSchema.safeParse((entry.payload as { layout?: unknown }).layout);
        if (parsed.success) views.set(parsed.data.id, { ...parsed.data, updatedAt: entry.queuedAt, updatedBy: entry.userId, pending: true });
      } else if (entry.type === 'layout.delete') {
        views.delete(String((entry.payload as { layoutId?: unknown }).layoutId));
      }
    }
    return views;
  }

  function toursView(): Map<string, WallTourView> {
    const views = new Map<string, WallTourView>(ctx.wall.tours.all().map((t) => [t.id, { ...t, pending: false }] as const));
    for (const entry of ctx.outbox.pending()) {
      if (entry.type === 'tour.save') {
        const parsed = WallTourInputSchema.safeParse((entry.payload as { tour?: unknown }).tour);
        if (parsed.success) views.set(parsed.data.id, { ...parsed.data, updatedAt: entry.queuedAt, updatedBy: entry.userId, pending: true });
      } else if (entry.type === 'tour.delete') {
        views.delete(String((entry.payload as { tourId?: unknown }).tourId));
      }
    }
    return views;
  }

  function displayState(displayId: string): WallDisplayState {
    return ctx.wall.displays.get(displayId) ?? { displayId, content: EMPTY_WALL, setBy: 'system', setAt: new Date(0).toISOString(), pushSeq: null };
  }

  function userOrFail(): Result<{ id: string; role: 'operator' | 'supervisor' | 'admin' }> {
    const session = ctx.session;
    return session ? ok(session.info.user) : fail('unauthorized', 'Log in first');
  }

  function queue(type: CommandType, payload: Record<string, unknown>, userId: string, changed: { layoutIds?: string[]; tourIds?: string[] }): Result<QueuedCommand> {
    const queued = queueCommand(ctx, type, payload, userId);
    if (queued.ok) ctx.pushWallChanged(changed);
    return queued;
  }

  /** A content must name tiles that fit its grid and layouts/tours this workstation knows of. */
  function checkContent(content: WallContent): Result<null> {
    if (content.kind === 'adhoc' && content.tiles.length !== tileCount(content.grid)) {
      return fail('bad-request', `A ${content.grid} grid has ${tileCount(content.grid)} tiles, not ${content.tiles.length}`);
    }
    if (content.kind === 'layout' && !layoutsView().has(content.layoutId)) return fail('not-found', `No layout ${content.layoutId}`);
    if (content.kind === 'tour' && !toursView().has(content.tourId)) return fail('not-found', `No tour ${content.tourId}`);
    return ok(null);
  }

  function setLocal(displayId: string, content: WallContent, userId: string): Result<WallDisplayState> {
    if (!ctx.wallDisplays.some((d) => d.displayId === displayId)) return fail('not-found', `This workstation has no wall monitor ${displayId}`);
    const checked = checkContent(content);
    if (!checked.ok) return checked;
    const state: WallDisplayState = { displayId, content, setBy: userId, setAt: new Date().toISOString(), pushSeq: null };
    ctx.wall.displays.upsert(displayId, state);
    ctx.pushWallChanged({ displayIds: [displayId] });
    return ok(state);
  }

  return {
    layouts: () =>
      guard(() => {
        const user = userOrFail();
        return user.ok ? ok([...layoutsView().values()].sort(compareByName)) : user;
      }),

    saveLayout: (input: WallLayoutInput) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const parsed = WallLayoutInputSchema.safeParse(input);
        if (!parsed.success) return fail('bad-request', firstIssue(parsed.error, 'layout'));
        return queue('layout.save', { layout: parsed.data }, user.value.id, { layoutIds: [parsed.data.id] });
      }),

    deleteLayout: (layoutId: string) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const layout: WallLayout | undefined = layoutsView().get(layoutId);
        if (!layout) return fail('not-found', `No layout ${layoutId}`);
        const allowed = decideLayoutDelete(user.value, layout.updatedBy);
        if (!allowed.ok) return allowed;
        return queue('layout.delete', { layoutId }, user.value.id, { layoutIds: [layoutId] });
      }),

    tours: () =>
      guard(() => {
        const user = userOrFail();
        return user.ok ? ok([...toursView().values()].sort(compareByName)) : user;
      }),

    saveTour: (input: WallTourInput) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const parsed = WallTourInputSchema.safeParse(input);
        if (!parsed.success) return fail('bad-request', firstIssue(parsed.error, 'tour'));
        if (parsed.data.steps.kind === 'layouts') {
          const known = layoutsView();
          const missing = parsed.data.steps.layoutIds.filter((id) => !known.has(id));
          if (missing.length > 0) return fail('bad-request', `Unknown layouts in tour: ${missing.join(', ')}`);
        }
        return queue('tour.save', { tour: parsed.data }, user.value.id, { tourIds: [parsed.data.id] });
      }),

    deleteTour: (tourId: string) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const tour: WallTour | undefined = toursView().get(tourId);
        if (!tour) return fail('not-found', `No tour ${tourId}`);
        const allowed = decideLayoutDelete(user.value, tour.updatedBy);
        if (!allowed.ok) return allowed;
        return queue('tour.delete', { tourId }, user.value.id, { tourIds: [tourId] });
      }),

    displays: () =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        return ok(ctx.wallDisplays.map((d): WallDisplayInfo => ({ ...d, state: displayState(d.displayId) })));
      }),

    setDisplay: (displayId: string, content: WallContent) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const parsed = WallContentSchema.safeParse(content);
        if (!parsed.success) return fail('bad-request', firstIssue(parsed.error, 'content'));
        return setLocal(displayId, parsed.data, user.value.id);
      }),

    pushCamera: (input: PushCameraInput) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        if (!cameraKnown(ctx, input.cameraId)) return fail('not-found', `No camera ${input.cameraId}`);
        if (!ctx.wallDisplays.some((d) => d.displayId === input.displayId)) return fail('not-found', `This workstation has no wall monitor ${input.displayId}`);
        // The monitor's current picture becomes an ad-hoc grid with the camera on the chosen tile
        // (a running tour stops there: the operator asked for this camera now).
        const resolved = resolveWall(displayState(input.displayId).content, layoutsView(), toursView(), (group) => camerasInGroup(ctx.wall.cameras.all(), group), Date.now());
        if (input.tileIndex >= resolved.tiles.length) {
          return fail('bad-request', `Tile ${input.tileIndex + 1} does not exist on a ${resolved.grid} grid (${resolved.tiles.length} tiles)`);
        }
        const tiles = [...resolved.tiles];
        tiles[input.tileIndex] = input.cameraId;
        return setLocal(input.displayId, { kind: 'adhoc', grid: resolved.grid, tiles }, user.value.id);
      }),

    pushToWorkstation: (push: WallPush) =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        const own = push.workstationId === ctx.workstationId;
        const allowed = decideWallPush(user.value, own);
        if (!allowed.ok) return allowed;
        const checked = checkContent(push.content);
        if (!checked.ok) return checked;
        if (own) {
          const local = setLocal(push.displayId, push.content, user.value.id);
          if (!local.ok) return local;
        }
        return queue('wall.push', { ...push }, user.value.id, {});
      }),

    workstations: () =>
      guard(() => {
        const user = userOrFail();
        if (!user.ok) return user;
        return ok(ctx.wall.workstations.all().sort((a: KnownWorkstation, b: KnownWorkstation) => a.name.localeCompare(b.name, 'vi')));
      }),
  };
}

/** In the replica, or added by an admin's edit still in the outbox. */
function cameraKnown(ctx: HostContext, cameraId: string): boolean {
  if (ctx.wall.cameras.get(cameraId)) return true;
  return ctx.outbox
    .pending()
    .some((e) => e.type === 'camera.save' && (e.payload as { camera?: { id?: unknown } }).camera?.id === cameraId);
}
