import { describe, expect, it } from 'vitest';
import { createInvokeDispatcher } from '../../../src-shared/desktop-api-dispatch.js';
import { createDesktopClient } from '../../../src-shared/desktop-api-client.js';
import { listEventChannels, listInvokeChannels, type DesktopApiHandlers } from '../../../src-shared/desktop-api.js';
import { fail, ok } from '../../../src-shared/result.js';

function recordingHandlers(calls: unknown[][]): DesktopApiHandlers {
  const record = (name: string) => async (...args: unknown[]) => {
    calls.push([name, ...args]);
    return ok(null);
  };
  const domain = (names: string[]) => Object.fromEntries(names.map((n) => [n, record(n)]));
  return {
    session: domain(['login', 'logout', 'current']),
    alerts: domain(['list', 'get', 'act', 'raise', 'rejected', 'dismissRejected']),
    sync: domain(['status']),
    workstation: domain(['info']),
    directory: domain(['users']),
  } as unknown as DesktopApiHandlers;
}

describe('desktop API dispatcher', () => {
  it('passes validated arguments through to the handler', async () => {
    const calls: unknown[][] = [];
    const dispatch = createInvokeDispatcher(recordingHandlers(calls));
    const result = await dispatch('vigil:alerts:act', [{ alertId: 'a-1', action: 'acknowledge' }]);
    expect(result).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['act', { alertId: 'a-1', action: 'acknowledge' }]]);
  });

  it.each([
    ['vigil:alerts:act', [{ alertId: 'a-1', action: 'explode' }], 'at 0.action'],
    ['vigil:alerts:act', [], 'Invalid arguments'],
    ['vigil:alerts:get', ['x'.repeat(65)], 'Invalid arguments'],
    ['vigil:session:login', [{ username: 'a', password: '' }], 'password'],
    ['vigil:alerts:drop', [], 'Unknown method'],
    ['vigil:__proto__:x', [], 'Unknown'],
    ['alerts.list', [], 'Unknown channel'],
    ['vigil:alerts:list', 'not-an-array', 'Invalid arguments'],
  ])('refuses %s %j with bad-request and calls nothing', async (channel, args, text) => {
    const calls: unknown[][] = [];
    const dispatch = createInvokeDispatcher(recordingHandlers(calls));
    const result = await dispatch(channel, args);
    expect(result).toMatchObject({ ok: false, code: 'bad-request' });
    expect(result.ok ? '' : result.message).toContain(text);
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into an internal failure instead of a crash', async () => {
    const handlers = recordingHandlers([]);
    (handlers.sync as { status: () => Promise<never> }).status = async () => {
      throw new Error('disk on fire');
    };
    const result = await createInvokeDispatcher(handlers)('vigil:sync:status', []);
    expect(result).toEqual(fail('internal', 'disk on fire'));
  });

  it('round-trips through a client generated from the same manifest', async () => {
    const calls: unknown[][] = [];
    const dispatch = createInvokeDispatcher(recordingHandlers(calls));
    const listeners = new Map<string, (p: unknown) => void>();
    const client = createDesktopClient({
      invoke: (channel, args) => dispatch(channel, args),
      subscribe: (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
    });
    await client.alerts.list({ states: ['new'] });
    const seen: unknown[] = [];
    const off = client.sync.onDidChangeStatus((s) => seen.push(s));
    listeners.get('vigil:sync:onDidChangeStatus')?.({ connection: 'online' });
    off();
    expect(calls).toEqual([['list', { states: ['new'] }]]);
    expect(seen).toEqual([{ connection: 'online' }]);
    expect(listeners.size).toBe(0);
  });

  it('lists every channel with the vigil prefix exactly once', () => {
    const channels = [...listInvokeChannels().map((c) => c.channel), ...listEventChannels().map((c) => c.channel)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(channels.every((c) => /^vigil:[a-z]+:[A-Za-z]+$/.test(c))).toBe(true);
    expect(channels).toContain('vigil:alerts:onDidChange');
    expect(channels).toEqual(expect.arrayContaining(['vigil:directory:users', 'vigil:directory:onDidChange']));
  });

  it('takes no arguments for directory.users and refuses extra ones', async () => {
    const calls: unknown[][] = [];
    const dispatch = createInvokeDispatcher(recordingHandlers(calls));
    expect(await dispatch('vigil:directory:users', [])).toEqual({ ok: true, value: null });
    expect(await dispatch('vigil:directory:users', ['everyone'])).toMatchObject({ ok: false, code: 'bad-request' });
    expect(calls).toEqual([['users']]);
  });
});
