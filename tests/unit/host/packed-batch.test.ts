import type Database from 'better-sqlite3';
import * as parser from 'socket.io-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { packEvents, packRows, type PackedEvents, type PackedRow } from '../../../server/sync/batch-encoder.js';
import { AlertSchema, type Alert } from '../../../src-shared/model/alert.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import type { PackedEventBatch } from '../../../src-shared/protocol/sync-protocol.js';
import { unpackBatch } from '../../../src-main/host/sync/packed-batch.js';
import { batch, changeEvent, openTestCache, raisedEvent, sampleAlert } from './fixtures.js';

function packed(items: SyncEvent[], headSeq?: number): PackedEventBatch {
  const p = packEvents(items)!;
  return { ...p, headSeq: headSeq ?? p.to };
}

/** The stored text of an alert, as the replica keeps it. */
function storedData(db: Database.Database, id: string): { data: string; type: string } {
  return db.prepare<[string], { data: string; type: string }>('SELECT data, typeof(data) AS type FROM alerts WHERE id = ?').get(id)!;
}

function withBody(p: PackedEventBatch, body: Buffer, envBytes = p.envBytes): PackedEventBatch {
  return { ...p, body, envBytes };
}

describe('packed batches', () => {
  let cache: ReturnType<typeof openTestCache>;
  afterEach(() => cache?.cleanup());

  it('unpack to exactly the events they were packed from', () => {
    const a = sampleAlert('a1');
    const items = [raisedEvent(1, a), changeEvent(2, { alertId: 'a1', action: 'note', state: 'new', ownerId: null, note: 'Ghi chú "x" \u2028' })];
    const result = unpackBatch(packed(items, 9));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.batch).toEqual({ from: 1, to: 2, headSeq: 9, items: JSON.parse(JSON.stringify(items)) as SyncEvent[] });
    expect(result.value.texts.map((t) => Buffer.from(t).toString())).toEqual(items.map((e) => JSON.stringify(e.data)));
  });

  it('pack rows from the log and events from memory the same way', () => {
    const items = [raisedEvent(1, sampleAlert('a1')), raisedEvent(2, sampleAlert('a2'), 'c2')];
    const rows: PackedRow[] = items.map((e) => [e.seq, e.id, e.type, e.at, e.actor, e.subject, e.commandId, Buffer.from(JSON.stringify(e.data))]);
    const fromRows = packRows(rows)!;
    const fromEvents = packEvents(items)!;
    expect(fromRows).toEqual(fromEvents);
    expect(packRows([])).toBeNull();
    expect(packEvents([])).toBeNull();
  });

  it('travel as one binary attachment through socket.io', async () => {
    const p = packed([raisedEvent(1, sampleAlert('a1'))]);
    const encoded = new parser.Encoder().encode({ type: parser.PacketType.EVENT, nsp: '/', id: 3, data: ['packed-events', p] });
    expect(encoded).toHaveLength(2);
    const decoded = await new Promise<parser.Packet>((resolve) => {
      const decoder = new parser.Decoder();
      decoder.on('decoded', resolve);
      for (const part of encoded) decoder.add(part as string);
    });
    const [name, received] = decoded.data as [string, PackedEventBatch];
    expect(name).toBe('packed-events');
    expect(Buffer.from(received.body).equals(p.body)).toBe(true);
    expect(unpackBatch(received).ok).toBe(true);
  });

  it('refuse a body whose framing does not add up', () => {
    const p = packed([raisedEvent(1, sampleAlert('a1')), raisedEvent(2, sampleAlert('a2'))]);
    const body = Buffer.from(p.body);
    const bad: unknown[] = [
      { ...p, body: undefined },
      { ...p, count: 1 },
      { ...p, count: 3 },
      withBody(p, Buffer.concat([body, Buffer.from(' ')])), // bytes left over
      withBody(p, body.subarray(0, body.length - 1)), // data cut short
      withBody(p, body, p.envBytes - 1), // envelopes cut
      withBody(p, body, body.length + 1),
      { ...p, body: 'text' },
      { ...p, from: 0 },
    ];
    for (const raw of bad) expect(unpackBatch(raw)).toMatchObject({ ok: false });
    const envelopes = JSON.parse(body.toString('utf8', 0, p.envBytes)) as unknown[][];
    const reframe = (mutate: (e: unknown[][]) => void): PackedEventBatch => {
      const e = structuredClone(envelopes);
      mutate(e);
      const env = Buffer.from(JSON.stringify(e));
      return { ...p, envBytes: env.length, body: Buffer.concat([env, body.subarray(p.envBytes)]) };
    };
    expect(unpackBatch(reframe(() => {})).ok).toBe(true);
    expect(unpackBatch(reframe((e) => void (e[0]![0] = -1)))).toMatchObject({ ok: false }); // seq
    expect(unpackBatch(reframe((e) => void (e[0]![1] = '')))).toMatchObject({ ok: false }); // id
    expect(unpackBatch(reframe((e) => void (e[0]![6] = 7)))).toMatchObject({ ok: false }); // commandId
    expect(unpackBatch(reframe((e) => void (e[0]![7] = (e[0]![7] as number) - 1)))).toMatchObject({ ok: false }); // data is not JSON then
    expect(unpackBatch(reframe((e) => void e[0]!.push('extra')))).toMatchObject({ ok: false });
  });

  it('are applied like events batches: one transaction, the cursor, duplicates and gaps', () => {
    cache = openTestCache();
    const a1 = sampleAlert('a1');
    expect(cache.applier.apply(packed([raisedEvent(3, a1)]), 'packed')).toEqual({ kind: 'gap', cursor: 0, from: 3 });
    const outcome = cache.applier.apply(
      packed([raisedEvent(1, a1), raisedEvent(2, sampleAlert('a2')), changeEvent(3, { alertId: 'a2', action: 'acknowledge', state: 'acknowledged', ownerId: null })], 10),
      'packed',
    );
    expect(outcome).toMatchObject({ kind: 'applied', cursor: 3, headSeq: 10, applied: 3, changedAlertIds: ['a1', 'a2'] });
    expect(cache.applier.apply(packed([raisedEvent(1, a1)]), 'packed')).toEqual({ kind: 'duplicate', cursor: 3 });
    expect(cache.replica.get('a1')).toEqual(a1);
    expect(cache.replica.get('a2')!.state).toBe('acknowledged');
    // The raised alert is stored as the text the server sent, as TEXT; the changed one serialised again.
    expect(storedData(cache.db, 'a1')).toEqual({ data: JSON.stringify(a1), type: 'text' });
    expect(storedData(cache.db, 'a2').type).toBe('text');
    expect(cache.applier.apply({ from: 4, to: 4, headSeq: 4 }, 'packed')).toMatchObject({ kind: 'invalid' });
    expect(cache.state.cursor()).toBe(3);
  });

  it('store what zod makes of a non-canonical alert, never the text as it came', () => {
    cache = openTestCache();
    const a = sampleAlert('a1') as Partial<Alert> & Record<string, unknown>;
    const { description: _omitted, ...rest } = a;
    const odd = { ...rest, headline: '  Cháy  ', extra: 'dropped' };
    cache.applier.apply(packed([raisedEvent(1, odd as unknown as Alert)]), 'packed');
    const stored = JSON.parse(storedData(cache.db, 'a1').data) as unknown;
    expect(stored).toEqual(AlertSchema.parse(odd));
    expect(stored).toMatchObject({ headline: 'Cháy', description: '' });
    expect(stored).not.toHaveProperty('extra');
  });

  it('keep the decoded text when the body is not valid UTF-8', () => {
    cache = openTestCache();
    const a = { ...sampleAlert('a1'), description: 'X' };
    const p: PackedEvents = packEvents([raisedEvent(1, a)])!;
    const body = Buffer.from(p.body);
    const x = body.lastIndexOf(Buffer.from('"X"')) + 1;
    body[x] = 0xff; // a lone byte that decodes to U+FFFD
    const result = unpackBatch({ ...p, headSeq: 1, body });
    expect(result.ok && typeof result.value.texts[0]).toBe('string');
    expect(cache.applier.apply({ ...p, headSeq: 1, body }, 'packed')).toMatchObject({ kind: 'applied' });
    const stored = storedData(cache.db, 'a1');
    expect(stored.type).toBe('text');
    expect((JSON.parse(stored.data) as Alert).description).toBe('\ufffd');
  });

  it('agree with events batches on what the replica ends up holding', () => {
    const json = openTestCache();
    cache = openTestCache();
    try {
      const items: SyncEvent[] = [];
      for (let i = 1; i <= 40; i++) {
        if (i % 4 === 0) items.push(changeEvent(i, { alertId: `a${i - 1}`, action: 'own', state: 'in-progress', ownerId: `u${i}` }));
        else items.push(raisedEvent(i, sampleAlert(`a${i}`)));
      }
      expect(json.applier.apply(batch(items))).toMatchObject({ kind: 'applied', cursor: 40 });
      expect(cache.applier.apply(packed(items), 'packed')).toMatchObject({ kind: 'applied', cursor: 40 });
      const rows = (c: typeof cache) =>
        c.db.prepare('SELECT id, state, severity, urgency, category, owner_id, raised_at, updated_at, data FROM alerts ORDER BY id').all() as Record<string, unknown>[];
      const parsedRows = (c: typeof cache) => rows(c).map((r) => ({ ...r, data: JSON.parse(r.data as string) as unknown }));
      expect(parsedRows(cache)).toEqual(parsedRows(json));
    } finally {
      json.cleanup();
    }
  });
});
