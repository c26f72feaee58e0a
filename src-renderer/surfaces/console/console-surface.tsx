import { useEffect, useMemo, useRef } from 'react';
import type { AlertAction } from '../../../src-shared/model/alert.js';
import { visibleQueue } from '../../store/alert-selectors.js';
import { selectDisplayNameOf } from '../../store/slices/directory-slice.js';
import { useAppStore, useAppStoreApi } from '../../store/store-context.js';
import { actionAvailability } from './alert-action-rules.js';
import { AlertDetail } from './alert-detail.js';
import { AlertFilters } from './alert-filters.js';
import { AlertQueue } from './alert-queue.js';
import { RejectedCommands } from './rejected-commands.js';

const SHORTCUTS: Record<string, AlertAction> = { a: 'acknowledge', o: 'own', r: 'resolve' };

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The operator console: filters and queue on the left, the selected alert on the right. */
export function ConsoleSurface() {
  const store = useAppStoreApi();
  const alerts = useAppStore((s) => s.alerts);
  const filters = useAppStore((s) => s.filters);
  const selectedId = useAppStore((s) => s.selectedAlertId);
  const nameOf = useAppStore(selectDisplayNameOf);
  const queue = useMemo(() => visibleQueue(alerts, filters, nameOf), [alerts, filters, nameOf]);
  // The selected alert stays in the detail pane even when a filter hides its row.
  const selected = useMemo(() => alerts.find((a) => a.id === selectedId) ?? null, [alerts, selectedId]);
  const detailRef = useRef<HTMLElement | null>(null);
  const queueRef = useRef(queue);
  queueRef.current = queue;

  function open(alertId: string) {
    store.getState().selectAlert(alertId);
    requestAnimationFrame(() => detailRef.current?.focus());
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || typingInField(event.target)) return;
      const state = store.getState();
      const ids = queueRef.current.map((a) => a.id);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        state.moveSelection(event.key === 'ArrowDown' ? 1 : -1, ids);
        return;
      }
      if (event.key === 'Enter' && state.selectedAlertId && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        open(state.selectedAlertId);
        return;
      }
      const action = SHORTCUTS[event.key.toLowerCase()];
      if (!action || !state.session || !state.selectedAlertId) return;
      const alert = state.alerts.find((a) => a.id === state.selectedAlertId);
      if (!alert || state.actionOutcome?.status === 'sending') return;
      // A state that forbids the action is a no-op; a permission refusal goes to the host so its error shows.
      if (actionAvailability(alert, action, state.session.user).status === 'blocked-state') return;
      event.preventDefault();
      void state.actOnAlert({ alertId: alert.id, action });
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <main className="console-surface" data-testid="console-surface">
      <div className="console-left">
        <RejectedCommands />
        <AlertFilters />
        <AlertQueue queue={queue} onOpen={open} />
      </div>
      <AlertDetail alert={selected} ref={detailRef} />
    </main>
  );
}
