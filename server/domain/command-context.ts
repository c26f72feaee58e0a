import type { User } from '../../src-shared/model/user.js';
import type { Transaction, VigilStore } from '../store/vigil-store.js';

/** Everything a command handler may touch; it runs inside the command's transaction. */
export interface CommandContext {
  readonly store: VigilStore;
  readonly tx: Transaction;
  readonly actor: Pick<User, 'id' | 'role'>;
  readonly commandId: string | null;
  readonly at: string;
  /**
   * The workstation the command came from, as its socket's hello named it; null for
   * HTTP, internal sources and a socket that has not said hello. Only `wall.push`
   * and `workstation.announce` care: an operator may act on their own workstation only.
   */
  readonly workstationId: string | null;
  /** The centre's SLA hours for a service when configuration overrides the catalogue's (classify sets the due time). */
  readonly slaHoursFor?: ((serviceCode: string) => number | undefined) | undefined;
}
