import type { Bounds } from '../model/map.js';

/**
 * Small planar and spherical geometry for the operations map: which unit a point
 * is in, the lasso/rectangle selection, "is this report within 50 m of that one".
 *
 * Coordinates are GeoJSON order, [lon, lat] in degrees. Rings may be closed (first
 * position repeated last, as GeoJSON writes them) or open; both give the same answer.
 * The point tests run over up to 100,000 points per frame, so their inner loops
 * read the ring in place and allocate nothing.
 *
 * Points on an edge: the tests use the half-open crossing rule, so a point exactly
 * on the boundary counts as inside on the polygon's west/south-facing edges and
 * outside on its east/north-facing ones (for a square: the left and bottom edges are
 * in, the right and top edges out). What matters more: the crossing is computed the
 * same way whichever direction an edge is walked, so a point on an edge shared by
 * two polygons of a partition (two units, a hole and the polygon that fills it) is
 * in exactly one of them — never both, never neither.
 */

/** A position as GeoJSON writes it: lon, lat, and perhaps more we ignore. */
export type Position = readonly number[];
/** A linear ring of positions (closed or open). */
export type Ring = readonly Position[];

/**
 * Ray casting (even–odd crossing number) for one ring. See the module comment for
 * points on edges.
 */
export function pointInPolygon(lon: number, lat: number, ring: Ring): boolean {
  const n = ring.length;
  if (n < 3) return false;
  let inside = false;
  let prev = ring[n - 1]!;
  for (let i = 0; i < n; i++) {
    const cur = ring[i]!;
    if (crosses(lon, lat, prev[0]!, prev[1]!, cur[0]!, cur[1]!)) inside = !inside;
    prev = cur;
  }
  return inside;
}

/**
 * A polygon as GeoJSON writes it: the outer ring first, then holes. Inside means
 * inside the outer ring and in no hole (even–odd over all rings, the same thing
 * for a valid polygon; a point on a hole's edge follows the edge rule above).
 */
export function pointInPolygonWithHoles(lon: number, lat: number, rings: readonly Ring[]): boolean {
  let inside = false;
  for (let r = 0; r < rings.length; r++) {
    if (pointInPolygon(lon, lat, rings[r]!)) inside = !inside;
  }
  return inside;
}

/** A MultiPolygon's coordinates: inside any of its polygons. */
export function pointInMultiPolygon(lon: number, lat: number, polygons: readonly (readonly Ring[])[]): boolean {
  for (let p = 0; p < polygons.length; p++) {
    if (pointInPolygonWithHoles(lon, lat, polygons[p]!)) return true;
  }
  return false;
}

/**
 * Whether the horizontal ray from (x, y) towards +x crosses the edge (ax, ay)–(bx, by).
 * Half-open in y (an edge counts for ay ≤ y < by, either way round), so a ray
 * through a vertex is counted once and horizontal edges never. The crossing is
 * computed from the lower endpoint whichever way the edge is walked, so the same
 * edge in two polygons gives the bitwise same answer.
 */
function crosses(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  let x0: number, y0: number, x1: number, y1: number;
  if (ay <= by) {
    x0 = ax; y0 = ay; x1 = bx; y1 = by;
  } else {
    x0 = bx; y0 = by; x1 = ax; y1 = ay;
  }
  if (y < y0 || y >= y1) return false;
  return x < x0 + ((y - y0) * (x1 - x0)) / (y1 - y0);
}

/** Bounds are [west, south, east, north], inclusive on every side. */
export function pointInBounds(lon: number, lat: number, bounds: Bounds): boolean {
  return lon >= bounds[0] && lon <= bounds[2] && lat >= bounds[1] && lat <= bounds[3];
}

/** The smallest bounds holding every point, or null for none. */
export function boundsOfPoints(points: Iterable<Position>): Bounds | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const p of points) {
    const lon = p[0]!, lat = p[1]!;
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return w === Infinity ? null : [w, s, e, n];
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/**
 * Great-circle distance (haversine) in metres. Good to well under a metre at the
 * scale of "is this report within 50 m of that one".
 */
export function distanceMeters(a: LatLon, b: LatLon): number {
  return distanceMetersLonLat(a.lon, a.lat, b.lon, b.lat);
}

/** distanceMeters for loose numbers, for loops that should not build objects. */
export function distanceMetersLonLat(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const sLat = Math.sin(dLat / 2);
  const sLon = Math.sin(dLon / 2);
  const h = sLat * sLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sLon * sLon;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The closed ring of the lon/lat rectangle spanned by two opposite corners (in any
 * order), counter-clockwise from the south-west corner as RFC 7946 wants exterior
 * rings: [[w,s],[e,s],[e,n],[w,n],[w,s]].
 */
export function rectangleRing(a: Position, b: Position): [number, number][] {
  const w = Math.min(a[0]!, b[0]!), e = Math.max(a[0]!, b[0]!);
  const s = Math.min(a[1]!, b[1]!), n = Math.max(a[1]!, b[1]!);
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}

/**
 * Signed planar area of a ring in square degrees (shoelace): positive for
 * counter-clockwise rings. For orientation and comparisons, not for hectares.
 */
export function ringSignedArea(ring: Ring): number {
  const n = ring.length;
  if (n < 3) return 0;
  let sum = 0;
  let prev = ring[n - 1]!;
  for (let i = 0; i < n; i++) {
    const cur = ring[i]!;
    sum += (prev[0]! - cur[0]!) * (prev[1]! + cur[1]!);
    prev = cur;
  }
  return sum / 2;
}

/**
 * Area of a ring on the sphere in square metres, whatever its orientation
 * (Chamberlain & Duquette, "Some algorithms for polygons on a sphere", 2007).
 */
export function ringAreaSquareMeters(ring: Ring): number {
  const n = ring.length;
  if (n < 3) return 0;
  let sum = 0;
  let prev = ring[n - 1]!;
  for (let i = 0; i < n; i++) {
    const cur = ring[i]!;
    sum += (cur[0]! - prev[0]!) * RAD * (2 + Math.sin(prev[1]! * RAD) + Math.sin(cur[1]! * RAD));
    prev = cur;
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area of a polygon (outer ring less its holes) on the sphere, square metres. */
export function polygonAreaSquareMeters(rings: readonly Ring[]): number {
  let area = 0;
  for (let r = 0; r < rings.length; r++) {
    const a = ringAreaSquareMeters(rings[r]!);
    area += r === 0 ? a : -a;
  }
  return area;
}
