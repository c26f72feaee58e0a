/**
 * npm run bench:reports — prints figures, asserts nothing.
 *  1. Open311 POST requests.json throughput and p50/p99 latency at 50 concurrent clients
 *     (real HTTP, form-encoded, server in a child process over a fresh SQLite file).
 *  2. GET requests.json (and a few filters) p50/p99 with BENCH_REPORTS (100,000) stored
 *     reports spread over the last 85 days. Seeding (printed with its rate): by default one
 *     real report per service through ReportsPort.submit (routing included) as templates,
 *     then clones written straight into the reports projection (VigilStore, transactions of
 *     10,000; no event log entries — the Open311 reads do not use it); BENCH_SEED=port sends
 *     every report through submit() instead (one transaction each; slow at 100,000).
 * Env: BENCH_POSTS (5000), BENCH_REPORTS (100000), BENCH_GETS (400 per query kind), BENCH_GET_CLIENTS (10), BENCH_SEED (store|port).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../server/app.js';
import { DEMO_ADMIN_UNITS } from '../server/demo/demo-seed.js';
import type { ReportSubmission } from '../server/reports/reports-port.js';
import { VigilStore } from '../server/store/vigil-store.js';
import type { FieldReport } from '../src-shared/model/field-report.js';

const KEY = 'bench-open311-key';
const POSTS = Number(process.env.BENCH_POSTS ?? 5000);
const POST_CLIENTS = 50;
const REPORTS = Number(process.env.BENCH_REPORTS ?? 100_000);
const GETS = Number(process.env.BENCH_GETS ?? 400);
const GET_CLIENTS = Number(process.env.BENCH_GET_CLIENTS ?? 10);
/** `store` (default): bulk clones into the projection; `port`: every report through ReportsPort.submit (slow at this size). */
const SEED_MODE = process.env.BENCH_SEED === 'port' ? 'port' : 'store';
const SERVICES = ['giao-thong', 'moi-truong', 'chieu-sang', 'cap-thoat-nuoc', 'cay-xanh', 'trat-tu-do-thi'];

/** A well-mixed position near a demo unit (±0.04°): realistic density for the 50 m duplicate check. */
function spot(i: number): { lat: number; lon: number; unit: (typeof DEMO_ADMIN_UNITS)[number] } {
  const unit = DEMO_ADMIN_UNITS[i % DEMO_ADMIN_UNITS.length]!;
  const hash = (n: number) => {
    let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return ((x ^ (x >>> 16)) >>> 0) / 0x1_0000_0000;
  };
  return { unit, lat: unit.lat + (hash(2 * i) - 0.5) * 0.08, lon: unit.lon + (hash(2 * i + 1) - 0.5) * 0.08 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function submissionFields(i: number): URLSearchParams {
  const { unit, lat, lon } = spot(i);
  const service = SERVICES[i % SERVICES.length]!;
  const form = new URLSearchParams({
    api_key: KEY,
    service_code: service,
    lat: lat.toFixed(5),
    long: lon.toFixed(5),
    address_string: `Số ${i % 500} đường ${unit.name}`,
    description: `Phản ánh thử nghiệm số ${i}: ổ gà, rác thải, đèn đường không sáng.`,
    email: `nguoidan${i}@example.vn`,
  });
  if (service === 'giao-thong') form.set('attribute[loai-su-co]', 'mat-duong');
  return form;
}

if (process.argv[2] === '--serve') {
  // Child mode: the server alone in its process; seeds `count` reports first.
  const dataDir = process.argv[3]!;
  const count = Number(process.argv[4] ?? 0);
  const options = { dataDir, quiet: true, passwordCost: 4, demo: true, demoIntervalMs: 86_400_000, cameraHealth: false as const, reportSla: false as const, open311ApiKeys: [KEY] };
  let server = await startServer(options);
  if (count > 0) {
    const started = performance.now();
    const now = Date.now();
    const receivedAt = (i: number) => new Date(now - 85 * 86_400_000 + Math.floor((i / count) * 85 * 86_400_000)).toISOString();
    const submission = (i: number): ReportSubmission => {
      const { unit, lat, lon } = spot(i);
      const serviceCode = SERVICES[i % SERVICES.length]!;
      return {
        serviceCode,
        lat,
        lon,
        addressString: `Số ${i % 500} đường ${unit.name}`,
        addressId: null,
        description: `Phản ánh mẫu số ${i}`,
        attributes: serviceCode === 'giao-thong' ? { 'loai-su-co': 'mat-duong' } : {},
        mediaUrl: null,
        reporter: { email: null, phone: null, firstName: null, lastName: null, deviceId: null, accountId: null },
        apiKeyId: 'bench',
        channel: 'web',
        receivedAt: receivedAt(i),
      };
    };
    if (SEED_MODE === 'port') {
      for (let i = 0; i < count; i++) {
        const result = server.reports.submit(submission(i));
        if (!result.ok) throw new Error(`seed ${i}: ${result.message}`);
        if (i > 0 && i % 10_000 === 0) console.error(`  … ${i} seeded`);
      }
    } else {
      // One real report per service through the port (routing included) as templates, then
      // clones written straight into the reports projection in transactions of 10,000.
      const templates = new Map<string, FieldReport>();
      for (let i = 0; i < SERVICES.length; i++) {
        const result = server.reports.submit(submission(i));
        if (!result.ok) throw new Error(`seed template ${i}: ${result.message}`);
        templates.set(SERVICES[i]!, server.reports.internal(result.value.id)!);
      }
      await server.close();
      const store = VigilStore.open(dataDir);
      const perDay = new Map<string, number>();
      for (let from = SERVICES.length; from < count; from += 10_000) {
        store.transact(() => {
          for (let i = from; i < Math.min(count, from + 10_000); i++) {
            const s = submission(i);
            const template = templates.get(s.serviceCode)!;
            const received = receivedAt(i);
            const day = new Date(Date.parse(received) + 7 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
            const n = (perDay.get(day) ?? 5000) + 1; // numbers above what the templates used
            perDay.set(day, n);
            const shift = Date.parse(received) - Date.parse(template.receivedAt);
            const at = (iso: string | null) => (iso === null ? null : new Date(Date.parse(iso) + shift).toISOString());
            store.reports.upsert({
              ...template,
              id: `PA-${day}-${String(n).padStart(4, '0')}`,
              token: `bench${String(i).padStart(21, '0')}`,
              location: { ...template.location, lat: s.lat, lon: s.lon, address: s.addressString ?? '' },
              description: s.description,
              receivedAt: received,
              updatedAt: at(template.updatedAt)!,
              dueAt: at(template.dueAt),
              history: template.history.map((h) => ({ ...h, at: at(h.at)! })),
            });
          }
        });
      }
      store.close();
      server = await startServer(options);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`SEEDED ${count} ${seconds.toFixed(1)}`);
  }
  console.log(`READY ${server.url}`);
  const running = server;
  process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
} else {
  await main();
}

async function serveInChild(dataDir: string, seed: number): Promise<{ url: string; seeded: string | null; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/reports-bench.ts', '--serve', dataDir, String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let seeded: string | null = null;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const s = /SEEDED (\d+) ([\d.]+)/.exec(out);
      if (s) seeded = `${fmt(Number(s[1]))} reports in ${s[2]} s (${fmt(Number(s[1]) / Number(s[2]))}/s)`;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  return {
    url,
    seeded,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `total` requests from `clients` concurrent loops; latency of each in ms. */
async function load(clients: number, total: number, request: (i: number) => Promise<Response>): Promise<{ latencies: number[]; seconds: number; failures: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        const response = await request(i);
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!response.ok) failures++;
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, failures };
}

function line(label: string, r: { latencies: number[]; seconds: number; failures: number }): void {
  console.log(
    `  ${label.padEnd(44)} ${fmt(r.latencies.length / r.seconds).padStart(7)} req/s   p50 ${fmt(percentile(r.latencies, 0.5), 1).padStart(7)} ms   p99 ${fmt(percentile(r.latencies, 0.99), 1).padStart(7)} ms${r.failures ? `   (${r.failures} failed)` : ''}`,
  );
}

async function main(): Promise<void> {
  console.log(`bench:reports — ${os.cpus().length} CPUs, node ${process.version}`);
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-reports-'));
  const fresh = await serveInChild(freshDir, 0);
  try {
    console.log(`\n1. POST /open311/v2/requests.json, ${POST_CLIENTS} concurrent clients, ${fmt(POSTS)} reports (form-encoded, routing on, fresh database)`);
    await load(POST_CLIENTS, 200, (i) => fetch(`${fresh.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: submissionFields(1_000_000 + i).toString() })); // warm-up
    const posts = await load(POST_CLIENTS, POSTS, (i) =>
      fetch(`${fresh.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: submissionFields(i).toString() }),
    );
    line('POST requests.json', posts);
  } finally {
    await fresh.stop();
    fs.rmSync(freshDir, { recursive: true, force: true });
  }

  const seededDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-reports-'));
  console.log(`\n2. GET with ${fmt(REPORTS)} stored reports (seeded ${SEED_MODE === 'port' ? 'through ReportsPort.submit, one transaction each' : 'as clones of real reports straight into the reports projection, 10,000 per transaction'}), ${GET_CLIENTS} concurrent clients`);
  const seeded = await serveInChild(seededDir, REPORTS);
  try {
    console.log(`  seeding: ${seeded.seeded ?? '?'}`);
    const api = `${seeded.url}/open311/v2`;
    const day = 86_400_000;
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const ids = ((await (await fetch(`${api}/requests.json`)).json()) as { service_request_id: string }[]).map((r) => r.service_request_id);
    const kinds: [string, (i: number) => string][] = [
      ['requests.json (default: 90 days, newest 1000)', () => `${api}/requests.json`],
      ['requests.xml (same, XML)', () => `${api}/requests.xml`],
      ['requests.json?service_code=…&status=open', (i) => `${api}/requests.json?service_code=${SERVICES[i % SERVICES.length]}&status=open`],
      ['requests.json?start_date…end_date (7 days)', (i) => `${api}/requests.json?start_date=${iso(Date.now() - (10 + (i % 70)) * day)}&end_date=${iso(Date.now() - (3 + (i % 70)) * day)}`],
      ['requests/{id}.json', (i) => `${api}/requests/${ids[i % ids.length]}.json`],
    ];
    for (const [label, url] of kinds) {
      await load(GET_CLIENTS, 20, (i) => fetch(url(i))); // warm-up
      line(label, await load(GET_CLIENTS, GETS, (i) => fetch(url(i))));
    }
  } finally {
    await seeded.stop();
    fs.rmSync(seededDir, { recursive: true, force: true });
  }
}
