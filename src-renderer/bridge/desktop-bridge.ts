import type { DesktopApi } from '../../src-shared/desktop-api.js';
import { createDesktopClient } from '../../src-shared/desktop-api-client.js';
import { kioskBridgeUrl } from '../../src-shared/kiosk-bridge-protocol.js';
import { createKioskTransport, type KioskTransport } from './kiosk-transport.js';
import { fragmentWithoutToken, parseLaunchParams, rememberLaunchParams, type LaunchParams } from './launch-params.js';

export interface DesktopBridge {
  api: DesktopApi;
  shell: 'electron' | 'kiosk';
  /** Only for the kiosk shell: the WebSocket to the host can drop and come back. */
  transport: KioskTransport | null;
}

declare global {
  interface Window {
    vigil?: DesktopApi;
  }
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Reads the launch parameters once, stores them for reloads and strips the token from the address bar. */
export function readLaunchParams(): LaunchParams {
  const storage = safeSessionStorage();
  const params = parseLaunchParams(window.location.hash, window.location.search, storage);
  rememberLaunchParams(params, storage);
  if (/(^#|&)token=/.test(window.location.hash)) {
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}${fragmentWithoutToken(window.location.hash)}`);
  }
  return params;
}

/**
 * The desktop API of this window: the Electron preload's `window.vigil` when present,
 * otherwise a client over the kiosk host's WebSocket when the page was launched with a
 * token from a loopback HTTP origin, otherwise null (no host: say so on screen).
 */
export function connectDesktopBridge(params: LaunchParams): DesktopBridge | null {
  if (window.vigil) return { api: window.vigil, shell: 'electron', transport: null };
  if (!params.token || window.location.protocol !== 'http:') return null;
  const transport = createKioskTransport({ url: kioskBridgeUrl(window.location.host, params.token) });
  return { api: createDesktopClient(transport), shell: 'kiosk', transport };
}
