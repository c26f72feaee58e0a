import { describe, expect, it } from 'vitest';
import { AlertDraftSchema } from '../../../src-shared/model/alert.js';
import { makeDemoDraft } from '../../../server/demo/demo-alert-generator.js';
import { DEMO_ALERT_TEMPLATES } from '../../../server/demo/demo-alert-templates.js';
import { seededRandom } from '../../../src-shared/seeded-random.js';

describe('demo alert generator', () => {
  it('makes valid Vietnamese drafts inside the province, reproducibly from a seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const draft = makeDemoDraft(a);
      expect(makeDemoDraft(b)).toEqual(draft);
      const parsed = AlertDraftSchema.parse(draft);
      expect(parsed.headline).not.toContain('{unit}');
      expect(parsed.location!.lat).toBeGreaterThan(9.55);
      expect(parsed.location!.lat).toBeLessThan(10.02);
      expect(parsed.location!.lon).toBeGreaterThan(105.35);
      expect(parsed.location!.lon).toBeLessThan(105.9);
      if (parsed.source === 'camera-analytics') expect(parsed.cameraIds[0]).toMatch(/^cam-[a-z0-9]+-\d\d$/);
    }
    expect(DEMO_ALERT_TEMPLATES.length).toBeGreaterThanOrEqual(15);
  });
});
