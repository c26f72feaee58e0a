import type { KioskTransport } from '../bridge/kiosk-transport.js';
import type { AppStore } from './store-types.js';
import type { DesktopApi } from '../../src-shared/desktop-api.js';

export interface LiveUpdatesOptions {
  /** Bursts of alert changes (a replayed outbox, a catch-up batch) become one refetch. */
  debounceMs?: number;
}

/** Loads everything, then keeps the store in step with the host's push events; returns a stop function. */
export function startLiveUpdates(
  store: AppStore,
  api: DesktopApi,
  transport: KioskTransport | null,
  options: LiveUpdatesOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 100;
  let alertTimer: ReturnType<typeof setTimeout> | null = null;
  const state = () => store.getState();
  // The health poller can touch hundreds of cameras at once; each burst becomes one list read.
  const cameraRefresh = debounced(debounceMs, () => {
    if (state().session) void state().refreshCameras();
  });
  const layoutRefresh = debounced(debounceMs, () => {
    if (state().session) void state().refreshWallLayouts();
  });
  const displayRefresh = debounced(debounceMs, () => {
    if (state().session) void state().refreshWallDisplays();
  });
  // A demo generator or a bulk step changes many reports at once; each burst becomes one read per list.
  let reportDirectoryChanged = false;
  const reportRefresh = debounced(debounceMs, () => {
    const directory = reportDirectoryChanged;
    reportDirectoryChanged = false;
    if (state().session) refreshReportLists(directory);
  });

  // A new board every poll (10 s) and a burst when the link comes back: one read per burst.
  const kpiRefresh = debounced(debounceMs, () => {
    if (state().session && state().kpiStatus !== 'idle') void state().refreshKpi();
  });

  /** Only the lists this window has asked for: the desk's queue, the map's layer. */
  function refreshReportLists(withDirectory: boolean): void {
    if (state().reportsStatus !== 'idle') {
      void state().refreshReports();
      if (withDirectory) void state().refreshReportDirectory();
    }
    if (state().mapReportsWanted) void state().refreshMapReports();
  }

  function reloadAll(): void {
    void state().loadSession();
    void state().loadWorkstation();
    void state().refreshSync();
    if (state().session) {
      void state().refreshAlerts();
      void state().refreshRejected();
      void state().refreshDirectory();
      void state().refreshCameras();
      void state().refreshWallDisplays();
      void state().refreshWallLayouts();
      void state().loadMap();
      refreshReportLists(true);
      if (state().kpiStatus !== 'idle') void state().refreshKpi();
    }
  }

  function scheduleAlertRefresh(): void {
    if (alertTimer) return;
    alertTimer = setTimeout(() => {
      alertTimer = null;
      if (!state().session) return;
      void state().refreshAlerts();
      void state().refreshRejected();
    }, debounceMs);
  }

  const stops = [
    api.alerts.onDidChange(() => scheduleAlertRefresh()),
    api.sync.onDidChangeStatus((status) => state().applySyncStatus(status)),
    api.session.onDidChange((session) => state().applySession(session)),
    api.directory.onDidChange(() => {
      if (state().session) void state().refreshDirectory();
    }),
    api.cameras.onDidChange(() => cameraRefresh.schedule()),
    api.wall.onDidChangeLayouts(() => layoutRefresh.schedule()),
    api.wall.onDidChangeDisplays(() => displayRefresh.schedule()),
    api.reports.onDidChange(({ reportIds }) => {
      // No ids: departments, rules or pending marks changed.
      if (reportIds.length === 0) reportDirectoryChanged = true;
      reportRefresh.schedule();
    }),
    api.kpi.onDidChange(() => kpiRefresh.schedule()),
    api.map.onDidChangeBasemap(() => {
      if (state().session) void state().refreshBasemap();
    }),
  ];
  if (transport) {
    state().setBridgeState(transport.state);
    stops.push(
      transport.onStateChange((bridgeState, { reconnected }) => {
        state().setBridgeState(bridgeState);
        // Events pushed while the socket was down are lost: reload what they would have told us.
        if (bridgeState === 'open' && reconnected) reloadAll();
      }),
    );
  }
  reloadAll();

  return () => {
    if (alertTimer) clearTimeout(alertTimer);
    cameraRefresh.cancel();
    layoutRefresh.cancel();
    displayRefresh.cancel();
    reportRefresh.cancel();
    kpiRefresh.cancel();
    for (const stop of stops) stop();
  };
}

/** Runs `run` once, `delayMs` after the first of a burst of calls. */
function debounced(delayMs: number, run: () => void): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        run();
      }, delayMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
