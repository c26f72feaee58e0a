import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CameraIdSchema, CameraInputSchema, decideCameraSave, type Camera } from '../../src-shared/model/camera.js';
import type { User } from '../../src-shared/model/user.js';
import { CommandIdSchema } from '../../src-shared/protocol/sync-protocol.js';
import { fail, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import type { UserAuthenticator } from '../auth/authenticator.js';
import type { CameraImporter } from '../cameras/camera-import.js';
import { describeIssues, type CommandActor } from '../domain/command-bus.js';
import type { CommandQueue } from '../domain/command-queue.js';
import type { VigilStore } from '../store/vigil-store.js';
import { sendFailure } from './http-errors.js';

const CAMERA_BODY_LIMIT = 64 * 1024;
/**
 * An import text may hold 2,000,000 characters; as JSON, Vietnamese letters take up
 * to 3 bytes and escaped quotes and line breaks 2, so 8 MB leaves room for a 2 MB
 * file of any content. The token is checked before the body is read.
 */
export const CAMERA_IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

const EnabledBodySchema = z.object({ enabled: z.boolean() });

export interface CameraRouteDeps {
  readonly auth: UserAuthenticator;
  readonly store: VigilStore;
  readonly commands: CommandQueue;
  readonly importer: CameraImporter;
}

/** HTTP has no workstation, so a command sent from here never counts as "own workstation". */
function httpActor(user: User): CommandActor {
  return { id: user.id, role: user.role, workstationId: null };
}

function adminFrom(deps: CameraRouteDeps, request: FastifyRequest): Result<User> {
  const user = deps.auth.userFromBearer(request.headers.authorization);
  if (!user.ok) return user;
  const allowed = decideCameraSave(user.value);
  return allowed.ok ? user : allowed;
}

function commandIdFrom(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' && CommandIdSchema.safeParse(key).success ? key : ulid();
}

async function saveThroughBus(
  deps: CameraRouteDeps,
  reply: FastifyReply,
  user: User,
  commandId: string,
  camera: unknown,
  existed: boolean,
): Promise<FastifyReply> {
  const ack = await deps.commands.submit({ commandId, type: 'camera.save', payload: { camera } }, httpActor(user));
  if (!ack.ok) return sendFailure(reply, ack);
  const saved = deps.store.cameras.get((camera as { id: string }).id) as Camera;
  return reply.code(existed || ack.duplicate ? 200 : 201).send({ ok: true, camera: saved, seq: ack.seq, duplicate: ack.duplicate });
}

/**
 * The camera registry over HTTP. Reads are for anyone logged in; every write is
 * admin-only and goes through the command bus as `camera.save`, so it lands in
 * the event log and reaches every workstation like any other change.
 */
export function registerCameraRoutes(app: FastifyInstance, deps: CameraRouteDeps): void {
  app.get('/api/cameras', async (request, reply) => {
    const user = deps.auth.userFromBearer(request.headers.authorization);
    if (!user.ok) return sendFailure(reply, user);
    return { ok: true, cameras: deps.store.cameras.list(), health: deps.store.cameraHealth.list() };
  });

  /** Add or replace one camera (upsert by id): 201 when new, 200 when it replaced one. Optional `Idempotency-Key` ULID. */
  app.post('/api/cameras', { bodyLimit: CAMERA_BODY_LIMIT }, async (request, reply) => {
    const user = adminFrom(deps, request);
    if (!user.ok) return sendFailure(reply, user);
    const input = CameraInputSchema.safeParse(request.body);
    if (!input.success) return sendFailure(reply, describeIssues(input.error));
    return saveThroughBus(deps, reply, user.value, commandIdFrom(request), request.body, deps.store.cameras.has(input.data.id));
  });

  /** Enable or disable a camera: a `camera.save` of the stored camera with only `enabled` changed. */
  app.post<{ Params: { id: string } }>('/api/cameras/:id/enabled', { bodyLimit: CAMERA_BODY_LIMIT }, async (request, reply) => {
    const user = adminFrom(deps, request);
    if (!user.ok) return sendFailure(reply, user);
    const id = CameraIdSchema.safeParse(request.params.id);
    if (!id.success) return sendFailure(reply, describeIssues(id.error, 'id'));
    const body = EnabledBodySchema.safeParse(request.body);
    if (!body.success) return sendFailure(reply, describeIssues(body.error));
    const stored = deps.store.cameras.get(id.data);
    if (!stored) return sendFailure(reply, fail('not-found', `Camera ${id.data} does not exist`, { cameraId: id.data }));
    const { updatedAt: _updatedAt, updatedBy: _updatedBy, ...input } = stored;
    return saveThroughBus(deps, reply, user.value, commandIdFrom(request), { ...input, enabled: body.data.enabled }, true);
  });

  /**
   * Bulk import (CSV or JSON). 200 with `{ok:true, report}` whenever the file could
   * be read: `report.applied` says whether the rows were written, `report.errors`
   * lists every bad row (and then nothing was written). A file that cannot be read
   * at all (syntax, CSV header, too many rows) is a 400.
   */
  app.post(
    '/api/cameras/import',
    {
      bodyLimit: CAMERA_IMPORT_BODY_LIMIT,
      // Before the body is read: an 8 MB limit is for admins, not for anyone who can reach the port.
      onRequest: async (request, reply) => {
        const user = adminFrom(deps, request);
        if (!user.ok) return sendFailure(reply, user);
        return undefined;
      },
    },
    async (request, reply) => {
      const user = adminFrom(deps, request);
      if (!user.ok) return sendFailure(reply, user);
      if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
        return sendFailure(reply, fail('bad-request', 'Body must be {format, text, dryRun}'));
      }
      const report = deps.importer.importText(request.body as Record<string, unknown>, httpActor(user.value));
      if (!report.ok) return sendFailure(reply, report);
      return reply.code(200).send({ ok: true, report: report.value });
    },
  );
}
