import type { DirectoryApi, DirectoryUser } from '../../../src-shared/desktop-api.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import type { DirectoryRepository } from '../cache/directory-repository.js';
import type { HostContext } from '../host-context.js';
import { getUsers } from './directory-client.js';

/** The directory as windows see it: always the workstation's cached copy, so it answers offline too. */
export function createDirectoryApi(ctx: HostContext): DirectoryApi {
  return {
    async users(): Promise<Result<DirectoryUser[]>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        return ok(ctx.directory.list());
      } catch (error) {
        return failureFromUnknown(error);
      }
    },
  };
}

export type DirectoryRefreshOutcome =
  | { kind: 'changed'; count: number }
  | { kind: 'unchanged'; count: number }
  /** The fetch failed or was refused: the cached copy stays as it was. */
  | { kind: 'kept'; reason: string };

export interface DirectoryRefresher {
  /**
   * Fetches the server's list with `token` and replaces the cached copy when it
   * differs. A refresh already under way is joined rather than repeated (login and
   * the hello that follows it ask within moments of each other). Never throws.
   */
  refresh(token: string): Promise<DirectoryRefreshOutcome>;
  /** Cancels a fetch in flight; later refreshes do nothing (the cache is closing). */
  dispose(): void;
}

export function createDirectoryRefresher(options: {
  serverUrl: string;
  timeoutMs: number;
  directory: DirectoryRepository;
  onChanged(count: number): void;
}): DirectoryRefresher {
  const abort = new AbortController();
  let inFlight: Promise<DirectoryRefreshOutcome> | null = null;

  async function run(token: string): Promise<DirectoryRefreshOutcome> {
    const outcome = await getUsers(options.serverUrl, token, options.timeoutMs, abort.signal);
    if (abort.signal.aborted) return { kind: 'kept', reason: 'closed' };
    if (outcome.kind !== 'ok') return { kind: 'kept', reason: outcome.message };
    const changed = options.directory.replaceAll(outcome.users);
    const count = options.directory.count();
    if (!changed) return { kind: 'unchanged', count };
    try {
      options.onChanged(count);
    } catch {
      // a listener's failure is not the refresh's
    }
    return { kind: 'changed', count };
  }

  return {
    refresh(token) {
      if (abort.signal.aborted) return Promise.resolve({ kind: 'kept', reason: 'closed' });
      if (inFlight) return inFlight;
      const current = run(token)
        .catch((error: unknown): DirectoryRefreshOutcome => ({ kind: 'kept', reason: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          if (inFlight === current) inFlight = null;
        });
      inFlight = current;
      return current;
    },
    dispose() {
      abort.abort();
    },
  };
}
