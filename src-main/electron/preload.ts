import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createDesktopClient } from '../../src-shared/desktop-api-client.js';
import type { Result } from '../../src-shared/result.js';

/**
 * The whole of what a window can reach: `window.vigil`, built from the manifest by the
 * shared client, so only manifest channels exist. ipcRenderer itself never crosses the
 * context bridge. Bundled to one CommonJS file (dist/electron/preload.cjs) because
 * sandboxed preloads cannot load modules.
 */
const api = createDesktopClient({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<Result<unknown>>,
  subscribe(channel, listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
});

contextBridge.exposeInMainWorld('vigil', api);
