import type { Socket } from 'socket.io-client';
import {
  CommandAckSchema,
  type ClientToServerEvents,
  type CommandAck,
  type ServerToClientEvents,
} from '../../../src-shared/protocol/sync-protocol.js';
import type { ErrorCode } from '../../../src-shared/result.js';

export type VigilSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Refusals that no resend can change: the command leaves the outbox for the rejected list. */
export const FINAL_COMMAND_CODES: readonly ErrorCode[] = [
  'forbidden', 'invalid-transition', 'conflict', 'bad-request', 'not-found', 'unknown-command', 'payload-too-large',
];

export type AckVerdict =
  | { kind: 'applied'; seq: number }
  | { kind: 'rejected'; code: ErrorCode; message: string }
  | { kind: 'retry-later'; code: ErrorCode; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'no-ack' };

export function judgeAck(ack: CommandAck | null): AckVerdict {
  if (ack === null) return { kind: 'no-ack' };
  if (ack.ok) return { kind: 'applied', seq: ack.seq };
  if (FINAL_COMMAND_CODES.includes(ack.code)) return { kind: 'rejected', code: ack.code, message: ack.message };
  if (ack.code === 'unauthorized') return { kind: 'unauthorized', message: ack.message };
  return { kind: 'retry-later', code: ack.code, message: ack.message };
}

/**
 * Emits one command and resolves with its validated ack, or null when none came
 * in time or the connection was torn down (`cancelAll` settles every waiter).
 */
export class CommandSender {
  private readonly waiting = new Set<(ack: CommandAck | null) => void>();

  constructor(private readonly timeoutMs: number) {}

  send(socket: VigilSocket, envelope: { commandId: string; type: string; payload: unknown }): Promise<CommandAck | null> {
    return new Promise((resolve) => {
      let done = false;
      const settle = (ack: CommandAck | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.waiting.delete(settle);
        resolve(ack);
      };
      const timer = setTimeout(() => settle(null), this.timeoutMs);
      this.waiting.add(settle);
      socket.emit('command', envelope, (raw: unknown) => {
        const parsed = CommandAckSchema.safeParse(raw);
        settle(parsed.success ? parsed.data : null);
      });
    });
  }

  cancelAll(): void {
    for (const settle of [...this.waiting]) settle(null);
  }
}
