import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKioskTransport, type BridgeSocket } from '../../../src-renderer/bridge/kiosk-transport.js';
import { KIOSK_CLOSE_CODES, parseKioskClientMessage } from '../../../src-shared/kiosk-bridge-protocol.js';

class FakeSocket implements BridgeSocket {
  readyState = 0;
  sent: string[] = [];
  onopen: BridgeSocket['onopen'] = null;
  onclose: BridgeSocket['onclose'] = null;
  onmessage: BridgeSocket['onmessage'] = null;
  onerror: BridgeSocket['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.drop(code);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  lastInvoke() {
    const parsed = parseKioskClientMessage(this.sent.at(-1));
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  }
}

function setup(invokeTimeoutMs = 30_000) {
  const sockets: FakeSocket[] = [];
  const transport = createKioskTransport({
    url: 'ws://127.0.0.1:4700/bridge?token=abc',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    invokeTimeoutMs,
    backoff: { minMs: 10, maxMs: 40 },
  });
  return { transport, sockets, current: () => sockets.at(-1)! };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('kiosk transport', () => {
  it('holds invokes until the socket opens, then matches results by id', async () => {
    const { transport, current } = setup();
    const answer = transport.invoke('vigil:sync:status', []);
    expect(current().sent).toHaveLength(0);
    current().open();
    const sent = current().lastInvoke();
    expect(sent).toMatchObject({ type: 'invoke', channel: 'vigil:sync:status', args: [] });
    current().receive({ type: 'result', id: sent.id, result: { ok: true, value: 42 } });
    await expect(answer).resolves.toEqual({ ok: true, value: 42 });
  });

  it('delivers events to subscribers of that channel only', () => {
    const { transport, current } = setup();
    current().open();
    const got: unknown[] = [];
    const stop = transport.subscribe('vigil:alerts:onDidChange', (p) => got.push(p));
    transport.subscribe('vigil:sync:onDidChangeStatus', () => got.push('wrong'));
    current().receive({ type: 'event', channel: 'vigil:alerts:onDidChange', payload: { alertIds: ['a'] } });
    stop();
    current().receive({ type: 'event', channel: 'vigil:alerts:onDidChange', payload: { alertIds: ['b'] } });
    current().receive({ type: 'garbage' });
    expect(got).toEqual([{ alertIds: ['a'] }]);
  });

  it('fails sent invokes with unavailable on disconnect and reconnects with backoff', async () => {
    vi.useFakeTimers();
    const { transport, sockets, current } = setup();
    const states: string[] = [];
    transport.onStateChange((state, info) => states.push(`${state}${info.reconnected ? '+re' : ''}`));
    current().open();
    const answer = transport.invoke('vigil:alerts:list', [{}]);
    current().drop();
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
    expect(transport.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(50);
    expect(sockets).toHaveLength(2);
    const later = transport.invoke('vigil:sync:status', []);
    current().open();
    expect(states).toEqual(['open', 'connecting', 'open+re']);
    current().receive({ type: 'result', id: current().lastInvoke().id, result: { ok: false, code: 'forbidden', message: 'no' } });
    await expect(later).resolves.toEqual({ ok: false, code: 'forbidden', message: 'no' });
  });

  it('times out an unanswered invoke', async () => {
    vi.useFakeTimers();
    const { transport, current } = setup(1000);
    current().open();
    const answer = transport.invoke('vigil:sync:status', []);
    await vi.advanceTimersByTimeAsync(1001);
    await expect(answer).resolves.toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('stops when the host refuses the token', async () => {
    const { transport, sockets, current } = setup();
    current().drop(KIOSK_CLOSE_CODES.unauthorized);
    expect(transport.state).toBe('closed');
    await expect(transport.invoke('vigil:sync:status', [])).resolves.toMatchObject({ ok: false, code: 'unavailable' });
    expect(sockets).toHaveLength(1);
  });
});
