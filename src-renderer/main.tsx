import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app-shell.js';
import { connectDesktopBridge, readLaunchParams } from './bridge/desktop-bridge.js';
import { createAppStore } from './store/app-store.js';
import { startLiveUpdates } from './store/live-updates.js';
import { StoreProvider } from './store/store-context.js';
import './styles/base.css';
import './styles/shell.css';
import './styles/console.css';
import './styles/wall.css';
import './styles/map.css';
import './styles/reports.css';
import './styles/kpi.css';

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const params = readLaunchParams();
const bridge = connectDesktopBridge(params);
const store = createAppStore({ api: bridge?.api ?? null, storage: safeLocalStorage() });
if (bridge) startLiveUpdates(store, bridge.api, bridge.transport);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <AppShell params={params} />
    </StoreProvider>
  </StrictMode>,
);
