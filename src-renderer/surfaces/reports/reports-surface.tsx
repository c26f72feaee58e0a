import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReportAction } from '../../../src-shared/model/field-report.js';
import { useAppStore, useAppStoreApi, useT } from '../../store/store-context.js';
import { ReportActionForm } from './report-action-form.js';
import { actionAllowedFor, BULK_ACTIONS, moveInQueue, REPORT_SHORTCUTS } from './report-desk-model.js';
import { ReportDetail } from './report-detail.js';
import { ReportFilters } from './report-filters.js';
import { ReportQueue } from './report-queue.js';
import { RoutingAdmin } from './routing-admin.js';

/** Keys typed into a text field or a select are not shortcuts; a focused checkbox (a filter, a row) does not hold keys. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return target.type !== 'checkbox' && target.type !== 'radio';
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

type Tab = 'queue' | 'routing';

/**
 * The field-reports desk: filters and the queue on the left, the selected report on
 * the right, a bulk bar when rows are checked. Every step goes through the host's
 * outbox, so the desk keeps working through an outage.
 */
export function ReportsSurface() {
  const t = useT();
  const store = useAppStoreApi();
  const session = useAppStore((s) => s.session);
  const reports = useAppStore((s) => s.reports);
  const selected = useAppStore((s) => s.selectedReport);
  const outcome = useAppStore((s) => s.reportOutcome);
  const dismissOutcome = useAppStore((s) => s.dismissReportOutcome);
  const [tab, setTab] = useState<Tab>('queue');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [detailAction, setDetailAction] = useState<ReportAction | null>(null);
  const [bulkAction, setBulkAction] = useState<ReportAction | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const detailRef = useRef<HTMLElement | null>(null);

  // Checked rows that a refresh or a filter removed are no longer part of the bulk.
  const checkedReports = useMemo(() => reports.filter((r) => checked.has(r.id)), [reports, checked]);

  useEffect(() => {
    if (!session) return;
    void store.getState().refreshReports();
    void store.getState().refreshReportDirectory();
  }, [session, store]);

  // The latest view of what the key handler needs, without re-subscribing per render.
  const live = useRef({ checkedReports, detailAction, bulkAction });
  live.current = { checkedReports, detailAction, bulkAction };

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'Escape') {
        setDetailAction(null);
        setBulkAction(null);
        return;
      }
      if (typingInField(event.target)) return;
      const state = store.getState();
      const ids = state.reports.map((r) => r.id);
      const key = event.key;
      if (key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (key === 'j' || key === 'k' || key === 'ArrowDown' || key === 'ArrowUp') {
        event.preventDefault();
        const next = moveInQueue(ids, state.selectedReportId, key === 'j' || key === 'ArrowDown' ? 1 : -1);
        if (next) void state.selectReport(next);
        return;
      }
      if (key === 'x' && state.selectedReportId) {
        event.preventDefault();
        toggle(state.selectedReportId);
        return;
      }
      const action = REPORT_SHORTCUTS[key];
      if (!action || !state.session) return;
      event.preventDefault();
      const bulk = live.current.checkedReports;
      // With rows checked a shortcut acts on them (bulk); otherwise on the selected report.
      if (bulk.length > 0 && (BULK_ACTIONS as readonly string[]).includes(action)) {
        if (actionAllowedFor(action, bulk)) setBulkAction(action);
        return;
      }
      if (state.selectedReport && actionAllowedFor(action, [state.selectedReport])) {
        setDetailAction(action);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  function toggle(reportId: string) {
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(reportId)) next.delete(reportId);
      else next.add(reportId);
      return next;
    });
  }

  return (
    <main className="reports-surface" data-testid="reports-surface">
      <nav className="reports-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'queue'} data-testid="report-tab-queue" onClick={() => setTab('queue')}>
          {t('reports.tab.queue')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'routing'} data-testid="report-tab-routing" onClick={() => setTab('routing')}>
          {t('reports.tab.routing')}
        </button>
        {outcome && outcome.status !== 'sending' && (
          <span
            className={`report-outcome outcome-${outcome.status}`}
            data-testid="report-outcome"
            data-status={outcome.status}
            role="status"
            onClick={dismissOutcome}
          >
            {outcome.status === 'queued'
              ? t(outcome.whileOnline ? 'reports.outcome.sent' : 'reports.outcome.queuedOffline', { count: outcome.count })
              : t('reports.outcome.failed', { message: outcome.failure.message })}
          </span>
        )}
        {outcome?.status === 'sending' && (
          <span className="report-outcome" data-testid="report-outcome" data-status="sending" role="status">
            {t('reports.outcome.sending')}
          </span>
        )}
      </nav>
      {tab === 'routing' ? (
        <RoutingAdmin />
      ) : (
        <div className="reports-body">
          <div className="reports-left">
            <ReportFilters ref={searchRef} />
            {checkedReports.length > 0 && (
              <div className="report-bulk" data-testid="report-bulk" role="toolbar" aria-label={t('reports.bulk.title')}>
                <span>{t('reports.bulk.count', { count: checkedReports.length })}</span>
                {BULK_ACTIONS.map((action) => (
                  <button
                    key={action}
                    type="button"
                    data-testid={`report-bulk-${action}`}
                    disabled={!actionAllowedFor(action, checkedReports)}
                    aria-pressed={bulkAction === action}
                    onClick={() => setBulkAction(bulkAction === action ? null : action)}
                  >
                    {t(`reports.action.${action}`)}
                  </button>
                ))}
                <button type="button" className="link-button" onClick={() => setChecked(new Set())}>
                  {t('reports.bulk.clear')}
                </button>
              </div>
            )}
            {bulkAction && checkedReports.length > 0 && (
              <ReportActionForm
                key={`bulk-${bulkAction}`}
                action={bulkAction}
                reports={checkedReports}
                onDone={() => {
                  setBulkAction(null);
                  setChecked(new Set());
                }}
                onCancel={() => setBulkAction(null)}
              />
            )}
            <ReportQueue
              checked={checked}
              onToggleCheck={toggle}
              onToggleAll={(all) => setChecked(all ? new Set(reports.map((r) => r.id)) : new Set())}
            />
          </div>
          <ReportDetail ref={detailRef} report={selected} openAction={detailAction} onOpenAction={setDetailAction} />
        </div>
      )}
    </main>
  );
}
