import { z } from 'zod';
import type { CameraQuery, CamerasApi, CameraView, QueuedCommand } from '../../../src-shared/desktop-api.js';
import {
  CameraInputSchema,
  decideCameraSave,
  type Camera,
  type CameraImportReport,
  type CameraImportRequest,
  type CameraInput,
} from '../../../src-shared/model/camera.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import { compareByName, matchesSearch } from '../../../src-shared/text/normalize.js';
import type { OutboxEntry } from '../cache/outbox-repository.js';
import type { HostContext } from '../host-context.js';
import { queueCommand } from './queue-command.js';
import { requestServer } from './server-request.js';

const ImportReportSchema = z.object({
  accepted: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), cameraId: z.string().nullable(), message: z.string() })),
  applied: z.boolean(),
});

/** An import can carry 2 MB and the server checks every row: give it longer than a login. */
const IMPORT_TIMEOUT_MS = 30_000;

function searchText(c: Camera): string {
  return [c.id, c.name, c.location.district, c.location.address, c.area, ...c.groups].join(' ');
}

/** An admin's edit still in the outbox, shown as the camera will be once the server has it. */
function pendingCamera(entry: OutboxEntry): Camera | null {
  if (entry.type !== 'camera.save') return null;
  const parsed = CameraInputSchema.safeParse((entry.payload as { camera?: unknown } | null)?.camera);
  return parsed.success ? { ...parsed.data, updatedAt: entry.queuedAt, updatedBy: entry.userId } : null;
}

/** The camera registry as this workstation knows it: replica, plus queued edits, plus last known health. */
export function createCamerasApi(ctx: HostContext): CamerasApi {
  function viewAll(): Map<string, CameraView> {
    const views = new Map<string, CameraView>();
    for (const camera of ctx.wall.cameras.all()) views.set(camera.id, { ...camera, health: null, pending: false });
    for (const entry of ctx.outbox.pending()) {
      const camera = pendingCamera(entry);
      if (camera) views.set(camera.id, { ...camera, health: null, pending: true });
    }
    for (const health of ctx.wall.health.all()) {
      const view = views.get(health.cameraId);
      if (view) view.health = health;
    }
    return views;
  }

  function save(input: CameraInput): Result<QueuedCommand> {
    const session = ctx.session;
    if (!session) return fail('unauthorized', 'Log in first');
    const allowed = decideCameraSave(session.info.user);
    if (!allowed.ok) return allowed;
    const parsed = CameraInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('bad-request', issue ? `${issue.path.join('.') || 'camera'}: ${issue.message}` : 'invalid camera');
    }
    const queued = queueCommand(ctx, 'camera.save', { camera: parsed.data }, session.info.user.id);
    if (queued.ok) ctx.pushWallChanged({ cameraIds: [parsed.data.id] });
    return queued;
  }

  return {
    async list(query: CameraQuery): Promise<Result<CameraView[]>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        const kinds = query.kinds?.length ? new Set(query.kinds) : null;
        const groups = query.groups?.length ? new Set(query.groups) : null;
        const statuses = query.statuses?.length ? new Set(query.statuses) : null;
        const search = query.search?.trim() ?? '';
        const result = [...viewAll().values()].filter(
          (c) =>
            (query.includeDisabled || c.enabled) &&
            (!kinds || kinds.has(c.kind)) &&
            (!groups || c.groups.some((g) => groups.has(g))) &&
            (!statuses || statuses.has(c.health?.status ?? 'unknown')) &&
            (search === '' || matchesSearch(searchText(c), search)),
        );
        return ok(result.sort(compareByName));
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async get(cameraId: string): Promise<Result<CameraView>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        const view = viewAll().get(cameraId);
        return view ? ok(view) : fail('not-found', `No camera ${cameraId}`);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async groups(): Promise<Result<string[]>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        const groups = new Set<string>();
        for (const c of viewAll().values()) if (c.enabled) for (const g of c.groups) groups.add(g);
        return ok([...groups].sort((a, b) => a.localeCompare(b, 'vi')));
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async save(input: CameraInput): Promise<Result<QueuedCommand>> {
      try {
        return save(input);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async setEnabled(cameraId: string, enabled: boolean): Promise<Result<QueuedCommand>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        const view = viewAll().get(cameraId);
        if (!view) return fail('not-found', `No camera ${cameraId}`);
        const { health: _health, pending: _pending, updatedAt: _at, updatedBy: _by, ...input } = view;
        return save({ ...input, enabled });
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async import(request: CameraImportRequest): Promise<Result<CameraImportReport>> {
      try {
        const session = ctx.session;
        if (!session) return fail('unauthorized', 'Log in first');
        const allowed = decideCameraSave(session.info.user);
        if (!allowed.ok) return allowed;
        if (!session.token) return fail('offline', 'Importing cameras needs the server; this session was opened offline');
        const outcome = await requestServer({
          serverUrl: ctx.serverUrl,
          path: '/api/cameras/import',
          method: 'POST',
          reply: z.object({ report: ImportReportSchema }),
          what: 'camera import',
          timeoutMs: IMPORT_TIMEOUT_MS,
          headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        if (outcome.kind === 'ok') return ok(outcome.value.report);
        if (outcome.kind === 'refused') return fail(outcome.code, outcome.message);
        return fail('offline', `Importing cameras needs the server: ${outcome.message}`);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },
  };
}
