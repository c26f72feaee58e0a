import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pointInPolygon, ringAreaSquareMeters, ringSignedArea, type Ring } from '../../../src-shared/geo/geometry.js';
import { RegionSchema, regionBounds, type Region, type RegionFeature } from '../../../src-shared/model/map.js';
import { DEMO_CAMERA_CATALOG } from '../../../server/demo/demo-camera-catalog.js';
import { DEMO_ADMIN_UNITS } from '../../../server/demo/demo-seed.js';
import { DEMO_REGION_PATH, formatRegion, makeDemoRegion } from '../../../scripts/make-demo-region.js';

const text = readFileSync(DEMO_REGION_PATH, 'utf8');
const region: Region = RegionSchema.parse(JSON.parse(text));
const byRole = (role: RegionFeature['properties']['role']): RegionFeature[] => region.features.filter((f) => f.properties.role === role);

function outerRing(feature: RegionFeature): Ring {
  if (feature.geometry.type !== 'Polygon') throw new Error(`${String(feature.id)} is a ${feature.geometry.type}`);
  return feature.geometry.coordinates[0]!;
}

const boundary = outerRing(byRole('boundary')[0]!);
const units = byRole('unit');

/** Every coordinate pair in a geometry, flattened. */
function positions(feature: RegionFeature): number[][] {
  const out: number[][] = [];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as number[]);
    else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  visit(feature.geometry.coordinates);
  return out;
}

describe('the demo region (assets/region/hau-giang-approx.geojson)', () => {
  it('is a valid region that says it is approximate and hand-made', () => {
    expect(region.name).toBe('Hậu Giang (gần đúng)');
    expect(region.approximate).toBe(true);
    expect(region.attribution).toMatch(/Vigil/);
    expect(region.attribution).toMatch(/not official/);
  });

  it('is what the script makes (regenerate with npx tsx scripts/make-demo-region.ts)', () => {
    expect(text).toBe(formatRegion(makeDemoRegion()));
  });

  it('has one boundary outline, not a rectangle, within the province extent', () => {
    expect(byRole('boundary')).toHaveLength(1);
    expect(boundary.length - 1).toBeGreaterThanOrEqual(30);
    expect(boundary.length - 1).toBeLessThanOrEqual(60);
    expect(boundary[0]).toEqual(boundary[boundary.length - 1]);
    expect(ringSignedArea(boundary), 'exterior ring counter-clockwise (RFC 7946)').toBeGreaterThan(0);
    const lons = boundary.map((p) => p[0]!), lats = boundary.map((p) => p[1]!);
    expect(Math.min(...lats)).toBeGreaterThanOrEqual(9.55);
    expect(Math.max(...lats)).toBeLessThanOrEqual(10.02);
    expect(Math.min(...lons)).toBeGreaterThanOrEqual(105.35);
    expect(Math.max(...lons)).toBeLessThanOrEqual(105.9);
    const [w, s, e, n] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    // Well short of its bounding box: a real outline, not a rectangle.
    expect(Math.abs(ringSignedArea(boundary)) / ((e - w) * (n - s))).toBeLessThan(0.8);
    // Roughly the province's size (1,622 km² in fact; an approximation may be a bit off).
    expect(ringAreaSquareMeters(boundary) / 1e6).toBeGreaterThan(1_400);
    expect(ringAreaSquareMeters(boundary) / 1e6).toBeLessThan(2_200);
  });

  it('has the 8 administrative units with names, kinds and unitIds matching the demo seed', () => {
    expect(units).toHaveLength(8);
    expect(units.map((u) => u.properties.unitId).sort()).toEqual(DEMO_ADMIN_UNITS.map((u) => u.id).sort());
    for (const seed of DEMO_ADMIN_UNITS) {
      const unit = units.find((u) => u.properties.unitId === seed.id)!;
      expect(unit.properties.name).toBe(seed.name);
      expect(unit.properties.kind).toBe(seed.kind);
      expect(unit.properties.unitId).toMatch(/^[a-z0-9-]+$/);
      expect(pointInPolygon(seed.lon, seed.lat, outerRing(unit)), `${seed.id} holds its centre`).toBe(true);
    }
    expect(units.map((u) => u.properties.kind).sort()).toEqual(['city', 'city', 'district', 'district', 'district', 'district', 'district', 'town']);
  });

  it('has a label point per unit at its centre', () => {
    const places = byRole('place');
    expect(places).toHaveLength(8);
    for (const seed of DEMO_ADMIN_UNITS) {
      const place = places.find((p) => p.properties.unitId === seed.id)!;
      expect(place.properties.name).toBe(seed.name);
      expect(place.geometry).toEqual({ type: 'Point', coordinates: [seed.lon, seed.lat] });
    }
  });

  it('has the main roads and waterways', () => {
    const roads = byRole('road');
    expect(roads.map((r) => r.properties.name)).toEqual(['QL1', 'QL61', 'QL61C', 'Quản Lộ – Phụng Hiệp', 'Cao tốc Cần Thơ – Cà Mau']);
    for (const r of roads) expect(['national', 'provincial', 'expressway']).toContain(r.properties.kind);
    const rivers = byRole('river').map((r) => r.properties.name);
    expect(rivers).toEqual(expect.arrayContaining(['Kênh Xà No', 'Sông Cái Lớn']));
    const ngaBay = byRole('river').find((r) => r.geometry.type === 'MultiLineString')!;
    expect(ngaBay.geometry.type === 'MultiLineString' && ngaBay.geometry.coordinates).toHaveLength(7);
  });

  it('rounds every coordinate to 5 decimals and keeps every feature near the province', () => {
    for (const f of region.features) {
      for (const p of positions(f)) {
        for (const v of p) expect(Math.round(v * 1e5) / 1e5, String(f.id)).toBe(v);
      }
    }
    const [w, s, e, n] = regionBounds(region);
    expect([w, s, e, n]).toEqual([expect.closeTo(105.34, 1), expect.closeTo(9.55, 1), expect.closeTo(105.9, 1), expect.closeTo(10.03, 1)]);
  });

  it('has every demo camera inside the outline and inside its own district', () => {
    for (const cam of DEMO_CAMERA_CATALOG) {
      expect(pointInPolygon(cam.lon, cam.lat, boundary), `${cam.id} in the province`).toBe(true);
      const unit = units.find((u) => u.properties.name === cam.district);
      expect(unit, `${cam.id}: unit ${cam.district}`).toBeDefined();
      expect(pointInPolygon(cam.lon, cam.lat, outerRing(unit!)), `${cam.id} in ${cam.district}`).toBe(true);
    }
  });

  it('tiles the outline with its units: each sample point inside is in exactly one unit, each outside in none', () => {
    const rings = units.map(outerRing);
    let inside = 0;
    for (let i = 0; i <= 240; i++) {
      for (let j = 0; j <= 240; j++) {
        const lon = 105.33 + (i * 0.6) / 240;
        const lat = 9.53 + (j * 0.52) / 240;
        const inBoundary = pointInPolygon(lon, lat, boundary);
        let count = 0;
        for (const ring of rings) if (pointInPolygon(lon, lat, ring)) count++;
        expect(count, `${lon},${lat}`).toBe(inBoundary ? 1 : 0);
        if (inBoundary) inside++;
      }
    }
    expect(inside).toBeGreaterThan(10_000);
  });

  it('has units whose areas add up to the outline', () => {
    const sum = units.reduce((acc, u) => acc + ringAreaSquareMeters(outerRing(u)), 0);
    expect(sum / ringAreaSquareMeters(boundary)).toBeCloseTo(1, 6);
  });
});
