import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES } from '../../../src-shared/protocol/sync-protocol.js';
import { ulid } from '../../../src-shared/ulid.js';
import { CommandBus } from '../../../server/domain/command-bus.js';
import { openDatabase } from '../../../server/store/sqlite-database.js';
import { VigilStore } from '../../../server/store/vigil-store.js';
import { draft } from './support/server-test-kit.js';

const op1 = { id: 'op1', role: 'operator' as const };

function setup(): { store: VigilStore; bus: CommandBus } {
  const store = new VigilStore(openDatabase(':memory:'));
  return { store, bus: new CommandBus(store) };
}

function raise(alertId = 'a-1', commandId = ulid()) {
  return { commandId, type: 'alert.raise', payload: { alertId, draft: draft() } };
}

describe('command bus', () => {
  it('applies a command once however often it is sent', () => {
    const { store, bus } = setup();
    const command = raise();
    const first = bus.execute(command, op1);
    const second = bus.execute(command, op1);
    expect(first).toEqual({ ok: true, seq: 1, duplicate: false });
    expect(second).toEqual({ ok: true, seq: 1, duplicate: true });
    expect(store.headSeq()).toBe(1);
    expect(store.events.eventsForCommand(command.commandId)).toBe(1);
    expect(store.events.read(0, 10)[0]).toMatchObject({ type: 'alert.raised', subject: 'a-1', commandId: command.commandId, actor: 'op1' });
    expect(store.alerts.get('a-1')).toMatchObject({ state: 'new', raisedBy: 'op1', headline: draft().headline });
  });

  it('records a refusal so a resend gets the same answer, and applies nothing', () => {
    const { store, bus } = setup();
    bus.execute(raise('a-1'), op1);
    const again = raise('a-1');
    const first = bus.execute(again, op1);
    expect(first).toMatchObject({ ok: false, code: 'conflict' });
    expect(bus.execute(again, op1)).toMatchObject({ ok: false, code: 'conflict', message: (first as { message: string }).message });
    expect(store.commands.get(again.commandId)).toMatchObject({ ok: false, code: 'conflict', seq: null });
    expect(store.headSeq()).toBe(1);
  });

  it('refuses bad envelopes, unknown types, bad payloads and oversized commands with clear codes', () => {
    const { store, bus } = setup();
    expect(bus.execute(null, op1)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(bus.execute('alert.raise', op1)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(bus.execute({ type: 'alert.raise', payload: {} }, op1)).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('commandId') });
    expect(bus.execute({ ...raise(), commandId: 'not-a-ulid' }, op1)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(bus.execute({ ...raise(), type: 'alert.explode' }, op1)).toMatchObject({ ok: false, code: 'unknown-command' });
    const badPayload = bus.execute({ ...raise(), payload: { alertId: 'a-2', draft: { ...draft(), severity: 'Apocalyptic' } } }, op1);
    expect(badPayload).toMatchObject({ ok: false, code: 'bad-request', message: expect.stringContaining('payload.draft.severity') });
    const huge = { ...raise(), payload: { alertId: 'a-3', draft: { ...draft(), description: 'x'.repeat(MAX_COMMAND_BYTES) } } };
    expect(bus.execute(huge, op1)).toMatchObject({ ok: false, code: 'payload-too-large' });
    expect(store.headSeq()).toBe(0);
  });

  it('will not let another user replay a command id', () => {
    const { bus } = setup();
    const command = raise();
    bus.execute(command, op1);
    expect(bus.execute(command, { id: 'op2', role: 'operator' })).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('acts on alerts with the shared rules and writes alert.<past> events carrying the change', () => {
    const { store, bus } = setup();
    bus.execute(raise('a-1'), op1);
    const ack = bus.execute({ commandId: ulid(), type: 'alert.act', payload: { alertId: 'a-1', action: 'own' } }, op1);
    expect(ack).toEqual({ ok: true, seq: 2, duplicate: false });
    expect(store.events.read(1, 1)[0]).toMatchObject({ type: 'alert.owned', data: { alertId: 'a-1', action: 'own', state: 'in-progress', ownerId: 'op1' } });
    expect(store.alerts.get('a-1')).toMatchObject({ state: 'in-progress', ownerId: 'op1' });
    expect(bus.execute({ commandId: ulid(), type: 'alert.act', payload: { alertId: 'nope', action: 'own' } }, op1)).toMatchObject({ code: 'not-found' });
    expect(bus.execute({ commandId: ulid(), type: 'alert.act', payload: { alertId: 'a-1', action: 'acknowledge' } }, op1)).toMatchObject({
      code: 'invalid-transition',
    });
  });

  it('runs a group of commands in one commit, each succeeding or failing on its own', () => {
    const { store, bus } = setup();
    const heard: number[][] = [];
    store.onAppended((events) => heard.push(events.map((e) => e.seq)));
    const dup = raise('g-1');
    const acks = bus.executeMany([
      { raw: dup, actor: op1 },
      { raw: raise('g-1'), actor: op1 },
      { raw: { bogus: true }, actor: op1 },
      { raw: raise('g-2'), actor: op1 },
      { raw: dup, actor: op1 },
    ]);
    expect(acks.map((a) => (a.ok ? `ok:${a.seq}:${a.duplicate}` : a.code))).toEqual(['ok:1:false', 'conflict', 'bad-request', 'ok:2:false', 'ok:1:true']);
    expect(heard).toEqual([[1, 2]]);
  });
});
