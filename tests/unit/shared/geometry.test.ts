import { describe, expect, it } from 'vitest';
import {
  boundsOfPoints,
  distanceMeters,
  distanceMetersLonLat,
  pointInBounds,
  pointInMultiPolygon,
  pointInPolygon,
  pointInPolygonWithHoles,
  polygonAreaSquareMeters,
  rectangleRing,
  ringAreaSquareMeters,
  ringSignedArea,
  type Ring,
} from '../../../src-shared/geo/geometry.js';

const SQUARE: Ring = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
const SQUARE_OPEN: Ring = [[0, 0], [10, 0], [10, 10], [0, 10]];
const SQUARE_CW: Ring = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
const HOLE: Ring = [[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]];
/** A "U": concave, with its notch open to the north. */
const U_SHAPE: Ring = [[0, 0], [9, 0], [9, 9], [6, 9], [6, 3], [3, 3], [3, 9], [0, 9], [0, 0]];

describe('pointInPolygon', () => {
  it.each([
    ['centre', 5, 5, true],
    ['outside west', -1, 5, false],
    ['outside east', 11, 5, false],
    ['outside north', 5, 11, false],
    ['outside south', 5, -1, false],
    ['far away', 1e6, -1e6, false],
  ])('square: %s', (_name, lon, lat, expected) => {
    expect(pointInPolygon(lon, lat, SQUARE)).toBe(expected);
    expect(pointInPolygon(lon, lat, SQUARE_OPEN), 'open ring').toBe(expected);
    expect(pointInPolygon(lon, lat, SQUARE_CW), 'clockwise ring').toBe(expected);
  });

  it.each([
    ['in the left arm', 1.5, 6, true],
    ['in the right arm', 7.5, 6, true],
    ['in the base', 4.5, 1.5, true],
    ['in the notch', 4.5, 6, false],
    ['ray through the notch to the right arm', 1, 8, true],
    ['level with the notch floor, inside', 1, 3, true],
    ['level with a vertex, outside', -1, 9, false],
  ])('concave U: %s', (_name, lon, lat, expected) => {
    expect(pointInPolygon(lon, lat, U_SHAPE)).toBe(expected);
  });

  // Documented edge rule: west- and south-facing edges are in, east- and north-facing out.
  it.each([
    ['west edge', 0, 5, true],
    ['south edge', 5, 0, true],
    ['east edge', 10, 5, false],
    ['north edge', 5, 10, false],
    ['south-west corner', 0, 0, true],
    ['north-east corner', 10, 10, false],
  ])('points on the edge follow the half-open rule: %s', (_name, lon, lat, expected) => {
    expect(pointInPolygon(lon, lat, SQUARE)).toBe(expected);
    expect(pointInPolygon(lon, lat, SQUARE_CW)).toBe(expected);
  });

  it('puts a point on an edge shared by two polygons in exactly one of them, for any slope', () => {
    // Two triangles sharing a slanted diagonal, walked in opposite directions.
    const a: Ring = [[0.1, 0.2], [7.3, 0.4], [0.3, 9.7], [0.1, 0.2]];
    const b: Ring = [[7.3, 0.4], [7.9, 9.1], [0.3, 9.7], [7.3, 0.4]];
    for (let i = 1; i < 100; i++) {
      const t = i / 100;
      const lon = 7.3 + t * (0.3 - 7.3);
      const lat = 0.4 + t * (9.7 - 0.4);
      const count = Number(pointInPolygon(lon, lat, a)) + Number(pointInPolygon(lon, lat, b));
      expect(count, `t=${t}`).toBe(1);
    }
  });

  it('is false for degenerate rings', () => {
    expect(pointInPolygon(0, 0, [])).toBe(false);
    expect(pointInPolygon(0, 0, [[0, 0], [1, 1]])).toBe(false);
  });

  it('ignores extra coordinates (altitude) in positions', () => {
    expect(pointInPolygon(5, 5, [[0, 0, 12], [10, 0, 12], [10, 10, 12], [0, 10, 12]])).toBe(true);
  });
});

describe('pointInPolygonWithHoles and pointInMultiPolygon', () => {
  it.each([
    ['in the ring around the hole', 1, 1, true],
    ['in the hole', 5, 5, false],
    ['outside', 11, 5, false],
    ['on the hole west edge (in the hole by the edge rule)', 3, 5, false],
    ['on the hole east edge (out of the hole)', 7, 5, true],
  ])('square with a hole: %s', (_name, lon, lat, expected) => {
    expect(pointInPolygonWithHoles(lon, lat, [SQUARE, HOLE])).toBe(expected);
  });

  it('treats a polygon without holes like its ring', () => {
    expect(pointInPolygonWithHoles(5, 5, [SQUARE])).toBe(true);
    expect(pointInPolygonWithHoles(5, 5, [])).toBe(false);
  });

  it('splits the edge of a hole exactly between the polygon and the island that fills it', () => {
    const island: Ring = [...HOLE].reverse();
    for (const [lon, lat] of [[3, 5], [7, 5], [5, 3], [5, 7], [3, 3], [7, 7], [3, 7], [7, 3]] as const) {
      const count = Number(pointInPolygonWithHoles(lon, lat, [SQUARE, HOLE])) + Number(pointInPolygon(lon, lat, island));
      expect(count, `${lon},${lat}`).toBe(1);
    }
  });

  it('finds a point in any polygon of a multipolygon', () => {
    const far: Ring = [[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]];
    const multi = [[SQUARE, HOLE], [far]];
    expect(pointInMultiPolygon(25, 25, multi)).toBe(true);
    expect(pointInMultiPolygon(1, 1, multi)).toBe(true);
    expect(pointInMultiPolygon(5, 5, multi)).toBe(false);
    expect(pointInMultiPolygon(15, 15, multi)).toBe(false);
  });
});

describe('bounds', () => {
  it.each([
    ['inside', 105.5, 9.8, true],
    ['on the west edge', 105.35, 9.8, true],
    ['on the north-east corner', 105.9, 10.02, true],
    ['west of it', 105.34, 9.8, false],
    ['north of it', 105.5, 10.03, false],
  ])('pointInBounds: %s', (_name, lon, lat, expected) => {
    expect(pointInBounds(lon, lat, [105.35, 9.55, 105.9, 10.02])).toBe(expected);
  });

  it('boundsOfPoints is the smallest box, or null for nothing', () => {
    expect(boundsOfPoints([[105.5, 9.8], [105.4, 9.9], [105.7, 9.6]])).toEqual([105.4, 9.6, 105.7, 9.9]);
    expect(boundsOfPoints([[1, 2]])).toEqual([1, 2, 1, 2]);
    expect(boundsOfPoints([])).toBeNull();
    expect(boundsOfPoints(new Set([[0, 0], [-1, 3]]))).toEqual([-1, 0, 0, 3]);
  });
});

describe('distanceMeters', () => {
  it.each([
    // 1° of latitude on the mean sphere is 111,195 m.
    ['one degree north', { lat: 0, lon: 0 }, { lat: 1, lon: 0 }, 111_195, 1],
    ['one degree east on the equator', { lat: 0, lon: 0 }, { lat: 0, lon: 1 }, 111_195, 1],
    ['one degree east at 60° N is half', { lat: 60, lon: 0 }, { lat: 60, lon: 1 }, 55_597, 2],
    ['the same point', { lat: 9.78, lon: 105.47 }, { lat: 9.78, lon: 105.47 }, 0, 0.001],
    ['antipodes', { lat: 0, lon: 0 }, { lat: 0, lon: 180 }, Math.PI * 6_371_008.8, 1],
    // Vị Thanh – Ngã Bảy centres: about 38 km apart.
    ['Vị Thanh to Ngã Bảy', { lat: 9.785, lon: 105.47 }, { lat: 9.815, lon: 105.82 }, 38_590, 100],
  ])('%s', (_name, a, b, metres, tolerance) => {
    expect(Math.abs(distanceMeters(a, b) - metres)).toBeLessThanOrEqual(tolerance);
    expect(distanceMeters(b, a)).toBeCloseTo(distanceMeters(a, b), 9);
    expect(distanceMetersLonLat(a.lon, a.lat, b.lon, b.lat)).toBe(distanceMeters(a, b));
  });

  it('tells 50 m duplicates apart at Hậu Giang latitudes', () => {
    const report = { lat: 9.7842, lon: 105.4689 };
    const northBy = (m: number) => ({ lat: report.lat + m / 111_195, lon: report.lon });
    const eastBy = (m: number) => ({ lat: report.lat, lon: report.lon + m / (111_195 * Math.cos((report.lat * Math.PI) / 180)) });
    expect(distanceMeters(report, northBy(49))).toBeLessThan(50);
    expect(distanceMeters(report, northBy(51))).toBeGreaterThan(50);
    expect(distanceMeters(report, eastBy(49))).toBeLessThan(50);
    expect(distanceMeters(report, eastBy(51))).toBeGreaterThan(50);
  });
});

describe('rectangleRing and areas', () => {
  it('makes a closed counter-clockwise ring from any two opposite corners', () => {
    const expected = [[105.4, 9.7], [105.6, 9.7], [105.6, 9.9], [105.4, 9.9], [105.4, 9.7]];
    expect(rectangleRing([105.4, 9.7], [105.6, 9.9])).toEqual(expected);
    expect(rectangleRing([105.6, 9.9], [105.4, 9.7])).toEqual(expected);
    expect(rectangleRing([105.4, 9.9], [105.6, 9.7])).toEqual(expected);
    expect(ringSignedArea(expected)).toBeGreaterThan(0);
    expect(pointInPolygon(105.5, 9.8, rectangleRing([105.4, 9.7], [105.6, 9.9]))).toBe(true);
  });

  it('signs planar area by orientation', () => {
    expect(ringSignedArea(SQUARE)).toBe(100);
    expect(ringSignedArea(SQUARE_OPEN)).toBe(100);
    expect(ringSignedArea(SQUARE_CW)).toBe(-100);
    expect(ringSignedArea([[0, 0], [1, 1]])).toBe(0);
  });

  it('measures spherical area in square metres', () => {
    // A 1°×1° cell at the equator is about 12,364 km²; at 60° N about half that.
    expect(ringAreaSquareMeters(rectangleRing([0, 0], [1, 1])) / 1e6).toBeCloseTo(12_364, -1);
    expect(ringAreaSquareMeters(rectangleRing([0, 59.5], [1, 60.5])) / 1e6).toBeCloseTo(6_182, -1);
    expect(ringAreaSquareMeters(SQUARE_CW)).toBeCloseTo(ringAreaSquareMeters(SQUARE), 3);
    const outer = rectangleRing([105, 9], [106, 10]);
    const hole = rectangleRing([105.25, 9.25], [105.75, 9.75]);
    expect(polygonAreaSquareMeters([outer, hole])).toBeCloseTo(ringAreaSquareMeters(outer) - ringAreaSquareMeters(hole), 0);
    expect(polygonAreaSquareMeters([outer, hole]) / ringAreaSquareMeters(outer)).toBeCloseTo(0.75, 3);
  });
});
