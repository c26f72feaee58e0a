import type { CommandAck } from '../../src-shared/protocol/sync-protocol.js';
import type { CommandActor, CommandBus } from './command-bus.js';

interface Queued {
  readonly raw: unknown;
  readonly actor: CommandActor;
  readonly resolve: (ack: CommandAck) => void;
}

/**
 * Collects the commands that arrive within one turn of the event loop and runs
 * them in one transaction. With synchronous=FULL every commit costs an fsync;
 * sharing it keeps many workstations' commands fast without weakening durability:
 * no ack leaves before its commit.
 */
export class CommandQueue {
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(
    private readonly bus: CommandBus,
    private readonly maxGroup = 256,
  ) {}

  submit(raw: unknown, actor: CommandActor): Promise<CommandAck> {
    return new Promise((resolve) => {
      this.queue.push({ raw, actor, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      const acks = this.bus.executeMany(group);
      group.forEach((item, i) => item.resolve(acks[i]!));
    }
  }
}
