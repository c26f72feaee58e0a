import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite-database.js';
import { VigilStore } from '../../../server/store/vigil-store.js';
import type { NewEvent } from '../../../server/store/event-log.js';

let n = 0;
function event(commandId: string | null = null): NewEvent {
  n++;
  return { id: `ev-${n}`, type: 'test.happened', at: new Date().toISOString(), actor: 'op1', subject: `s-${n}`, commandId, data: { n } };
}

function memoryStore(logRetain = 1000): VigilStore {
  return new VigilStore(openDatabase(':memory:'), logRetain);
}

describe('event log', () => {
  it('hands out gap-free seqs from 1 and reads ranges in order', () => {
    const store = memoryStore();
    store.transact((tx) => {
      for (let i = 0; i < 5; i++) tx.append(event());
    });
    store.transact((tx) => tx.append(event()));
    expect(store.headSeq()).toBe(6);
    expect(store.events.read(0, 100).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.events.read(2, 2).map((e) => e.seq)).toEqual([3, 4]);
    expect(store.events.read(6, 10)).toEqual([]);
    expect(store.events.read(0, 1)[0]).toMatchObject({ type: 'test.happened', actor: 'op1', data: { n: expect.any(Number) } });
  });

  it('a rolled-back transaction leaves no seq behind and tells no listener', () => {
    const store = memoryStore();
    const heard: number[] = [];
    store.onAppended((events) => heard.push(...events.map((e) => e.seq)));
    store.transact((tx) => tx.append(event()));
    expect(() =>
      store.transact((tx) => {
        tx.append(event());
        throw new Error('boom');
      }),
    ).toThrow('boom');
    store.transact((tx) => tx.append(event()));
    expect(store.events.read(0, 10).map((e) => e.seq)).toEqual([1, 2]);
    expect(heard).toEqual([1, 2]);
  });

  it('a nested transaction that fails undoes only its own events (savepoint)', () => {
    const store = memoryStore();
    const heard: number[] = [];
    store.onAppended((events) => heard.push(...events.map((e) => e.seq)));
    store.transact((tx) => {
      tx.append(event());
      expect(() =>
        store.transact((inner) => {
          inner.append(event());
          throw new Error('inner');
        }),
      ).toThrow('inner');
      store.transact((inner) => inner.append(event()));
    });
    expect(store.events.read(0, 10).map((e) => e.seq)).toEqual([1, 2]);
    expect(heard).toEqual([1, 2]);
  });

  it('refuses to append outside a transaction', () => {
    const store = memoryStore();
    expect(() => store.events.append(event())).toThrow(/transaction/);
  });

  it('prunes to the newest logRetain and never reuses a pruned seq', () => {
    const store = memoryStore(3);
    expect(store.oldestSeq()).toBe(1);
    for (let i = 0; i < 10; i++) store.transact((tx) => tx.append(event()));
    expect(store.headSeq()).toBe(10);
    expect(store.oldestSeq()).toBe(8);
    expect(store.events.read(0, 100).map((e) => e.seq)).toEqual([8, 9, 10]);
    store.transact((tx) => tx.append(event()));
    expect(store.events.read(0, 100).map((e) => e.seq)).toEqual([9, 10, 11]);
  });

  it('serves recent reads from memory identical to the disk', () => {
    const store = memoryStore();
    for (let i = 0; i < 20; i++) store.transact((tx) => tx.append(event(i % 2 ? 'cmd' : null)));
    expect(store.readEvents(5, 7)).toEqual(store.events.read(5, 7));
    expect(store.readEvents(20, 7)).toEqual([]);
    expect(store.events.eventsForCommand('cmd')).toBe(10);
  });
});
