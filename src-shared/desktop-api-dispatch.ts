import { desktopApiManifest, type DesktopApiHandlers, type DesktopDomain } from './desktop-api.js';
import { fail, failureFromUnknown, type Result } from './result.js';

/**
 * Turns a raw (channel, args) message from any transport into a validated call of
 * the host's handlers. Both shells use this, so validation cannot differ between
 * Electron IPC and the kiosk WebSocket.
 */
export type InvokeDispatcher = (channel: string, args: unknown) => Promise<Result<unknown>>;

const CHANNEL = /^vigil:([a-z]+):([A-Za-z]+)$/;

export function createInvokeDispatcher(handlers: DesktopApiHandlers): InvokeDispatcher {
  return async (channel, args) => {
    const match = typeof channel === 'string' ? CHANNEL.exec(channel) : null;
    if (!match) return fail('bad-request', `Unknown channel ${String(channel).slice(0, 80)}`);
    const [, domainName, method] = match as unknown as [string, string, string];
    if (!Object.prototype.hasOwnProperty.call(desktopApiManifest, domainName)) {
      return fail('bad-request', `Unknown domain ${domainName}`);
    }
    const domain = domainName as DesktopDomain;
    const invoke = desktopApiManifest[domain].invoke as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }>;
    const schema = Object.prototype.hasOwnProperty.call(invoke, method) ? invoke[method] : undefined;
    if (!schema) return fail('bad-request', `Unknown method ${domain}.${method}`);
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error?.issues[0];
      const where = issue ? issue.path.map(String).join('.') : '';
      return fail('bad-request', `Invalid arguments for ${domain}.${method}${where ? ` at ${where}` : ''}: ${issue?.message ?? 'invalid'}`);
    }
    const target = handlers[domain] as unknown as Record<string, (...a: unknown[]) => Promise<Result<unknown>>>;
    const fn = target[method];
    if (typeof fn !== 'function') return fail('internal', `Handler missing for ${domain}.${method}`);
    try {
      return await fn.apply(target, parsed.data as unknown[]);
    } catch (error) {
      return failureFromUnknown(error);
    }
  };
}
