import type { z } from 'zod';
import { decideCameraSave, type Camera } from '../../src-shared/model/camera.js';
import type { SaveCameraPayloadSchema } from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { ok, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { CommandContext } from './command-context.js';

export type SaveCameraPayload = z.output<typeof SaveCameraPayloadSchema>;

/**
 * `camera.save`: adds or replaces a camera (disabling is a save with enabled:false).
 * The event carries the whole camera, so a replica needs no earlier state to apply it.
 */
export function saveCamera(ctx: CommandContext, payload: SaveCameraPayload): Result<SyncEvent> {
  const allowed = decideCameraSave(ctx.actor);
  if (!allowed.ok) return allowed;
  const camera: Camera = { ...payload.camera, updatedAt: ctx.at, updatedBy: ctx.actor.id };
  const event = ctx.tx.append({
    id: ulid(),
    type: 'camera.saved',
    at: ctx.at,
    actor: ctx.actor.id,
    subject: camera.id,
    commandId: ctx.commandId,
    data: camera,
  });
  ctx.store.cameras.upsert(camera);
  return ok(event);
}
