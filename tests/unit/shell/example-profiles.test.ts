import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planWindows } from '../../../src-main/host/display-plan.js';
import { loadWorkstationProfile } from '../../../src-main/host/profile-loader.js';
import { kioskDisplays } from '../../../src-main/kiosk/start-kiosk.js';

const configDir = path.resolve('config');

describe('example workstation profiles in config/', () => {
  for (const name of readdirSync(configDir).filter((f) => f.endsWith('.json'))) {
    it(`${name} is valid and plans a console`, async () => {
      const loaded = await loadWorkstationProfile(path.join(configDir, name));
      if (!loaded.ok) throw new Error(loaded.message);
      const plan = planWindows(loaded.value, kioskDisplays(loaded.value));
      expect(plan.windows.some((w) => w.surface === 'console')).toBe(true);
    });
  }

  it('kiosk-demo.json opens console, wall, map, reports desk and KPI board side by side', async () => {
    const loaded = await loadWorkstationProfile(path.join(configDir, 'kiosk-demo.json'));
    if (!loaded.ok) throw new Error(loaded.message);
    const plan = planWindows(loaded.value, kioskDisplays(loaded.value));
    expect(plan.windows.map((w) => w.key)).toEqual(['console@left', 'wall@right', 'map@map', 'reports@reports', 'kpi@kpi']);
  });
});
