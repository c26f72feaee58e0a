import { isUtf8 } from 'node:buffer';
import { checkSyncEvent } from '../../../src-shared/protocol/event-checks.js';
import { SyncEventSchema, type SyncEvent } from '../../../src-shared/protocol/sync-events.js';
import { PackedEventBatchSchema, type EventBatch } from '../../../src-shared/protocol/sync-protocol.js';

/**
 * A packed batch taken apart: the batch as `events` would carry it, and each item's
 * data as it came, to be stored as it is: its UTF-8 bytes when the body is valid
 * UTF-8 (then they are exactly the text that was parsed), else the decoded text.
 */
export interface UnpackedBatch {
  batch: EventBatch;
  texts: (string | Uint8Array)[];
}

export type UnpackResult = { ok: true; value: UnpackedBatch } | { ok: false; message: string };

/**
 * Takes a `packed-events` batch apart (PackedEventBatchSchema): checks the header and
 * the framing, parses the envelopes and every data text, and validates each rebuilt
 * event as SyncEventSchema does. The data of each event is then whatever its text
 * parses to; interpreting it (AlertSchema, …) is the applier's business, as for `events`.
 */
export function unpackBatch(raw: unknown): UnpackResult {
  const header = PackedEventBatchSchema.safeParse(raw);
  if (!header.success) return { ok: false, message: `malformed packed batch: ${header.error.issues[0]?.message ?? ''}` };
  const { from, to, headSeq, count, envBytes } = header.data;
  const body = Buffer.isBuffer(header.data.body)
    ? header.data.body
    : Buffer.from(header.data.body.buffer, header.data.body.byteOffset, header.data.body.byteLength);
  if (envBytes > body.length) return { ok: false, message: 'packed batch: envelopes run past the body' };
  let envelopes: unknown;
  try {
    envelopes = JSON.parse(body.toString('utf8', 0, envBytes));
  } catch {
    return { ok: false, message: 'packed batch: envelopes are not JSON' };
  }
  if (!Array.isArray(envelopes) || envelopes.length !== count) return { ok: false, message: `packed batch: expected ${count} envelopes` };
  const items: SyncEvent[] = new Array<SyncEvent>(count);
  const texts: (string | Uint8Array)[] = new Array<string | Uint8Array>(count);
  const utf8 = isUtf8(body);
  let offset = envBytes;
  for (let i = 0; i < count; i++) {
    const e: unknown = envelopes[i];
    if (!Array.isArray(e) || e.length !== 8) return { ok: false, message: `packed batch: envelope ${i} is malformed` };
    const dataBytes: unknown = e[7];
    if (typeof dataBytes !== 'number' || !Number.isSafeInteger(dataBytes) || dataBytes < 1 || offset + dataBytes > body.length) {
      return { ok: false, message: `packed batch: data ${i} runs past the body` };
    }
    const text = body.toString('utf8', offset, offset + dataBytes);
    offset += dataBytes;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { ok: false, message: `packed batch: data ${i} is not JSON` };
    }
    const candidate = { seq: e[0] as unknown, id: e[1] as unknown, type: e[2] as unknown, at: e[3] as unknown, actor: e[4] as unknown, subject: e[5] as unknown, commandId: e[6] as unknown, data };
    let event = checkSyncEvent(candidate);
    if (!event) {
      const parsed = SyncEventSchema.safeParse(candidate);
      if (!parsed.success) return { ok: false, message: `malformed batch: ${parsed.error.issues[0]?.message ?? ''}` };
      event = parsed.data;
    }
    items[i] = event;
    texts[i] = utf8 ? body.subarray(offset - dataBytes, offset) : text;
  }
  if (offset !== body.length) return { ok: false, message: 'packed batch: bytes left after the last event' };
  return { ok: true, value: { batch: { from, to, headSeq, items }, texts } };
}

