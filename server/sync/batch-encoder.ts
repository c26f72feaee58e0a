import * as parser from 'socket.io-parser';
import type { EventBatch } from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';

/**
 * Live fan-out sends the same events to every workstation. The stock encoder
 * would JSON-encode (and scan for binary) each event once per socket; this one
 * encodes each event once and joins the cached text per batch. The bytes on the
 * wire are exactly what the stock encoder writes, so clients need nothing special.
 */
const batches = new WeakSet<object>();
const eventJson = new WeakMap<SyncEvent, string>();

/** Marks a batch as plain JSON (no binary), eligible for the shared encoding. */
export function markBatch(batch: EventBatch): EventBatch {
  batches.add(batch);
  return batch;
}

function encodeEvent(event: SyncEvent): string {
  let json = eventJson.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    eventJson.set(event, json);
  }
  return json;
}

export function encodeBatch(batch: EventBatch): string {
  const items = batch.items as SyncEvent[];
  let json = `{"from":${batch.from},"to":${batch.to},"headSeq":${batch.headSeq},"items":[`;
  for (let i = 0; i < items.length; i++) json += (i === 0 ? '' : ',') + encodeEvent(items[i]!);
  return `${json}]}`;
}

class BatchEncoder extends parser.Encoder {
  override encode(packet: parser.Packet): unknown[] {
    const data = packet.data as unknown;
    if (packet.type === parser.PacketType.EVENT && Array.isArray(data) && data.length === 2 && data[0] === 'events' && batches.has(data[1] as object)) {
      const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
      return [`${parser.PacketType.EVENT}${nsp}${packet.id ?? ''}["events",${encodeBatch(data[1] as EventBatch)}]`];
    }
    return super.encode(packet) as unknown[];
  }
}

export const batchParser = { ...parser, Encoder: BatchEncoder };
