/**
 * Renders assets/icon.svg to assets/icon.png (512×512, transparent corners) with headless
 * Chromium. Run after changing the SVG: `npx tsx scripts/make-icon.ts`; commit both files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../src-main/kiosk/chromium-launcher.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'assets', 'icon.svg'), 'utf8');
const out = path.join(root, 'assets', 'icon.png');
const chromium = findChromium();
if (!chromium) {
  console.error('make-icon: no Chromium found (set VIGIL_CHROMIUM)');
  process.exit(1);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'vigil-icon-'));
try {
  const page = path.join(work, 'icon.html');
  writeFileSync(page, `<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      '--default-background-color=00000000',
      '--window-size=512,512',
      `--user-data-dir=${path.join(work, 'profile')}`,
      `--screenshot=${out}`,
      `file://${page}`,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  const png = readFileSync(out);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width !== 512 || height !== 512) throw new Error(`expected 512x512, got ${width}x${height}`);
  console.log(`make-icon: wrote ${path.relative(root, out)} (${width}x${height}, ${png.length} bytes)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
