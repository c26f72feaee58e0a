import type { AlertActInput, AlertQuery, AlertsApi, AlertView, QueuedCommand } from '../../../src-shared/desktop-api.js';
import {
  AlertDraftSchema,
  compareAlertsForQueue,
  decideAlertAction,
  type Alert,
  type AlertDraft,
} from '../../../src-shared/model/alert.js';
import type { CommandType } from '../../../src-shared/protocol/sync-protocol.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import { matchesSearch } from '../../../src-shared/text/normalize.js';
import { ulid } from '../../../src-shared/ulid.js';
import type { HostContext } from '../host-context.js';
import { queueCommand } from './queue-command.js';
import { overlayPending, pendingAlertId } from './optimistic-view.js';

function searchText(alert: Alert): string {
  return [alert.id, alert.headline, alert.description, alert.category, alert.location?.areaDesc ?? '', alert.source].join(' ');
}

/** Alerts as the operator sees them: replica plus queued actions, judged by the shared rules before queueing. */
export function createAlertsApi(ctx: HostContext): AlertsApi {
  function viewAll(): Map<string, AlertView> {
    const alerts = new Map(ctx.replica.all().map((a) => [a.id, a] as const));
    return overlayPending(alerts, ctx.outbox.pending(), ctx.roleOf);
  }

  function viewOne(alertId: string): AlertView | null {
    const alert = ctx.replica.get(alertId);
    const alerts = new Map<string, Alert>(alert ? [[alertId, alert]] : []);
    const pending = ctx.outbox.pending().filter((e) => pendingAlertId(e) === alertId);
    return overlayPending(alerts, pending, ctx.roleOf).get(alertId) ?? null;
  }

  function queue(type: CommandType, payload: Record<string, unknown>, userId: string): Result<QueuedCommand> {
    const queued = queueCommand(ctx, type, payload, userId);
    const alertId = typeof payload.alertId === 'string' ? payload.alertId : null;
    if (queued.ok && alertId) ctx.pushAlertsChanged([alertId]);
    return queued;
  }

  return {
    async list(query: AlertQuery): Promise<Result<AlertView[]>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        const states = query.states && query.states.length > 0 ? new Set(query.states) : null;
        const categories = query.categories && query.categories.length > 0 ? new Set(query.categories) : null;
        const search = query.search?.trim() ?? '';
        const result = [...viewAll().values()].filter(
          (a) =>
            (!states || states.has(a.state)) &&
            (!categories || categories.has(a.category)) &&
            (search === '' || matchesSearch(searchText(a), search)),
        );
        result.sort(compareAlertsForQueue);
        return ok(query.limit ? result.slice(0, query.limit) : result);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async get(alertId: string): Promise<Result<AlertView>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        const view = viewOne(alertId);
        return view ? ok(view) : fail('not-found', `No alert ${alertId}`);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async act(input: AlertActInput): Promise<Result<QueuedCommand>> {
      try {
        const session = ctx.session;
        if (!session) return fail('unauthorized', 'Log in first');
        const view = viewOne(input.alertId);
        if (!view) return fail('not-found', `No alert ${input.alertId}`);
        const decision = decideAlertAction(view, input, session.info.user);
        if (!decision.ok) return decision;
        const payload: Record<string, unknown> = { alertId: input.alertId, action: input.action };
        if (input.note !== undefined) payload.note = input.note;
        if (input.action === 'reassign') payload.ownerId = input.ownerId ?? null;
        return queue('alert.act', payload, session.info.user.id);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async raise(draft: AlertDraft): Promise<Result<QueuedCommand & { alertId: string }>> {
      try {
        const session = ctx.session;
        if (!session) return fail('unauthorized', 'Log in first');
        const parsed = AlertDraftSchema.safeParse(draft);
        if (!parsed.success) return fail('bad-request', parsed.error.issues[0]?.message ?? 'invalid alert');
        const alertId = ulid();
        const queued = queue('alert.raise', { alertId, draft: parsed.data }, session.info.user.id);
        return queued.ok ? ok({ ...queued.value, alertId }) : queued;
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async rejected() {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        return ok(ctx.outbox.rejected());
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async dismissRejected(commandId: string): Promise<Result<null>> {
      try {
        if (!ctx.session) return fail('unauthorized', 'Log in first');
        return ctx.outbox.dismissRejected(commandId) ? ok(null) : fail('not-found', `No rejected command ${commandId}`);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },
  };
}
