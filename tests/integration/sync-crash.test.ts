import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model/alert.js';
import { appendBulkAlertEvents, type BulkRecord } from '../support/host-bulk-events.js';
import { TEST_USERS, TestRig, byId, makeTempDir, waitFor } from '../support/host-harness.js';

const EVENTS = 24_000;

function readCursor(dataDir: string): number {
  const file = join(dataDir, 'cache.db');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'cursor'").get() as { value: string } | undefined;
    return Number(row?.value ?? 0);
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

function readCache(dataDir: string): { cursor: number; alerts: Alert[] } | null {
  const file = join(dataDir, 'cache.db');
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'cursor'").get() as { value: string } | undefined;
    const alerts = (db.prepare('SELECT data FROM alerts').all() as { data: string }[]).map((r) => JSON.parse(r.data) as Alert);
    return { cursor: Number(row?.value ?? 0), alerts };
  } catch {
    return null; // not migrated yet
  } finally {
    db.close();
  }
}

/** The replica the log implies at `cursor`: which alerts exist, in which state, with how many history entries. */
function expectedAt(records: readonly BulkRecord[], cursor: number): Map<string, { state: string; history: number }> {
  const expected = new Map<string, { state: string; history: number }>();
  for (const r of records) {
    if (r.seq > cursor) break;
    if (r.action === 'raise') expected.set(r.alertId, { state: 'new', history: 1 });
    else expected.set(r.alertId, { state: 'acknowledged', history: expected.get(r.alertId)!.history + 1 });
  }
  return expected;
}

describe('host killed mid-catch-up (acceptance d)', () => {
  let rig: TestRig;
  let child: ChildProcess | null = null;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await rig?.close();
  });

  function startChild(dataDir: string): ChildProcess {
    const { username, password } = TEST_USERS.op1;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/support/host-child.ts', dataDir, rig.url, username, password], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stderr?.on('data', (d: Buffer) => process.stderr.write(`[host-child] ${d.toString()}`));
    return proc;
  }

  it('reopens with a cursor that matches its data, then resumes to the server projection', async () => {
    rig = await TestRig.start();
    await rig.stopServer();
    const records = appendBulkAlertEvents(rig.serverDir, EVENTS, { changeEvery: 5 });
    const server = await rig.startServer();
    expect(server.inspect.headSeq()).toBe(records.at(-1)!.seq);
    const dataDir = makeTempDir('vigil-crash-');
    const head = server.inspect.headSeq();

    for (const fraction of [0.15, 0.45, 0.75]) {
      const before = readCursor(dataDir);
      child = startChild(dataDir);
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      const threshold = Math.max(before + 1, Math.floor(head * fraction));
      await waitFor(() => readCursor(dataDir) >= threshold, { timeoutMs: 30_000, intervalMs: 5, message: `cursor ${threshold}` });
      child.kill('SIGKILL');
      await exited;
      child = null;

      const after = readCache(dataDir)!;
      expect(after.cursor).toBeGreaterThanOrEqual(threshold);
      expect(after.cursor, 'killed while still catching up').toBeLessThan(head);
      const expected = expectedAt(records, after.cursor);
      expect(after.alerts.length, `alerts at cursor ${after.cursor}`).toBe(expected.size);
      for (const alert of after.alerts) {
        expect({ state: alert.state, history: alert.history.length }, alert.id).toEqual(expected.get(alert.id));
      }
    }

    const resumed = await rig.addHost({ dataDir, workstationId: 'crash-child' });
    await resumed.login('op1');
    await rig.waitInSync(resumed, 60_000);
    expect(byId(resumed.host.inspect.replicaAlerts())).toEqual(byId(rig.running.inspect.listAlerts()));
  }, 120_000);
});
