import type { SyncApi } from '../../../src-shared/desktop-api.js';
import { failureFromUnknown, ok } from '../../../src-shared/result.js';
import type { HostContext } from '../host-context.js';

/** The status line: readable without a session, since the login screen shows it too. */
export function createSyncApi(ctx: HostContext): SyncApi {
  return {
    async status() {
      try {
        return ok(ctx.status.snapshot());
      } catch (error) {
        return failureFromUnknown(error);
      }
    },
  };
}
