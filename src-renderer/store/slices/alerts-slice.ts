import type { AlertActInput, AlertView, QueuedCommand, RejectedCommand } from '../../../src-shared/desktop-api.js';
import type { AlertAction } from '../../../src-shared/model/alert.js';
import { fail, type Failure, type Result } from '../../../src-shared/result.js';
import type { SliceCreator } from '../store-types.js';

/** What happened to the operator's last action, shown in the detail pane. */
export type ActionOutcome =
  | { alertId: string; action: AlertAction; status: 'sending' }
  | { alertId: string; action: AlertAction; status: 'queued'; command: QueuedCommand; whileOnline: boolean }
  | { alertId: string; action: AlertAction; status: 'failed'; failure: Failure };

/** The host caps a list at 5000; the console shows every alert the cache holds up to that. */
export const ALERT_LIST_LIMIT = 5000;

export interface AlertsSlice {
  alerts: AlertView[];
  alertsStatus: 'idle' | 'loading' | 'ready' | 'error';
  alertsError: Failure | null;
  /** Epoch ms of the last successful list; the queue's own freshness. */
  alertsFetchedAt: number | null;
  rejected: RejectedCommand[];
  actionOutcome: ActionOutcome | null;
  refreshAlerts(): Promise<void>;
  refreshRejected(): Promise<void>;
  actOnAlert(input: AlertActInput): Promise<Result<QueuedCommand>>;
  dismissActionOutcome(): void;
  dismissRejected(commandId: string): Promise<void>;
  clearAlerts(): void;
}

export const createAlertsSlice: SliceCreator<AlertsSlice> = (set, get, { api }) => {
  // Refreshes overlap when events arrive quickly; only the newest answer may land.
  let listGeneration = 0;

  return {
    alerts: [],
    alertsStatus: 'idle',
    alertsError: null,
    alertsFetchedAt: null,
    rejected: [],
    actionOutcome: null,

    async refreshAlerts() {
      if (!api) return;
      const generation = ++listGeneration;
      if (get().alertsStatus === 'idle') set({ alertsStatus: 'loading' });
      const result = await api.alerts.list({ limit: ALERT_LIST_LIMIT });
      if (generation !== listGeneration) return;
      if (result.ok) set({ alerts: result.value, alertsStatus: 'ready', alertsError: null, alertsFetchedAt: Date.now() });
      else set({ alertsStatus: get().alerts.length > 0 ? 'ready' : 'error', alertsError: result });
    },

    async refreshRejected() {
      if (!api) return;
      const result = await api.alerts.rejected();
      if (result.ok) set({ rejected: result.value });
    },

    async actOnAlert(input) {
      if (!api) return fail('unavailable', 'No workstation host');
      set({ actionOutcome: { alertId: input.alertId, action: input.action, status: 'sending' } });
      const result = await api.alerts.act(input);
      if (result.ok) {
        set({
          actionOutcome: {
            alertId: input.alertId,
            action: input.action,
            status: 'queued',
            command: result.value,
            whileOnline: get().sync?.connection === 'online',
          },
        });
        // The host also pushes onDidChange; refreshing now makes the optimistic effect show at once.
        void get().refreshAlerts();
      } else {
        set({ actionOutcome: { alertId: input.alertId, action: input.action, status: 'failed', failure: result } });
      }
      return result;
    },

    dismissActionOutcome() {
      set({ actionOutcome: null });
    },

    async dismissRejected(commandId) {
      if (!api) return;
      const result = await api.alerts.dismissRejected(commandId);
      if (result.ok) set({ rejected: get().rejected.filter((r) => r.commandId !== commandId) });
    },

    clearAlerts() {
      listGeneration++;
      set({ alerts: [], alertsStatus: 'idle', alertsError: null, alertsFetchedAt: null, rejected: [], actionOutcome: null });
    },
  };
};
