import type { Credentials, SessionInfo, WorkstationInfo } from '../../../src-shared/desktop-api.js';
import { fail, type Failure } from '../../../src-shared/result.js';
import type { SliceCreator } from '../store-types.js';

export interface SessionSlice {
  session: SessionInfo | null;
  /** `unknown` until the host has said whether someone is signed in (avoids flashing the login form). */
  sessionStatus: 'unknown' | 'ready';
  loginPending: boolean;
  loginError: Failure | null;
  workstation: WorkstationInfo | null;
  loadSession(): Promise<void>;
  loadWorkstation(): Promise<void>;
  login(credentials: Credentials): Promise<boolean>;
  logout(): Promise<void>;
  applySession(session: SessionInfo | null): void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, { api }) => ({
  session: null,
  sessionStatus: 'unknown',
  loginPending: false,
  loginError: null,
  workstation: null,

  async loadSession() {
    if (!api) return;
    const result = await api.session.current();
    if (result.ok) get().applySession(result.value);
    else set({ sessionStatus: 'ready' });
  },

  async loadWorkstation() {
    if (!api) return;
    const result = await api.workstation.info();
    if (result.ok) set({ workstation: result.value });
  },

  async login(credentials) {
    if (!api) {
      set({ loginError: fail('unavailable', 'No workstation host') });
      return false;
    }
    set({ loginPending: true, loginError: null });
    const result = await api.session.login(credentials);
    if (!result.ok) {
      set({ loginPending: false, loginError: result });
      return false;
    }
    set({ loginPending: false });
    get().applySession(result.value);
    return true;
  },

  async logout() {
    if (!api) return;
    const result = await api.session.logout();
    if (result.ok) get().applySession(null);
  },

  applySession(session) {
    const previous = get().session;
    set({ session, sessionStatus: 'ready', ...(session ? { loginError: null } : {}) });
    const changedUser = (previous?.user.id ?? null) !== (session?.user.id ?? null);
    if (!changedUser) return;
    if (session) {
      void get().refreshAlerts();
      void get().refreshRejected();
      void get().refreshDirectory();
      void get().refreshCameras();
      void get().refreshWallDisplays();
      void get().refreshWallLayouts();
      void get().loadMap();
      // Only windows that show reports (the desk, a map) have asked for them.
      if (get().reportsStatus !== 'idle') {
        void get().refreshReports();
        void get().refreshReportDirectory();
      }
      if (get().mapReportsWanted) void get().refreshMapReports();
      // Only KPI windows have asked for the board.
      if (get().kpiStatus !== 'idle') void get().refreshKpi();
    } else {
      get().clearAlerts();
      get().clearDirectory();
      get().clearCameras();
      get().clearWall();
      get().clearMap();
      get().clearReports();
      get().clearKpi();
    }
  },
});
