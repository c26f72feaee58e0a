import type { ErrorCode } from '../../src-shared/result.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface CommandRecord {
  readonly commandId: string;
  readonly type: string;
  readonly actor: string;
  readonly receivedAt: string;
  readonly ok: boolean;
  readonly seq: number | null;
  readonly code: ErrorCode | null;
  readonly message: string | null;
  readonly details?: unknown;
}

interface CommandRow {
  command_id: string;
  type: string;
  actor: string;
  received_at: string;
  ok: number;
  seq: number | null;
  code: string | null;
  message: string | null;
  details: string | null;
}

/** Processed command ids, accepted and refused alike, so a resend gets the first answer. */
export class CommandLog {
  private readonly insertStmt;
  private readonly getStmt;

  constructor(db: SqliteDatabase) {
    this.insertStmt = db.prepare(
      'INSERT INTO commands (command_id, type, actor, received_at, ok, seq, code, message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.getStmt = db.prepare('SELECT * FROM commands WHERE command_id = ?');
  }

  record(entry: CommandRecord): void {
    this.insertStmt.run(
      entry.commandId,
      entry.type,
      entry.actor,
      entry.receivedAt,
      entry.ok ? 1 : 0,
      entry.seq,
      entry.code,
      entry.message,
      entry.details === undefined ? null : JSON.stringify(entry.details),
    );
  }

  get(commandId: string): CommandRecord | null {
    const row = this.getStmt.get(commandId) as CommandRow | undefined;
    if (!row) return null;
    return {
      commandId: row.command_id,
      type: row.type,
      actor: row.actor,
      receivedAt: row.received_at,
      ok: row.ok === 1,
      seq: row.seq,
      code: row.code as ErrorCode | null,
      message: row.message,
      ...(row.details === null ? {} : { details: JSON.parse(row.details) as unknown }),
    };
  }
}
