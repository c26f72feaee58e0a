import type { QueuedCommand } from '../../../src-shared/desktop-api.js';
import { MAX_COMMAND_BYTES, type CommandType } from '../../../src-shared/protocol/sync-protocol.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { ulid } from '../../../src-shared/ulid.js';
import type { HostContext } from '../host-context.js';

/**
 * The one way an operator's change leaves this workstation: written to the outbox
 * (fsynced) before anything says "queued", then sent in order whenever the server answers.
 */
export function queueCommand(ctx: HostContext, type: CommandType, payload: Record<string, unknown>, userId: string): Result<QueuedCommand> {
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_COMMAND_BYTES) {
    return fail('payload-too-large', `A command may take at most ${MAX_COMMAND_BYTES} bytes`);
  }
  const commandId = ulid();
  const queuedAt = new Date().toISOString();
  ctx.outbox.enqueue({ commandId, type, payload, userId, queuedAt });
  ctx.status.touch();
  ctx.engine.kick();
  return ok({ commandId, queuedAt });
}

/** Several commands in one transaction (a bulk action): every one is checked first, then all are queued or none. */
export function queueCommands(
  ctx: HostContext,
  commands: readonly { type: CommandType; payload: Record<string, unknown> }[],
  userId: string,
): Result<QueuedCommand[]> {
  for (const [i, c] of commands.entries()) {
    if (Buffer.byteLength(JSON.stringify(c.payload)) > MAX_COMMAND_BYTES) {
      return fail('payload-too-large', `Command ${i + 1}: a command may take at most ${MAX_COMMAND_BYTES} bytes`, { index: i });
    }
  }
  if (commands.length === 0) return ok([]);
  const queuedAt = new Date().toISOString();
  const entries = commands.map((c) => ({ commandId: ulid(), type: c.type, payload: c.payload, userId, queuedAt }));
  ctx.outbox.enqueueMany(entries);
  ctx.status.touch();
  ctx.engine.kick();
  return ok(entries.map((e) => ({ commandId: e.commandId, queuedAt: e.queuedAt })));
}
