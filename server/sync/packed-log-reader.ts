import type { SqliteDatabase } from '../store/sqlite-database.js';
import { packRows, type PackedEvents, type PackedRow } from './batch-encoder.js';

/**
 * Catch-up for a host that asked for packed batches: reads a range of the event log
 * with each event's data as the UTF-8 bytes it is stored as, so the server neither
 * parses the data nor serialises it again (VigilStore.readEvents would parse it, and
 * the encoder would stringify it back). Reads only; the log and its schema belong to
 * server/store/event-log.ts (this would sit well there as a `readPacked`).
 */
export class PackedLogReader {
  private readonly select;

  constructor(db: SqliteDatabase) {
    // CAST AS BLOB hands over the stored UTF-8 as it is, without decoding it to a JS string.
    this.select = db
      .prepare<[number, number, number], PackedRow>(
        'SELECT seq, id, type, at, actor, subject, command_id, CAST(data AS BLOB) FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      )
      .raw();
  }

  /** Events after `afterSeq` up to `headSeq`, at most `limit`; null when there are none. */
  read(afterSeq: number, headSeq: number, limit: number): PackedEvents | null {
    return packRows(this.select.all(afterSeq, headSeq, limit) as PackedRow[]);
  }
}
