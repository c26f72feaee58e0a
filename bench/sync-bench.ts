/**
 * npm run bench:sync — prints figures, asserts nothing.
 *  1. Host catch-up of CATCHUP_EVENTS events (server in a child process), next to the raw
 *     better-sqlite3 insert rate of the same rows into an identical replica table.
 *  2. Server fan-out of FANOUT_RATE events/s to FANOUT_CLIENTS socket.io clients: p50/p99 latency.
 * Env: BENCH_EVENTS (200000), BENCH_RUNS (3), BENCH_FANOUT_SECONDS (10).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { startServer } from '../server/app.js';
import type { EventBatch, LoginReply } from '../src-shared/protocol/sync-protocol.js';
import { openCacheDatabase } from '../src-main/host/cache/cache-database.js';
import { createWorkstationHost } from '../src-main/host/workstation-host.js';
import { appendBulkAlertEvents } from '../tests/support/host-bulk-events.js';
import { TEST_HOST_OPTIONS, TEST_SERVER_OPTIONS, TEST_USERS, makeTempDir, sampleDraft } from '../tests/support/host-harness.js';

const CATCHUP_EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FANOUT_CLIENTS = 50;
const FANOUT_RATE = 1000;
const FANOUT_SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 10);
const BATCH = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

if (process.argv[2] === '--serve') {
  // Child mode: the server runs in its own process so the host's figure is the host's alone.
  const server = await startServer({ ...TEST_SERVER_OPTIONS, dataDir: process.argv[3]! });
  console.log(`READY ${server.url}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else if (process.argv[2] === '--clients') {
  await runClients(process.argv[3]!, process.argv[4]!, Number(process.argv[5]), Number(process.argv[6]));
  process.exit(0);
} else {
  await main();
}

async function serveInChild(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sync-bench.ts', '--serve', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

async function catchUpOnce(url: string, head: number): Promise<{ rate: number; dataDir: string }> {
  const dataDir = makeTempDir('vigil-bench-host-');
  const host = await createWorkstationHost({ ...TEST_HOST_OPTIONS, dataDir, serverUrl: url, workstationId: 'bench', shell: 'kiosk', statusThrottleMs: 250 });
  const login = await host.handlers.session.login(TEST_USERS.op1);
  if (!login.ok) throw new Error(login.message);
  const started = performance.now(); // the engine says hello right after login
  while (host.inspect.cursor() < head) await new Promise((r) => setTimeout(r, 2));
  const seconds = (performance.now() - started) / 1000;
  await host.close();
  return { rate: head / seconds, dataDir };
}

function rawInsertRate(sourceDir: string): number {
  const source = openCacheDatabase(sourceDir);
  const rows = source.prepare('SELECT id, state, severity, urgency, category, owner_id, raised_at, updated_at, data FROM alerts').raw().all() as unknown[][];
  source.close();
  const dir = makeTempDir('vigil-bench-raw-');
  const db = openCacheDatabase(dir);
  const insert = db.prepare('INSERT INTO alerts (id, state, severity, urgency, category, owner_id, raised_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const setCursor = db.prepare("INSERT INTO meta (key, value) VALUES ('cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  const insertBatch = db.transaction((batch: unknown[][], cursor: number) => {
    for (const row of batch) insert.run(...row);
    setCursor.run(String(cursor));
  });
  const started = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) insertBatch(rows.slice(i, i + BATCH), i + BATCH);
  const rate = rows.length / ((performance.now() - started) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

async function catchUpBench(): Promise<void> {
  const serverDir = makeTempDir('vigil-bench-server-');
  const seedServer = await startServer({ ...TEST_SERVER_OPTIONS, dataDir: serverDir });
  await seedServer.close();
  const loadStart = performance.now();
  appendBulkAlertEvents(serverDir, CATCHUP_EVENTS);
  console.log(`loaded ${fmt(CATCHUP_EVENTS)} events through the server's command bus in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
  const server = await serveInChild(serverDir);
  const hostRates: number[] = [];
  const rawRates: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const { rate, dataDir } = await catchUpOnce(server.url, CATCHUP_EVENTS);
      hostRates.push(rate);
      rawRates.push(rawInsertRate(dataDir));
      rmSync(dataDir, { recursive: true, force: true });
      console.log(`  run ${run + 1}: host ${fmt(rate)} events/s, raw insert ${fmt(rawRates.at(-1)!)} rows/s`);
    }
  } finally {
    await server.stop();
    rmSync(serverDir, { recursive: true, force: true });
  }
  const host = median(hostRates);
  const raw = median(rawRates);
  console.log(`catch-up of ${fmt(CATCHUP_EVENTS)} events (median of ${RUNS}): host ${fmt(host)} events/s (target >= 30,000), raw better-sqlite3 insert ${fmt(raw)} rows/s, ratio ${(host / raw).toFixed(2)} (target >= 0.5)`);
}

/** Child mode: FANOUT clients that hello at the head and time each event from its `at` (the server's append time). */
async function runClients(url: string, token: string, cursor: number, seconds: number): Promise<void> {
  const latencies: number[] = [];
  const sockets: Socket[] = [];
  for (let i = 0; i < FANOUT_CLIENTS; i++) {
    const socket = io(url, { path: '/sync', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('events', (batch: EventBatch, ack: () => void) => {
      const now = Date.now();
      for (const e of batch.items) latencies.push(now - Date.parse(e.at));
      ack();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await socket.timeout(5000).emitWithAck('hello', { workstationId: `fan-${i}`, cursor, schemaVersion: 1 });
    sockets.push(socket);
  }
  console.log('READY');
  await new Promise((r) => setTimeout(r, (seconds + 1.5) * 1000));
  for (const s of sockets) s.disconnect();
  const sorted = latencies.sort((a, b) => a - b);
  console.log(`RESULT ${JSON.stringify({ count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) })}`);
}

async function fanOutBench(): Promise<void> {
  const dataDir = makeTempDir('vigil-bench-fanout-');
  const server = await startServer({ ...TEST_SERVER_OPTIONS, dataDir });
  try {
    const reply = (await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_USERS.op1) })).json()) as LoginReply;
    // The workstations run in another process, as they would on other machines; same clock, so `at` is comparable.
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sync-bench.ts', '--clients', server.url, reply.token, String(server.inspect.headSeq()), String(FANOUT_SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('READY')) resolve(); }));
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await ready;
    // FANOUT_RATE events/s as a few every 10 ms, each raise its own committed transaction.
    const started = performance.now();
    let raised = 0;
    while (performance.now() - started < FANOUT_SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * FANOUT_RATE);
      while (raised < due) server.raiseAlert(sampleDraft(raised++));
      await new Promise((r) => setTimeout(r, 10));
    }
    const achieved = raised / ((performance.now() - started) / 1000);
    await done;
    const m = /RESULT (.+)/.exec(out);
    const result = m ? (JSON.parse(m[1]!) as { count: number; p50: number; p99: number }) : null;
    if (!result) throw new Error('no result from the client process');
    console.log(`fan-out to ${FANOUT_CLIENTS} workstations at ${fmt(achieved)} events/s for ${FANOUT_SECONDS} s: ${fmt(result.count)}/${fmt(raised * FANOUT_CLIENTS)} deliveries, latency p50 ${result.p50} ms, p99 ${result.p99} ms (target p99 < 100 ms)`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await catchUpBench();
  await fanOutBench();
  process.exit(0);
}
