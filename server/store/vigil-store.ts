import path from 'node:path';
import type { Snapshot } from '../../src-shared/protocol/sync-protocol.js';
import type { SyncEvent } from '../../src-shared/protocol/sync-events.js';
import { AlertProjection } from './alert-projection.js';
import { CameraHealthProjection } from './camera-health-projection.js';
import { CameraProjection } from './camera-projection.js';
import { CommandLog } from './command-log.js';
import { EventLog, type NewEvent } from './event-log.js';
import { RecentEvents } from './recent-events.js';
import { RegionRepository } from './region-repository.js';
import { ReportProjection } from './report-projection.js';
import { DepartmentProjection, RoutingRuleProjection } from './routing-projection.js';
import { DATABASE_FILE, openDatabase, type SqliteDatabase } from './sqlite-database.js';
import { UserRepository } from './user-repository.js';
import { WallLayoutProjection } from './wall-layout-projection.js';
import { WallTourProjection } from './wall-tour-projection.js';
import { WorkstationRegistry } from './workstation-registry.js';

export interface Transaction {
  append(event: NewEvent): SyncEvent;
}

export type AppendListener = (events: readonly SyncEvent[]) => void;

export const DEFAULT_LOG_RETAIN = 1_000_000;

/** Everything a resync snapshot carries besides its seq and reason. */
export type SnapshotContent = Omit<Snapshot, 'seq' | 'reason'>;

/**
 * The server's one store: log, projections, command ids and users in one SQLite
 * file. Writers go through `transact`; listeners hear about events only after commit.
 */
export class VigilStore {
  readonly events: EventLog;
  readonly alerts: AlertProjection;
  readonly commands: CommandLog;
  readonly users: UserRepository;
  readonly region: RegionRepository;
  readonly cameras: CameraProjection;
  readonly cameraHealth: CameraHealthProjection;
  readonly layouts: WallLayoutProjection;
  readonly tours: WallTourProjection;
  readonly workstations: WorkstationRegistry;
  readonly reports: ReportProjection;
  readonly departments: DepartmentProjection;
  readonly routingRules: RoutingRuleProjection;
  private readonly recent = new RecentEvents(20_000);
  private readonly listeners = new Set<AppendListener>();
  private pending: SyncEvent[] | null = null;
  private committedHead: number;

  constructor(
    readonly db: SqliteDatabase,
    private readonly logRetain: number = DEFAULT_LOG_RETAIN,
  ) {
    this.events = new EventLog(db);
    this.alerts = new AlertProjection(db);
    this.commands = new CommandLog(db);
    this.users = new UserRepository(db);
    this.region = new RegionRepository(db);
    this.cameras = new CameraProjection(db);
    this.cameraHealth = new CameraHealthProjection(db);
    this.layouts = new WallLayoutProjection(db);
    this.tours = new WallTourProjection(db);
    this.workstations = new WorkstationRegistry(db);
    this.reports = new ReportProjection(db);
    this.departments = new DepartmentProjection(db);
    this.routingRules = new RoutingRuleProjection(db);
    this.committedHead = this.events.headSeq();
  }

  static open(dataDir: string, logRetain?: number): VigilStore {
    return new VigilStore(openDatabase(path.join(dataDir, DATABASE_FILE)), logRetain);
  }

  /**
   * Runs `fn` in one transaction; appended events are published only if it commits.
   * Nested calls become savepoints: an inner failure undoes only its own part,
   * which is how a group of commands shares one commit (one fsync).
   */
  transact<T>(fn: (tx: Transaction) => T): T {
    const tx: Transaction = { append: (event) => this.appendPending(event) };
    if (this.pending) {
      const mark = this.pending.length;
      try {
        return this.db.transaction(() => fn(tx))();
      } catch (error) {
        this.pending.length = mark;
        throw error;
      }
    }
    const appended: SyncEvent[] = [];
    this.pending = appended;
    let result: T;
    try {
      result = this.db.transaction(() => {
        const value = fn(tx);
        if (appended.length > 0) this.events.prune(this.logRetain);
        return value;
      })();
    } finally {
      this.pending = null;
    }
    if (appended.length > 0) {
      this.committedHead = appended[appended.length - 1]!.seq;
      this.recent.push(appended);
      for (const listener of this.listeners) {
        try {
          listener(appended);
        } catch {
          // A listener's failure must not undo or hide a committed write.
        }
      }
    }
    return result;
  }

  private appendPending(event: NewEvent): SyncEvent {
    const stored = this.events.append(event);
    this.pending?.push(stored);
    return stored;
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  headSeq(): number {
    return this.committedHead;
  }

  oldestSeq(): number {
    return this.events.oldestSeq();
  }

  /** Events after `afterSeq`, from memory when recent (live fan-out), else from disk (catch-up). */
  readEvents(afterSeq: number, limit: number): SyncEvent[] {
    return this.recent.read(afterSeq, limit) ?? this.events.read(afterSeq, limit);
  }

  /**
   * Every projection a replica rebuilds from a snapshot. better-sqlite3 is synchronous
   * and this process is the only writer, so these reads and the head read next to
   * them describe one point in time.
   */
  snapshotContent(): SnapshotContent {
    return {
      alerts: this.alerts.list(),
      cameras: this.cameras.list(),
      cameraHealth: this.cameraHealth.list(),
      layouts: this.layouts.list(),
      tours: this.tours.list(),
      workstations: this.workstations.list(),
      // Each table read once, as the stored JSON; the host validates it as it applies.
      reports: this.reports.list(),
      departments: this.departments.list(),
      routingRules: this.routingRules.list(),
    };
  }

  close(): void {
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }
}
