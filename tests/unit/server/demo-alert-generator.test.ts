import { DEMO_CAMERA_CATALOG } from '../../../server/demo/demo-camera-catalog.js';
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
      // No cameras registered: no related cameras invented.
      expect(parsed.cameraIds).toEqual([]);
    }
    expect(DEMO_ALERT_TEMPLATES.length).toBeGreaterThanOrEqual(15);
  });

  it('relates camera alerts to the registered cameras nearest to the place', () => {
    const cameras = DEMO_CAMERA_CATALOG.slice(0, 9).map((c) => ({ id: c.id, enabled: true, location: { lat: c.lat, lon: c.lon } }));
    const random = seededRandom(7);
    let withCameras = 0;
    for (let i = 0; i < 200; i++) {
      const draft = makeDemoDraft(random, undefined, cameras);
      for (const id of draft.cameraIds ?? []) expect(cameras.map((c) => c.id)).toContain(id);
      if (draft.source === 'camera-analytics') {
        expect(draft.cameraIds).toHaveLength(2);
        withCameras++;
      }
    }
    expect(withCameras).toBeGreaterThan(10);
    // A disabled camera is never chosen.
    const disabled = cameras.map((c, i) => ({ ...c, enabled: i !== 0 }));
    for (let i = 0; i < 100; i++) expect(makeDemoDraft(random, undefined, disabled).cameraIds ?? []).not.toContain(cameras[0]!.id);
  });
});
