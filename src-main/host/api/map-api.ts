import type { MapApi } from '../../../src-shared/desktop-api.js';
import { BasemapSettingSchema, TileCoordSchema } from '../../../src-shared/model/map.js';
import { hasRoleAtLeast } from '../../../src-shared/model/user.js';
import { fail, failureFromUnknown, ok } from '../../../src-shared/result.js';
import type { HostContext } from '../host-context.js';

/**
 * The operations map's geography, all local: the region file, the basemap choice and
 * tiles read from a file on this workstation. Reading needs no login (a map on a wall
 * monitor shows the province before anyone signs in, and none of it is shared data);
 * choosing the basemap is a supervisor's or an administrator's call.
 */
export function createMapApi(ctx: HostContext): MapApi {
  return {
    async region() {
      try {
        return await ctx.basemaps.region();
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async basemap() {
      try {
        return await ctx.basemaps.current();
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async setBasemap(setting) {
      try {
        const user = ctx.session?.info.user;
        if (!user) return fail('unauthorized', 'Log in first');
        if (!hasRoleAtLeast(user.role, 'supervisor')) return fail('forbidden', 'Only a supervisor or an administrator may change the basemap');
        const parsed = BasemapSettingSchema.safeParse(setting);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return fail('bad-request', issue ? `${issue.path.join('.') || 'basemap'}: ${issue.message}` : 'invalid basemap setting');
        }
        const result = await ctx.basemaps.set(parsed.data, user.id);
        if (result.ok) ctx.pushBasemapChanged(result.value);
        return result;
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async tile(coord) {
      try {
        // The bridges validate against the manifest; host-side callers (tests, tools) do not pass through them.
        const parsed = TileCoordSchema.safeParse(coord);
        if (!parsed.success) return fail('bad-request', `tile: ${parsed.error.issues[0]?.message ?? 'invalid coordinates'}`);
        const [z, x, y] = parsed.data;
        const bytes = await ctx.basemaps.tile(z, x, y);
        if (!bytes.ok) return bytes;
        return ok(bytes.value ? bytes.value.toString('base64') : null);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },
  };
}
