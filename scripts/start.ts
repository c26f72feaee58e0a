/**
 * `npm start`: the demo, end to end. A sync server with demo data, then one workstation:
 *   1. Electron, when its binary exists or electron's own installer can fetch it;
 *   2. else the kiosk shell in Chromium windows, when a Chromium or Chrome exists;
 *   3. else the kiosk shell without windows, printing the address to open.
 * Options: --shell electron|kiosk|url (skip the choice), --port <server port>, --no-install.
 * Ctrl-C stops everything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WorkstationProfileSchema } from '../src-shared/workstation-profile.js';
import { findChromium } from '../src-main/kiosk/chromium-launcher.js';
import { startKiosk, type RunningKiosk } from '../src-main/kiosk/start-kiosk.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/demo/demo-seed.js';
import { findElectronBinary, hasDisplay, runElectronInstaller } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = path.join(root, '.vigil');
const say = (message: string): void => console.log(`[start] ${message}`);

const { values: options } = parseArgs({
  options: {
    shell: { type: 'string' },
    port: { type: 'string' },
    'no-install': { type: 'boolean', default: false },
  },
  strict: true,
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the sync server exited (code ${server.exitCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the sync server did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

function npmRun(script: string): void {
  say(`npm run ${script}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed`);
}

/** The demo profile, pointed at the server this run started. */
function writeDemoProfile(serverUrl: string): { file: string; profile: ReturnType<typeof WorkstationProfileSchema.parse> } {
  const template = JSON.parse(readFileSync(path.join(root, 'config', 'kiosk-demo.json'), 'utf8')) as Record<string, unknown>;
  const profile = WorkstationProfileSchema.parse({ ...template, serverUrl });
  const file = path.join(stateDir, 'workstation-profile.json');
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  return { file, profile };
}

function printLogins(): void {
  say(`demo logins (password "${DEMO_PASSWORD}"):`);
  for (const user of DEMO_USERS) console.log(`          ${user.username.padEnd(9)} ${user.role.padEnd(10)} ${user.displayName}`);
}

async function chooseElectron(): Promise<{ binary: string } | { why: string }> {
  if (options.shell && options.shell !== 'electron') return { why: `--shell ${options.shell} was asked for` };
  if (!hasDisplay()) return { why: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  const found = findElectronBinary(root);
  if (found.ok) return { binary: found.binary };
  if (options['no-install']) return { why: `${found.reason}; --no-install given` };
  say(`${found.reason}; trying electron's own installer (up to 120 s)…`);
  const failure = await runElectronInstaller(root);
  const again = findElectronBinary(root);
  if (again.ok) return { binary: again.binary };
  return { why: `${found.reason}, and ${failure ?? again.reason}` };
}

async function main(): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  const children: ChildProcess[] = [];
  const running: { kiosk?: RunningKiosk } = {};
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      say('stopping…');
      await running.kiosk?.close().catch(() => {});
      for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const port = options.port ? Number(options.port) : await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'server', 'main.ts'), '--port', String(port), '--data', path.join(stateDir, 'server'), '--demo'],
    { cwd: root, stdio: 'inherit' },
  );
  children.push(server);
  server.on('exit', (code) => {
    if (!stopping) {
      console.error(`[start] the sync server stopped (code ${code})`);
      void stop(1);
    }
  });
  await waitForHealth(serverUrl, server);
  say(`sync server ready on ${serverUrl}`);
  const { file: profileFile, profile } = writeDemoProfile(serverUrl);

  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) npmRun('build:renderer');

  const electron = await chooseElectron();
  if ('binary' in electron) {
    if (!existsSync(path.join(root, 'dist', 'electron', 'main.js'))) npmRun('build:electron');
    say(`starting Electron (${electron.binary}) with ${path.relative(root, profileFile)}`);
    const app = spawn(electron.binary, [root, '--profile', profileFile], { cwd: root, stdio: 'inherit' });
    children.push(app);
    app.on('exit', (code) => void stop(code ?? 0));
    printLogins();
    return;
  }

  const chromium = options.shell === 'url' ? null : findChromium();
  const windows = chromium !== null && hasDisplay();
  if (windows) say(`not using Electron: ${electron.why}. Opening the kiosk shell in ${chromium} instead.`);
  else say(`not using Electron: ${electron.why}; ${chromium ? 'no display for Chromium windows' : 'no Chromium or Chrome found (VIGIL_CHROMIUM)'}. Starting the kiosk shell without windows.`);
  const kiosk = await startKiosk({
    profile,
    dataDir: path.join(stateDir, 'kiosk'),
    headless: !windows,
    chromium: chromium ?? undefined,
    log: (m) => console.log(`[kiosk] ${m}`),
  });
  running.kiosk = kiosk;
  say(windows ? 'kiosk windows:' : 'open these in Chromium or Chrome (one window per monitor):');
  for (const w of kiosk.windows) console.log(`          ${w.surface.padEnd(8)} ${kiosk.url(w.surface, w.key, w.wallId)}`);
  printLogins();
  say('Ctrl-C stops everything.');
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
