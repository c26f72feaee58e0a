import type { CacheDb } from './cache-database.js';

/**
 * The `meta` table: the cursor (last applied seq) and what the status line shows.
 * The cursor is written only inside the transaction that applied the events up to it.
 */
export interface SyncMeta {
  cursor: number;
  headSeq: number | null;
  lastEventAt: string | null;
  lastSyncAt: string | null;
  workstationId: string | null;
  sessionUsername: string | null;
}

const KEYS = {
  cursor: 'cursor',
  headSeq: 'head_seq',
  lastEventAt: 'last_event_at',
  lastSyncAt: 'last_sync_at',
  workstationId: 'workstation_id',
  sessionUsername: 'session_username',
} as const;

export class SyncState {
  private readonly getStmt;
  private readonly setStmt;
  private readonly delStmt;

  constructor(db: CacheDb) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.delStmt = db.prepare<[string]>('DELETE FROM meta WHERE key = ?');
  }

  private get(key: string): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  private set(key: string, value: string | null): void {
    if (value === null) this.delStmt.run(key);
    else this.setStmt.run(key, value);
  }

  cursor(): number {
    return Number(this.get(KEYS.cursor) ?? 0);
  }

  setCursor(cursor: number): void {
    this.set(KEYS.cursor, String(cursor));
  }

  headSeq(): number | null {
    const v = this.get(KEYS.headSeq);
    return v === null ? null : Number(v);
  }

  setHeadSeq(seq: number): void {
    this.set(KEYS.headSeq, String(seq));
  }

  setLastEventAt(at: string): void {
    this.set(KEYS.lastEventAt, at);
  }

  setLastSyncAt(at: string): void {
    this.set(KEYS.lastSyncAt, at);
  }

  workstationId(): string | null {
    return this.get(KEYS.workstationId);
  }

  setWorkstationId(id: string): void {
    this.set(KEYS.workstationId, id);
  }

  /** The wall monitors this workstation last announced to the server (JSON), to announce only changes. */
  announcedWall(): string | null {
    return this.get('announced_wall');
  }

  setAnnouncedWall(json: string): void {
    this.set('announced_wall', json);
  }

  /** Where the server said its media are published (JSON list), kept for photo lookups while offline. */
  serverMediaBases(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.get('server_media_bases') ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  setServerMediaBases(urls: readonly string[]): void {
    this.set('server_media_bases', JSON.stringify(urls));
  }

  sessionUsername(): string | null {
    return this.get(KEYS.sessionUsername);
  }

  setSessionUsername(username: string | null): void {
    this.set(KEYS.sessionUsername, username);
  }

  read(): SyncMeta {
    return {
      cursor: this.cursor(),
      headSeq: this.headSeq(),
      lastEventAt: this.get(KEYS.lastEventAt),
      lastSyncAt: this.get(KEYS.lastSyncAt),
      workstationId: this.workstationId(),
      sessionUsername: this.sessionUsername(),
    };
  }
}
