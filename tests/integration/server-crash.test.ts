import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkstationHost, type WorkstationHost } from '../../src-main/host/workstation-host.js';
import { runTsEntry, type RunningChild } from '../support/child-process.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { makeTempDir, sampleDraft, waitFor } from '../support/host-harness.js';

/**
 * "No acknowledged data is ever lost": the sync server process is killed with
 * SIGKILL (no shutdown code runs) while a workstation streams acknowledged
 * commands. After a restart on the same data, every command the server had
 * acknowledged is in its log at the seq the ack named, the log reaches at least
 * the workstation's cursor, and the rest of the outbox lands exactly once.
 */
const ALERTS = 30;

describe('server killed mid-stream (SIGKILL)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  it('keeps every command it acknowledged before the kill', async () => {
    const serverDir = makeTempDir('vigil-crash-server-');
    const hostDir = makeTempDir('vigil-crash-host-');
    cleanup.push(() => rmSync(serverDir, { recursive: true, force: true }), () => rmSync(hostDir, { recursive: true, force: true }));

    let server: RunningChild = await startServerProcess(serverDir, 0);
    cleanup.push(() => server.stop());
    const port = Number((await server.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const serverUrl = `http://127.0.0.1:${port}`;
    const supervisorToken = await login(serverUrl, 'giamsat');
    const alertIds: string[] = [];
    for (let i = 0; i < ALERTS; i++) alertIds.push(await raise(serverUrl, supervisorToken, i));

    // Latency makes each command's round trip slow enough to kill the server mid-stream.
    const proxy = await FaultProxy.start(port);
    cleanup.push(() => proxy.close());
    const host: WorkstationHost = await createWorkstationHost({
      dataDir: hostDir,
      serverUrl: proxy.url,
      workstationId: 'crash-ws',
      shell: 'kiosk',
      backoff: { minMs: 20, maxMs: 200 },
    });
    cleanup.push(() => host.close());
    expect((await host.handlers.session.login({ username: 'vanhanh1', password: 'vigil-demo' })).ok).toBe(true);
    await waitFor(() => host.inspect.replicaAlerts().length === ALERTS, { message: 'alerts replicated' });
    // The demo seeds departments and routing rules as events too: the acknowledgements start after what is there now.
    const seqBeforeAcks = host.inspect.cursor();

    proxy.setLatency(20);
    const commandIds: string[] = [];
    for (const alertId of alertIds) {
      const queued = await host.handlers.alerts.act({ alertId, action: 'acknowledge' });
      if (!queued.ok) throw new Error(queued.message);
      commandIds.push(queued.value.commandId);
    }
    // Kill once some, but not all, commands have been acknowledged.
    await waitFor(() => ALERTS - host.inspect.outbox().filter((c) => c.ackedSeq === null).length >= 5, {
      intervalMs: 1,
      message: 'five acknowledgements',
    });
    await server.stop('SIGKILL');

    const cursorAtKill = host.inspect.cursor();
    const ackedAtKill = new Map(host.inspect.outbox().filter((c) => c.ackedSeq !== null).map((c) => [c.commandId, c.ackedSeq!]));
    const stillQueued = host.inspect.outbox().filter((c) => c.ackedSeq === null).length;
    expect(stillQueued, 'the kill came before the last command').toBeGreaterThan(0);
    console.info(`killed with ${ackedAtKill.size} acknowledged-not-yet-applied and ${stillQueued} unacknowledged commands, cursor ${cursorAtKill}`);

    server = await startServerProcess(serverDir, port);
    await server.waitFor(/listening on/);
    const log = new Database(join(serverDir, 'vigil.db'), { readonly: true });
    cleanup.push(() => void log.close());
    const head = (log.prepare("SELECT value FROM meta WHERE key = 'head_seq'").pluck().get() as number) ?? 0;
    expect(head, 'the log reaches what the workstation had applied').toBeGreaterThanOrEqual(cursorAtKill);
    const commandAt = log.prepare('SELECT command_id FROM events WHERE seq = ?').pluck();
    for (const [commandId, seq] of ackedAtKill) expect(commandAt.get(seq), `acknowledged ${commandId} kept at seq ${seq}`).toBe(commandId);
    // Acknowledgements the workstation had already applied are in the log where it saw them.
    for (let seq = seqBeforeAcks + 1; seq <= cursorAtKill; seq++) expect(commandIds).toContain(commandAt.get(seq));

    proxy.setLatency(0);
    await waitFor(() => host.inspect.outbox().length === 0 && host.inspect.status().connection === 'online', {
      timeoutMs: 20_000,
      message: () => `outbox drained (${host.inspect.outbox().length} left)`,
    });
    const perCommand = log.prepare('SELECT COUNT(*) FROM events WHERE command_id = ?').pluck();
    for (const commandId of commandIds) expect(perCommand.get(commandId), `${commandId} applied once`).toBe(1);
    await waitFor(() => host.inspect.replicaAlerts().every((a) => a.state === 'acknowledged'), { message: 'all acknowledged' });
    for (const alert of host.inspect.replicaAlerts()) {
      expect(alert.history.filter((h) => h.action === 'acknowledge')).toHaveLength(1);
    }
  });
});

function startServerProcess(dataDir: string, port: number): Promise<RunningChild> {
  const child = runTsEntry('server/main.ts', ['--port', String(port), '--data', dataDir, '--demo', '--demo-interval', '3600000', '--demo-report-interval', '0', '--demo-portal', 'off', '--demo-cameras', '0']);
  return child.waitFor(/listening on/).then(() => child);
}

async function login(serverUrl: string, username: string): Promise<string> {
  const response = await fetch(`${serverUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'vigil-demo' }),
  });
  const body = (await response.json()) as { token: string };
  return body.token;
}

async function raise(serverUrl: string, token: string, i: number): Promise<string> {
  const response = await fetch(`${serverUrl}/api/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(sampleDraft(i)),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { alertId: string }).alertId;
}
