import type { z } from 'zod';
import type { User } from '../../src-shared/model/user.js';
import {
  COMMAND_SCHEMAS,
  CommandEnvelopeSchema,
  MAX_COMMAND_BYTES,
  isCommandType,
  type CommandAck,
  type CommandType,
} from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { fail, failureFromUnknown, type Failure, type Result } from '../../src-shared/result.js';
import type { VigilStore } from '../store/vigil-store.js';
import { actOnAlert, raiseAlert } from './alert-commands.js';
import { saveCamera } from './camera-commands.js';
import type { CommandContext } from './command-context.js';
import {
  classifyReport,
  deleteRoutingRule,
  forwardReport,
  mergeReport,
  noteReport,
  rejectReport,
  resolveReport,
  saveDepartment,
  saveRoutingRule,
  startReport,
} from './report-commands.js';
import { announceWorkstation, deleteLayout, deleteTour, pushWall, saveLayout, saveTour } from './wall-commands.js';

type Handler<T extends CommandType> = (ctx: CommandContext, payload: z.output<(typeof COMMAND_SCHEMAS)[T]>) => Result<SyncEvent>;

const HANDLERS: { [T in CommandType]: Handler<T> } = {
  'alert.raise': raiseAlert,
  'alert.act': actOnAlert,
  'camera.save': saveCamera,
  'layout.save': saveLayout,
  'layout.delete': deleteLayout,
  'tour.save': saveTour,
  'tour.delete': deleteTour,
  'wall.push': pushWall,
  'workstation.announce': announceWorkstation,
  'report.classify': classifyReport,
  'report.forward': forwardReport,
  'report.start': startReport,
  'report.note': noteReport,
  'report.resolve': resolveReport,
  'report.reject': rejectReport,
  'report.merge': mergeReport,
  'department.save': saveDepartment,
  'routing-rule.save': saveRoutingRule,
  'routing-rule.delete': deleteRoutingRule,
};

/**
 * Who sends a command. `workstationId` is the sending socket's hello (absent or
 * null for HTTP and internal sources); it is never taken from the payload.
 */
export type CommandActor = Pick<User, 'id' | 'role'> & { readonly workstationId?: string | null };

/** Zod issues as a short, readable message plus the paths, for the client to show or log. */
export function describeIssues(error: z.ZodError, prefix = ''): Failure {
  const issues = error.issues.slice(0, 5).map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message }));
  const first = issues[0];
  const message = first ? `${first.path || '(root)'}: ${first.message}` : 'Invalid input';
  return fail('bad-request', message, { issues });
}

/**
 * The single way a command changes anything: checks the envelope, size and
 * payload, answers a repeated command id with its first answer, and applies a
 * new one together with its record in one transaction. Never throws.
 */
export class CommandBus {
  constructor(
    private readonly store: VigilStore,
    private readonly now: () => Date = () => new Date(),
    private readonly slaHoursFor?: (serviceCode: string) => number | undefined,
  ) {}

  execute(raw: unknown, actor: CommandActor): CommandAck {
    try {
      return this.executeUnsafe(raw, actor);
    } catch (error) {
      return failureFromUnknown(error);
    }
  }

  /**
   * Executes several commands in one commit (group commit): each still succeeds
   * or fails on its own (savepoints), but they share one fsync.
   */
  executeMany(items: readonly { raw: unknown; actor: CommandActor }[]): CommandAck[] {
    try {
      return this.store.transact(() => items.map((item) => this.execute(item.raw, item.actor)));
    } catch (error) {
      const failure = failureFromUnknown(error);
      return items.map(() => failure);
    }
  }

  private executeUnsafe(raw: unknown, actor: CommandActor): CommandAck {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('bad-request', 'A command must be an object');
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(raw), 'utf8');
    } catch {
      return fail('bad-request', 'A command must be plain JSON');
    }
    if (size > MAX_COMMAND_BYTES) {
      return fail('payload-too-large', `Command is ${size} bytes; the limit is ${MAX_COMMAND_BYTES}`, { size, limit: MAX_COMMAND_BYTES });
    }
    const envelope = CommandEnvelopeSchema.safeParse(raw);
    if (!envelope.success) return describeIssues(envelope.error);
    const { commandId, type, payload } = envelope.data;

    const seen = this.store.commands.get(commandId);
    if (seen) {
      if (seen.actor !== actor.id || seen.type !== type) return fail('conflict', 'This command id was already used for another command');
      if (seen.ok && seen.seq !== null) return { ok: true, seq: seen.seq, duplicate: true };
      return fail(seen.code ?? 'internal', seen.message ?? 'Command was refused', seen.details);
    }
    if (!isCommandType(type)) return fail('unknown-command', `Unknown command type "${type}"`, { type });

    const at = this.now().toISOString();
    const parsed = COMMAND_SCHEMAS[type].safeParse(payload);
    return this.store.transact((tx) => {
      const result: Result<SyncEvent> = parsed.success
        ? (HANDLERS[type] as Handler<typeof type>)(
            { store: this.store, tx, actor: { id: actor.id, role: actor.role }, commandId, at, workstationId: actor.workstationId ?? null, slaHoursFor: this.slaHoursFor },
            parsed.data as never,
          )
        : describeIssues(parsed.error, 'payload');
      this.store.commands.record({
        commandId,
        type,
        actor: actor.id,
        receivedAt: at,
        ok: result.ok,
        seq: result.ok ? result.value.seq : null,
        code: result.ok ? null : result.code,
        message: result.ok ? null : result.message,
        details: result.ok ? undefined : result.details,
      });
      return result.ok ? { ok: true as const, seq: result.value.seq, duplicate: false } : result;
    });
  }
}
