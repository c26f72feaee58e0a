import {
  CameraImportRequestSchema,
  CameraInputSchema,
  MAX_IMPORT_ROWS,
  decideCameraSave,
  type CameraImportReport,
  type CameraImportRequest,
  type CameraImportRowError,
  type CameraInputParsed,
} from '../../src-shared/model/camera.js';
import { fail, failureFromUnknown, ok, type Failure, type Result } from '../../src-shared/result.js';
import { ulid } from '../../src-shared/ulid.js';
import { describeIssues, type CommandActor, type CommandBus } from '../domain/command-bus.js';
import type { VigilStore } from '../store/vigil-store.js';
import { parseCameraCsv, type ImportCandidate } from './camera-csv.js';

/** A JSON import: an array of CameraInput objects; item 1 is row 1. */
export function parseCameraJson(text: string): Result<ImportCandidate[]> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail('bad-request', `The JSON is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(value)) return fail('bad-request', 'The JSON must be an array of cameras');
  return ok(value.map((item: unknown, i) => ({ row: i + 1, value: item, problems: [] })));
}

export interface ImportPlan {
  rows: { row: number; input: CameraInputParsed }[];
  errors: CameraImportRowError[];
}

function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim().slice(0, 64) : null;
}

/** Checks every row with CameraInputSchema and for ids repeated within the file; touches nothing. */
export function planCameraImport(candidates: readonly ImportCandidate[]): ImportPlan {
  const rows: ImportPlan['rows'] = [];
  const errors: CameraImportRowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const candidate of candidates) {
    const cameraId = idOf(candidate.value);
    if (candidate.problems.length > 0) {
      errors.push({ row: candidate.row, cameraId, message: candidate.problems.join('; ') });
      continue;
    }
    const parsed = CameraInputSchema.safeParse(candidate.value);
    if (!parsed.success) {
      const issues = (describeIssues(parsed.error).details as { issues: { path: string; message: string }[] }).issues;
      errors.push({ row: candidate.row, cameraId, message: issues.map((i) => `${i.path || '(row)'}: ${i.message}`).join('; ') });
      continue;
    }
    const first = firstRowOf.get(parsed.data.id);
    if (first !== undefined) {
      errors.push({ row: candidate.row, cameraId: parsed.data.id, message: `id ${parsed.data.id} appears again (first on row ${first})` });
      continue;
    }
    firstRowOf.set(parsed.data.id, candidate.row);
    rows.push({ row: candidate.row, input: parsed.data });
  }
  return { rows, errors };
}

/** Thrown inside the import transaction to undo every row when one is refused. */
class ImportAborted extends Error {
  constructor(
    readonly row: number,
    readonly cameraId: string,
    readonly failure: Failure,
  ) {
    super(failure.message);
  }
}

function refusedReport(errors: CameraImportRowError[]): CameraImportReport {
  return { accepted: 0, created: 0, updated: 0, errors, applied: false };
}

/**
 * Bulk camera registration: every row is checked first, and either all rows land
 * (one `camera.saved` event per row, all in ONE transaction, so replicas see the
 * whole import or none of it) or nothing is written and the report lists every
 * row's problems. Each row still goes through the command bus, so the rules, the
 * event shape and the audit record are exactly those of a single `camera.save`.
 */
export class CameraImporter {
  constructor(
    private readonly store: VigilStore,
    private readonly bus: CommandBus,
  ) {}

  /**
   * POST /api/cameras/import: a CameraImportRequest (checked here, so raw bodies may be passed).
   * File-level problems fail; row problems come back in the report.
   */
  importText(request: CameraImportRequest | Record<string, unknown>, actor: CommandActor): Result<CameraImportReport> {
    const allowed = decideCameraSave(actor);
    if (!allowed.ok) return allowed;
    const parsed = CameraImportRequestSchema.safeParse(request);
    if (!parsed.success) return describeIssues(parsed.error);
    const { format, text, dryRun } = parsed.data;
    const candidates = format === 'csv' ? parseCameraCsv(text) : parseCameraJson(text);
    if (!candidates.ok) return candidates;
    return this.importCandidates(candidates.value, actor, dryRun);
  }

  /** Internal sources (the demo seeding its cameras): the same all-or-nothing rule. */
  saveAll(inputs: readonly unknown[], actor: CommandActor, dryRun = false): Result<CameraImportReport> {
    const allowed = decideCameraSave(actor);
    if (!allowed.ok) return allowed;
    return this.importCandidates(
      inputs.map((value, i) => ({ row: i + 1, value, problems: [] })),
      actor,
      dryRun,
    );
  }

  private importCandidates(candidates: readonly ImportCandidate[], actor: CommandActor, dryRun: boolean): Result<CameraImportReport> {
    if (candidates.length === 0) return fail('bad-request', 'The import holds no cameras');
    if (candidates.length > MAX_IMPORT_ROWS) {
      return fail('bad-request', `The import holds ${candidates.length} cameras; at most ${MAX_IMPORT_ROWS} per import`, {
        rows: candidates.length,
        limit: MAX_IMPORT_ROWS,
      });
    }
    const plan = planCameraImport(candidates);
    if (plan.errors.length > 0) return ok(refusedReport(plan.errors));

    const existing = plan.rows.filter(({ input }) => this.store.cameras.has(input.id)).length;
    if (dryRun) return ok({ accepted: plan.rows.length, created: plan.rows.length - existing, updated: existing, errors: [], applied: false });

    try {
      const counts = this.store.transact(() => {
        let created = 0;
        let updated = 0;
        for (const { row, input } of plan.rows) {
          const existed = this.store.cameras.has(input.id);
          const ack = this.bus.execute({ commandId: ulid(), type: 'camera.save', payload: { camera: input } }, actor);
          if (!ack.ok) throw new ImportAborted(row, input.id, ack);
          if (existed) updated++;
          else created++;
        }
        return { created, updated };
      });
      return ok({ accepted: plan.rows.length, ...counts, errors: [], applied: true });
    } catch (error) {
      if (error instanceof ImportAborted) {
        // Permission and internal failures are about the request, not the row.
        if (error.failure.code === 'forbidden' || error.failure.code === 'internal') return error.failure;
        return ok(refusedReport([{ row: error.row, cameraId: error.cameraId, message: error.failure.message }]));
      }
      return failureFromUnknown(error);
    }
  }
}
