import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REGION_FILE, DEFAULT_REGION_RELATIVE_PATH, loadRegionFile, parseRegion } from '../../../src-main/host/map/region-file.js';
import { tempDir } from './fixtures.js';

const REGION = {
  type: 'FeatureCollection',
  name: 'Tỉnh thử',
  features: [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[105, 9], [106, 9], [106, 10], [105, 9]]] }, properties: { role: 'boundary', name: 'Ranh giới' } },
  ],
};

describe('region file', () => {
  const dirs: { cleanup(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  function write(name: string, content: string | Buffer): string {
    const t = tempDir('vigil-region-');
    dirs.push(t);
    const file = join(t.dir, name);
    writeFileSync(file, content);
    return file;
  }

  it('loads a valid region (a BOM is fine) and fills the defaults', async () => {
    const result = await loadRegionFile(write('r.geojson', `\uFEFF${JSON.stringify(REGION)}`));
    expect(result).toMatchObject({ ok: true, value: { name: 'Tỉnh thử', approximate: false, attribution: '' } });
    expect(result.ok && result.value.features[0]!.properties).toMatchObject({ role: 'boundary', kind: '' });
  });

  it('refuses a file over the size cap without parsing it', async () => {
    const file = write('big.geojson', JSON.stringify(REGION));
    const result = await loadRegionFile(file, { maxBytes: 100 });
    expect(result).toMatchObject({ ok: false, code: 'payload-too-large', details: { maxBytes: 100 } });
  });

  it('names each wrong place, a few in the message and up to 20 in the details', () => {
    const bad = { ...REGION, name: '', features: Array.from({ length: 30 }, () => ({ ...REGION.features[0], properties: { role: 'moon' } })) };
    const result = parseRegion(bad, 'x.geojson');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('bad-request');
    expect(result.message).toMatch(/^Invalid region file x\.geojson: name: .*; features\[0\]\.properties\.role: .* \(and \d+ more\)$/);
    expect((result.details as { issues: unknown[] }).issues).toHaveLength(20);
  });

  it('the default region lives under assets/region at the repository root', () => {
    expect(DEFAULT_REGION_FILE.replaceAll('\\', '/').endsWith(`/${DEFAULT_REGION_RELATIVE_PATH}`)).toBe(true);
    expect(existsSync(join(DEFAULT_REGION_FILE, '../../../package.json'))).toBe(true);
  });
});
