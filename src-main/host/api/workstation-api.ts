import type { WorkstationApi } from '../../../src-shared/desktop-api.js';
import { ok } from '../../../src-shared/result.js';
import type { HostContext } from '../host-context.js';

export function createWorkstationApi(ctx: HostContext): WorkstationApi {
  return {
    async info() {
      return ok({
        workstationId: ctx.workstationId,
        name: ctx.workstationName,
        serverUrl: ctx.serverUrl,
        shell: ctx.shell,
      });
    },
  };
}
