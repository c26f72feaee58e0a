import { describe, expect, it } from 'vitest';
import { CameraInputSchema } from '../../../src-shared/model/camera.js';
import { DEMO_CAMERA_CATALOG, demoCameraId } from '../../../server/demo/demo-camera-catalog.js';
import { DEMO_ADMIN_UNITS } from '../../../server/demo/demo-seed.js';

describe('demo camera catalogue', () => {
  it('has at least 25 cameras with stable ids cam-01 … and distinct names', () => {
    expect(DEMO_CAMERA_CATALOG.length).toBeGreaterThanOrEqual(25);
    expect(DEMO_CAMERA_CATALOG.map((c) => c.id)).toEqual(DEMO_CAMERA_CATALOG.map((_, i) => demoCameraId(i)));
    expect(DEMO_CAMERA_CATALOG[0]!.id).toBe('cam-01');
    expect(new Set(DEMO_CAMERA_CATALOG.map((c) => c.name)).size).toBe(DEMO_CAMERA_CATALOG.length);
  });

  it('places every camera inside the province, in a known admin unit, and each is a valid registry entry', () => {
    const units = new Set(DEMO_ADMIN_UNITS.map((u) => u.name));
    for (const c of DEMO_CAMERA_CATALOG) {
      expect(c.lat, c.id).toBeGreaterThanOrEqual(9.55);
      expect(c.lat, c.id).toBeLessThanOrEqual(10.02);
      expect(c.lon, c.id).toBeGreaterThanOrEqual(105.35);
      expect(c.lon, c.id).toBeLessThanOrEqual(105.9);
      expect(units.has(c.district), `${c.id} district ${c.district}`).toBe(true);
      const parsed = CameraInputSchema.safeParse({
        id: c.id,
        name: c.name,
        kind: c.kind,
        location: { lat: c.lat, lon: c.lon, district: c.district, address: c.address },
        groups: c.groups,
        area: c.area,
        mainUrl: `http://127.0.0.1:1/${c.id}/main.m3u8`,
        subUrl: `http://127.0.0.1:1/${c.id}/sub.m3u8`,
      });
      expect(parsed.success, `${c.id}: ${parsed.error?.message}`).toBe(true);
      expect(c.groups.length, c.id).toBeGreaterThan(0);
    }
  });

  it('mixes kinds and towns within the default nine', () => {
    const nine = DEMO_CAMERA_CATALOG.slice(0, 9);
    expect(new Set(nine.map((c) => c.kind))).toEqual(new Set(['traffic', 'security', 'other']));
    expect(new Set(nine.map((c) => c.district)).size).toBeGreaterThanOrEqual(3);
  });
});
