/**
 * Where the Electron binary is, and an attempt to fetch it with electron's own installer
 * when npm did not (package.json's allowScripts keeps electron's postinstall from running).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronLookup = { ok: true; binary: string } | { ok: false; reason: string };

export function findElectronBinary(root: string): ElectronLookup {
  const require = createRequire(path.join(root, 'package.json'));
  let binary: unknown;
  try {
    // The electron package's main export is the path of its binary (it throws when the download never happened).
    binary = require('electron');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { ok: false, reason: `the electron package has no binary (${message})` };
  }
  if (typeof binary !== 'string') return { ok: false, reason: 'the electron package did not name a binary' };
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary ${binary} does not exist` };
  return { ok: true, binary };
}

/** Runs node_modules/electron/install.js (downloads the binary); resolves with why it failed, or null. */
export function runElectronInstaller(root: string, timeoutMs = 120_000): Promise<string | null> {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return Promise.resolve('electron is not installed in node_modules');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: path.dirname(installer), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`electron's installer did not finish within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // The first line naming an error says why (e.g. getaddrinfo ENOTFOUND github.com); stack frames do not.
      const lines = stderr.trim().split('\n').map((l) => l.trim()).filter(Boolean);
      const why = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines.pop();
      resolve(code === 0 ? null : `electron's installer failed (exit ${code})${why ? `: ${why.slice(0, 300)}` : ''}`);
    });
  });
}

/** Linux windows need an X or Wayland display; elsewhere there always is one. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
