import type { KpiBoard, KpiDrillResult, KpiFigureRef } from '../../../src-shared/model/kpi.js';
import type { CacheDb } from '../cache/cache-database.js';
import { KpiBoardSchema, KpiDrillResultSchema } from './kpi-reply-schemas.js';

/** How many figures' dossier lists the workstation keeps for outages (the most recently fetched). */
export const KPI_DRILLS_KEPT = 50;

/** One key per figure, whatever order its fields came in: `["year","overdue","STP",null]`. */
export function figureKey(ref: KpiFigureRef): string {
  return JSON.stringify([ref.scope, ref.metric, ref.agencyId ?? null, ref.field ?? null]);
}

export interface CachedBoard {
  board: KpiBoard;
  fetchedAt: string;
}

export interface CachedDrill {
  result: KpiDrillResult;
  fetchedAt: string;
}

/**
 * The KPI board's copy in cache.db (tables kpi_board and kpi_drills, migration 9): the
 * last board fetched, and the dossier lists of the last KPI_DRILLS_KEPT figures fetched.
 * Rows are checked again on the way out, so a damaged row reads as "nothing cached".
 */
export class KpiCache {
  private readonly getBoardStmt;
  private readonly putBoardStmt;
  private readonly getDrillStmt;
  private readonly putDrillStmt;
  private readonly pruneStmt;

  constructor(
    private readonly db: CacheDb,
    private readonly keep = KPI_DRILLS_KEPT,
  ) {
    this.getBoardStmt = db.prepare<[], { board: string; fetched_at: string }>('SELECT board, fetched_at FROM kpi_board WHERE id = 1');
    this.putBoardStmt = db.prepare<[string, string, string]>(
      'INSERT INTO kpi_board (id, board, generated_at, fetched_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET board = excluded.board, generated_at = excluded.generated_at, fetched_at = excluded.fetched_at',
    );
    this.getDrillStmt = db.prepare<[string], { result: string; fetched_at: string }>('SELECT result, fetched_at FROM kpi_drills WHERE figure_key = ?');
    this.putDrillStmt = db.prepare<[string, string, string]>(
      'INSERT INTO kpi_drills (figure_key, result, fetched_at) VALUES (?, ?, ?) ON CONFLICT(figure_key) DO UPDATE SET result = excluded.result, fetched_at = excluded.fetched_at',
    );
    // Newest first by fetch time, the key as a tie-break: everything past `keep` goes.
    this.pruneStmt = db.prepare<[number]>(
      'DELETE FROM kpi_drills WHERE figure_key NOT IN (SELECT figure_key FROM kpi_drills ORDER BY fetched_at DESC, figure_key LIMIT ?)',
    );
  }

  board(): CachedBoard | null {
    const row = this.getBoardStmt.get();
    if (!row) return null;
    const parsed = KpiBoardSchema.safeParse(safeJson(row.board));
    return parsed.success ? { board: parsed.data, fetchedAt: row.fetched_at } : null;
  }

  putBoard(board: KpiBoard, fetchedAt: string): void {
    this.putBoardStmt.run(JSON.stringify(board), board.generatedAt, fetchedAt);
  }

  drill(ref: KpiFigureRef): CachedDrill | null {
    const row = this.getDrillStmt.get(figureKey(ref));
    if (!row) return null;
    const parsed = KpiDrillResultSchema.safeParse(safeJson(row.result));
    return parsed.success ? { result: parsed.data, fetchedAt: row.fetched_at } : null;
  }

  putDrill(ref: KpiFigureRef, result: KpiDrillResult, fetchedAt: string): void {
    this.db.transaction(() => {
      this.putDrillStmt.run(figureKey(ref), JSON.stringify(result), fetchedAt);
      this.pruneStmt.run(this.keep);
    })();
  }

  drillCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM kpi_drills').get() as { n: number }).n;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
