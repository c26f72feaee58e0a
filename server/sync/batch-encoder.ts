import * as parser from 'socket.io-parser';
import type { EventBatch, PackedEventBatch } from '../../src-shared/protocol/sync-protocol.js';
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

/**
 * `packed-events` (PackedEventBatchSchema) for a host that asked for them: the
 * envelopes as JSON, then each event's data text as UTF-8. The body is a Buffer, so
 * the stock encoder sends it as the binary attachment of the event.
 */
export type PackedEvents = Omit<PackedEventBatch, 'headSeq' | 'body'> & { body: Buffer };

/** One row of the log as the packed reader takes it: the SyncEvent fields in order, data as its stored UTF-8 bytes. */
export type PackedRow = [seq: number, id: string, type: string, at: string, actor: string, subject: string, commandId: string | null, data: Buffer];

/** Packs rows read straight from the log (catch-up): nothing is parsed or serialised again. */
export function packRows(rows: readonly PackedRow[]): PackedEvents | null {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return null;
  let envelopes = '[';
  const parts: Buffer[] = [Buffer.alloc(0)];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    envelopes += (i === 0 ? '' : ',') + JSON.stringify([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7].length]);
    parts.push(r[7]);
  }
  parts[0] = Buffer.from(`${envelopes}]`);
  return { from: first[0], to: last[0], count: rows.length, envBytes: parts[0].length, body: Buffer.concat(parts) };
}

const packedParts = new WeakMap<SyncEvent, { envelope: string; data: Buffer }>();

/** Packs events held in memory (live delivery): each event's parts are made once, whatever the number of sockets. */
export function packEvents(events: readonly SyncEvent[]): PackedEvents | null {
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last) return null;
  let envelopes = '[';
  const parts: Buffer[] = [Buffer.alloc(0)];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    let p = packedParts.get(event);
    if (p === undefined) {
      // Data in the log is never undefined; 'null' keeps the body well formed if it were.
      const data = Buffer.from((JSON.stringify(event.data) as string | undefined) ?? 'null');
      p = { envelope: JSON.stringify([event.seq, event.id, event.type, event.at, event.actor, event.subject, event.commandId, data.length]), data };
      packedParts.set(event, p);
    }
    envelopes += (i === 0 ? '' : ',') + p.envelope;
    parts.push(p.data);
  }
  parts[0] = Buffer.from(`${envelopes}]`);
  return { from: first.seq, to: last.seq, count: events.length, envBytes: parts[0].length, body: Buffer.concat(parts) };
}
