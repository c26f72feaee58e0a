import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { createInvokeDispatcher } from '../../src-shared/desktop-api-dispatch.js';
import { listInvokeChannels } from '../../src-shared/desktop-api.js';
import { fail, type Result } from '../../src-shared/result.js';
import type { WorkstationHost } from '../host/workstation-host.js';
import { isTrustedSender } from './trusted-sender.js';

/**
 * One ipcMain handler per invoke channel of the manifest, nothing else. Each message is
 * checked twice: who sent it (one of our windows, showing our renderer, from its main
 * frame) and what it carries (the manifest's schema, in the shared dispatcher).
 */
export interface IpcRegistration {
  /** Removes the handlers and the push subscription. */
  dispose(): void;
}

export function registerIpcHandlers(
  host: Pick<WorkstationHost, 'handlers' | 'onPush'>,
  options: { rendererUrl: string; isOurWindow(window: BrowserWindow): boolean },
): IpcRegistration {
  const dispatch = createInvokeDispatcher(host.handlers);
  const channels = listInvokeChannels().map((c) => c.channel);

  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!window || !options.isOurWindow(window)) return false;
    return isTrustedSender(frame.url, options.rendererUrl);
  };

  for (const channel of channels) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!trusted(event)) return fail('forbidden', 'This window may not use the desktop API');
      return dispatch(channel, args);
    });
  }

  const unsubscribe = host.onPush((channel, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (window.isDestroyed() || !options.isOurWindow(window)) continue;
      window.webContents.send(channel, payload);
    }
  });

  return {
    dispose() {
      unsubscribe();
      for (const channel of channels) ipcMain.removeHandler(channel);
    },
  };
}
