import * as parser from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { batchParser, encodeBatch, markBatch } from '../../../server/sync/batch-encoder.js';
import type { SyncEvent } from '../../../src-shared/protocol/sync-events.js';

const events: SyncEvent[] = [1, 2, 3].map((seq) => ({
  seq,
  id: `e${seq}`,
  type: 'alert.raised',
  at: '2026-01-01T00:00:00.000Z',
  actor: 'op1',
  subject: `a${seq}`,
  commandId: null,
  data: { headline: 'Ngập úng "đường" 3/2 \u2028', n: seq, nested: { list: [1, null, 'x'] } },
}));

describe('batch encoder', () => {
  it('writes exactly what the stock socket.io encoder writes, with each event encoded once', () => {
    const batch = markBatch({ from: 1, to: 3, headSeq: 9, items: events });
    expect(JSON.parse(encodeBatch(batch))).toEqual(JSON.parse(JSON.stringify(batch)));
    const packet = { type: parser.PacketType.EVENT, nsp: '/', id: 12, data: ['events', batch] };
    const fast = new batchParser.Encoder().encode(packet);
    const stock = new parser.Encoder().encode(packet);
    expect(fast).toHaveLength(1);
    const decode = (text: string) => new Promise((resolve) => {
      const decoder = new parser.Decoder();
      decoder.on('decoded', resolve);
      decoder.add(text);
    });
    return Promise.all([decode(fast[0] as string), decode(stock[0] as string)]).then(([a, b]) => expect(a).toEqual(b));
  });

  it('leaves every other packet to the stock encoder', () => {
    const packet = { type: parser.PacketType.EVENT, nsp: '/', data: ['events', { from: 1, to: 1, headSeq: 1, items: [] }] };
    expect(new batchParser.Encoder().encode(packet)).toEqual(new parser.Encoder().encode(packet));
  });
});
