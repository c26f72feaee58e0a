import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultWorkstationProfile,
  loadWorkstationProfile,
  parseWorkstationProfile,
  resolveWorkstationProfile,
} from '../../../src-main/host/profile-loader.js';

let dir: string;
const valid = {
  workstationId: 'ioc-desk-1',
  name: 'Desk 1',
  serverUrl: 'http://10.0.0.5:4600',
  displays: [{ match: { index: 0 }, surface: 'console' }],
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-profile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('profile loader', () => {
  it('loads a valid profile and fills the defaults', async () => {
    const result = await loadWorkstationProfile(await write('ok.json', JSON.stringify(valid)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.locale).toBe('vi');
    expect(result.value.fallbackSurface).toBe('console');
    expect(result.value.displays[0]).toMatchObject({ surface: 'console', priority: 50, fullscreen: true });
  });

  it('accepts a UTF-8 byte-order mark (Windows editors write one)', async () => {
    const result = await loadWorkstationProfile(await write('bom.json', `\uFEFF${JSON.stringify(valid)}`));
    expect(result.ok).toBe(true);
  });

  it('names the file, the path and the problem for an invalid profile', async () => {
    const file = await write('bad.json', JSON.stringify({ ...valid, displays: [{ match: { index: 0 }, surface: 'cinema' }] }));
    const result = await loadWorkstationProfile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('bad-request');
    expect(result.message).toContain(file);
    expect(result.message).toContain('displays[0].surface');
    expect(result.details).toMatchObject({ file, issues: [{ path: 'displays[0].surface' }] });
  });

  it('reports a display match that names nothing', () => {
    const result = parseWorkstationProfile({ ...valid, displays: [{ match: {}, surface: 'wall' }] }, 'inline');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/displays\[0\]\.match: a display match needs index, label or primary/);
  });

  it('reports broken JSON with the file name', async () => {
    const file = await write('broken.json', '{ "workstationId": ');
    const result = await loadWorkstationProfile(file);
    expect(result).toMatchObject({ ok: false, code: 'bad-request' });
    if (!result.ok) expect(result.message).toContain(`${file} is not valid JSON`);
  });

  it('reports a missing file as not-found', async () => {
    const result = await loadWorkstationProfile(path.join(dir, 'nope.json'));
    expect(result).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('has a default profile: one display showing the console', () => {
    const profile = defaultWorkstationProfile({ serverUrl: 'http://127.0.0.1:9999' });
    expect(profile.displays).toEqual([{ match: { primary: true }, surface: 'console', priority: 0, fullscreen: false }]);
    expect(profile.serverUrl).toBe('http://127.0.0.1:9999');
  });

  it('resolves --profile before VIGIL_PROFILE before the per-installation file before the default', async () => {
    const a = await write('a.json', JSON.stringify({ ...valid, workstationId: 'from-argument' }));
    const b = await write('b.json', JSON.stringify({ ...valid, workstationId: 'from-env' }));
    const c = await write('c.json', JSON.stringify({ ...valid, workstationId: 'from-userdata' }));
    const id = async (source: Parameters<typeof resolveWorkstationProfile>[0]) => {
      const r = await resolveWorkstationProfile(source);
      return r.ok ? r.value.profile.workstationId : r.code;
    };
    expect(await id({ argument: a, environment: b, fallbackFile: c })).toBe('from-argument');
    expect(await id({ environment: b, fallbackFile: c })).toBe('from-env');
    expect(await id({ fallbackFile: c })).toBe('from-userdata');
    expect(await id({ fallbackFile: path.join(dir, 'absent.json') })).toBe('workstation-1');
    // A profile someone named but that is missing is an error, never a silent default.
    expect(await id({ argument: path.join(dir, 'absent.json') })).toBe('not-found');
  });
});
