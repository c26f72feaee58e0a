import {
  desktopApiManifest,
  eventChannel,
  invokeChannel,
  type DesktopApi,
  type DesktopDomain,
} from './desktop-api.js';
import { failureFromUnknown, type Result } from './result.js';

/** Whatever carries messages between a window and its host: Electron IPC or the kiosk WebSocket. */
export interface DesktopTransport {
  invoke(channel: string, args: unknown[]): Promise<Result<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** Builds the whole `DesktopApi` object from the manifest over any transport. */
export function createDesktopClient(transport: DesktopTransport): DesktopApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const domain of Object.keys(desktopApiManifest) as DesktopDomain[]) {
    const entry = desktopApiManifest[domain];
    const members: Record<string, unknown> = {};
    for (const method of Object.keys(entry.invoke)) {
      const channel = invokeChannel(domain, method);
      members[method] = async (...args: unknown[]) => {
        try {
          return await transport.invoke(channel, args);
        } catch (error) {
          return failureFromUnknown(error, 'unavailable');
        }
      };
    }
    for (const event of entry.events as readonly string[]) {
      const channel = eventChannel(domain, event);
      members[event] = (listener: (payload: unknown) => void) => transport.subscribe(channel, listener);
    }
    api[domain] = members;
  }
  return api as unknown as DesktopApi;
}
