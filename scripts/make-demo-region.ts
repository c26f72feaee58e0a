/**
 * Writes assets/region/hau-giang-approx.geojson, the demo region: an approximate
 * Hậu Giang drawn by hand for the demo map — NOT official boundaries.
 *
 *   npx tsx scripts/make-demo-region.ts          (writes the file)
 *   npx tsx scripts/make-demo-region.ts --check  (fails if the committed file differs)
 *
 * Deterministic: the same inputs give the same bytes. What it does:
 *  - the province outline: a hand-placed control polygon within 9.55–10.02 N,
 *    105.35–105.90 E, with one wobbled midpoint per side (seeded) so it looks drawn,
 *    plus the points where unit borders meet it (so outline and units share vertices);
 *  - the 8 administrative units (server/demo/demo-seed.ts): a power diagram
 *    (a Voronoi diagram with weights) around the unit centres, clipped to the outline
 *    one half-plane at a time (Sutherland–Hodgman; each cell is an intersection of
 *    half-planes, the outline the subject polygon). The weights are fitted so each
 *    unit's area comes out near its real area, so the cities stay small;
 *  - a label point per unit, the main roads and waterways as approximate lines.
 * It refuses to write a region that fails RegionSchema, where a demo camera falls
 * outside the outline or outside its own district, or where the units do not tile
 * the outline.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_ADMIN_UNITS } from '../server/demo/demo-seed.js';
import { DEMO_CAMERA_CATALOG } from '../server/demo/demo-camera-catalog.js';
import { pointInPolygon, ringSignedArea } from '../src-shared/geo/geometry.js';
import { RegionSchema } from '../src-shared/model/map.js';
import { seededRandom } from '../src-shared/seeded-random.js';

type LonLat = [number, number];

export const DEMO_REGION_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'region', 'hau-giang-approx.geojson');

const REGION_NAME = 'Hậu Giang (gần đúng)';
const ATTRIBUTION =
  'Bản đồ gần đúng do dự án Vigil tự vẽ để trình diễn, không phải ranh giới hành chính chính thức. ' +
  'Hand-made approximation by the Vigil project for the demo; not official boundaries.';

/** The province outline's corners, clockwise from the north (reversed to RFC 7946 order on output). */
const OUTLINE_CONTROL: readonly LonLat[] = [
  [105.72, 10.015], // Cần Thơ border, north of Tân Phú Thạnh
  [105.8, 10.012],
  [105.862, 9.99], // Sông Hậu bank at Đông Phú
  [105.885, 9.935],
  [105.872, 9.868], // Sóc Trăng border east of Ngã Bảy
  [105.895, 9.805],
  [105.862, 9.748],
  [105.8, 9.715],
  [105.745, 9.672],
  [105.705, 9.625],
  [105.665, 9.578],
  [105.6, 9.553], // southern tip, Bạc Liêu border
  [105.535, 9.572],
  [105.485, 9.618],
  [105.43, 9.668], // Kiên Giang border
  [105.378, 9.718],
  [105.355, 9.772], // western tip, beyond Vị Thanh
  [105.39, 9.828],
  [105.448, 9.858], // Giồng Riềng (Kiên Giang) border, north of the Xà No
  [105.508, 9.898],
  [105.56, 9.94],
  [105.607, 9.982], // Phong Điền (Cần Thơ) border
  [105.66, 10.006],
];
const OUTLINE_SEED = 0x4a06;
const FIT_ROUNDS = 300;
/** Largest sideways shift of a side's midpoint, degrees (~0.6 km). */
const OUTLINE_WOBBLE = 0.0055;

/** Areas in km² (pre-2025 figures, rounded): the weights are fitted towards these shares. */
const TARGET_AREA_KM2: Readonly<Record<string, number>> = {
  'vi-thanh': 119,
  'nga-bay': 78,
  'long-my-town': 145,
  'chau-thanh': 141,
  'chau-thanh-a': 160,
  'phung-hiep': 485,
  'vi-thuy': 231,
  'long-my-district': 262,
};

/** Roads: approximate polylines through the towns they serve; they run a little past the outline. */
const ROADS: readonly { id: string; name: string; kind: string; line: LonLat[] }[] = [
  {
    id: 'ql1',
    name: 'QL1',
    kind: 'national',
    // Cần Thơ (Cái Răng) → Tân Phú Thạnh → Cái Tắc → Phụng Hiệp → Ngã Bảy → Sóc Trăng
    line: [[105.748, 10.03], [105.722, 9.985], [105.7, 9.944], [105.684, 9.906], [105.6716, 9.8793], [105.705, 9.862], [105.745, 9.842], [105.785, 9.823], [105.8112, 9.8093], [105.8241, 9.8187], [105.858, 9.806], [105.91, 9.786]],
  },
  {
    id: 'ql61',
    name: 'QL61',
    kind: 'national',
    // Cái Tắc → Nàng Mau (Vị Thủy) → Vị Thanh → Kiên Giang
    line: [[105.6716, 9.8793], [105.6632, 9.8744], [105.628, 9.851], [105.592, 9.824], [105.5604, 9.8012], [105.525, 9.793], [105.495, 9.789], [105.4689, 9.7842], [105.43, 9.787], [105.38, 9.795], [105.34, 9.8]],
  },
  {
    id: 'ql61c',
    name: 'QL61C',
    kind: 'national',
    // Cần Thơ → Một Ngàn → Tân Hòa → along the Xà No canal → Vị Thanh
    line: [[105.735, 10.03], [105.69, 9.975], [105.6388, 9.9305], [105.6, 9.897], [105.555, 9.862], [105.51, 9.826], [105.4751, 9.7801]],
  },
  {
    id: 'quan-lo-phung-hiep',
    name: 'Quản Lộ – Phụng Hiệp',
    kind: 'national',
    // Phụng Hiệp (off QL1) → Cây Dương → south to Sóc Trăng / Bạc Liêu
    line: [[105.77, 9.83], [105.7318, 9.8021], [105.722, 9.76], [105.716, 9.71], [105.708, 9.66], [105.7, 9.6]],
  },
  {
    id: 'cao-toc-can-tho-ca-mau',
    name: 'Cao tốc Cần Thơ – Cà Mau',
    kind: 'expressway',
    // Cần Thơ → Tân Phú Thạnh → Vị Thủy → west of Long Mỹ → Cà Mau
    line: [[105.725, 10.03], [105.6851, 9.9402], [105.655, 9.885], [105.615, 9.82], [105.585, 9.755], [105.545, 9.7], [105.51, 9.64], [105.47, 9.57]],
  },
];

const NGA_BAY_JUNCTION: LonLat = [105.8207, 9.8166];
/** Directions (degrees anticlockwise from east) and lengths (degrees) of the seven canals meeting at Ngã Bảy. */
const NGA_BAY_BRANCHES: readonly [angle: number, length: number][] = [
  [62, 0.05], [18, 0.035], [-28, 0.04], [-78, 0.045], [-128, 0.05], [-168, 0.04], [148, 0.035],
];

const RIVERS: readonly { id: string; name: string; kind: string; line: LonLat[] }[] = [
  {
    id: 'kenh-xa-no',
    name: 'Kênh Xà No',
    kind: 'canal',
    // Cần Thơ (Cái Răng) → Một Ngàn → Vị Thanh, where it meets the Cái Lớn
    line: [[105.752, 10.032], [105.7, 9.978], [105.645, 9.936], [105.602, 9.902], [105.556, 9.867], [105.51, 9.831], [105.4738, 9.7904], [105.44, 9.776], [105.412, 9.771]],
  },
  {
    id: 'song-cai-lon',
    name: 'Sông Cái Lớn',
    kind: 'river',
    // Long Mỹ (Vĩnh Viễn) → north-west past Vị Thanh → Kiên Giang
    line: [[105.668, 9.558], [105.636, 9.59], [105.6024, 9.6213], [105.565, 9.645], [105.525, 9.676], [105.487, 9.712], [105.452, 9.748], [105.412, 9.771], [105.375, 9.792], [105.33, 9.81]],
  },
];

// ── geometry helpers (planar, on a local km projection) ──────────────────────
const LAT0 = 9.79;
const LON0 = 105.62;
const KX = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
const KY = 110.57;
const toXY = ([lon, lat]: LonLat): LonLat => [(lon - LON0) * KX, (lat - LAT0) * KY];
const toLonLat = ([x, y]: LonLat): LonLat => [x / KX + LON0, y / KY + LAT0];
const round5 = (v: number): number => Math.round(v * 1e5) / 1e5 + 0; // + 0 turns -0 into 0
const roundPt = (p: LonLat): LonLat => [round5(p[0]), round5(p[1])];

function areaKm2(ring: readonly LonLat[]): number {
  return Math.abs(ringSignedArea(ring.map(toXY)));
}

/**
 * A planar point with the outline edges it lies on: an outline vertex i lies on
 * edges i−1 and i, a cut point on the one edge it was cut from, an inner vertex on
 * none. This lets the outline take in every cut point, so outline and units share
 * their vertices exactly and tile without slivers after rounding.
 */
interface Pt {
  x: number;
  y: number;
  edges: readonly number[];
  /** Outline vertices keep their exact lon/lat. */
  ll?: LonLat;
}

function outLonLat(p: Pt): LonLat {
  return p.ll ?? roundPt(toLonLat([p.x, p.y]));
}

/** Sutherland–Hodgman against one half-plane nx·x + ny·y ≤ c (subject ring open). */
function clipHalfPlane(subject: readonly Pt[], nx: number, ny: number, c: number): Pt[] {
  const out: Pt[] = [];
  const n = subject.length;
  for (let i = 0; i < n; i++) {
    const a = subject[(i + n - 1) % n]!;
    const b = subject[i]!;
    const da = nx * a.x + ny * a.y - c;
    const db = nx * b.x + ny * b.y - c;
    if (db <= 0) {
      if (da > 0) out.push(intersect(a, b, da, db));
      out.push(b);
    } else if (da <= 0) {
      out.push(intersect(a, b, da, db));
    }
  }
  return out;
}

function intersect(a: Pt, b: Pt, da: number, db: number): Pt {
  const t = da / (da - db);
  return { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y), edges: a.edges.filter((e) => b.edges.includes(e)) };
}

/** Power-diagram cell of site i: |p−s_i|² − w_i ≤ |p−s_j|² − w_j for every j. */
function powerCell(outline: readonly Pt[], sites: readonly LonLat[], weights: readonly number[], i: number): Pt[] {
  let cell: Pt[] = [...outline];
  const [ax, ay] = sites[i]!;
  for (let j = 0; j < sites.length && cell.length > 0; j++) {
    if (j === i) continue;
    const [bx, by] = sites[j]!;
    const c = bx * bx + by * by - (ax * ax + ay * ay) + weights[i]! - weights[j]!;
    cell = clipHalfPlane(cell, 2 * (bx - ax), 2 * (by - ay), c);
  }
  return cell;
}

function cellArea(cell: readonly Pt[]): number {
  return Math.abs(ringSignedArea(cell.map((p) => [p.x, p.y])));
}

// ── the region ───────────────────────────────────────────────────────────────

function makeOutline(): LonLat[] {
  const random = seededRandom(OUTLINE_SEED);
  const ring: LonLat[] = [];
  const n = OUTLINE_CONTROL.length;
  for (let i = 0; i < n; i++) {
    const a = OUTLINE_CONTROL[i]!;
    const b = OUTLINE_CONTROL[(i + 1) % n]!;
    ring.push(a);
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    const shift = (random() * 2 - 1) * OUTLINE_WOBBLE;
    const along = 0.35 + random() * 0.3;
    ring.push([a[0] + dx * along - (dy / len) * shift, a[1] + dy * along + (dx / len) * shift]);
  }
  // RFC 7946: exterior rings counter-clockwise.
  const rounded = ring.map(roundPt);
  return ringSignedArea(rounded) < 0 ? rounded.reverse() : rounded;
}

/** Slack, in km² of power distance, by which a unit's centre and cameras must be nearer their own site. */
const KEEP_MARGIN = 6;

/**
 * Fits the power weights (km²) so each cell's share of the outline approaches its
 * target share, while every unit keeps its own centre and the demo cameras of that
 * unit: w_i − w_j ≥ max over those points c of (|c−s_i|² − |c−s_j|²) + margin.
 */
function fitWeights(outline: readonly Pt[], sites: readonly LonLat[], targets: readonly number[], keep: readonly LonLat[][]): number[] {
  const total = cellArea(outline);
  const targetSum = targets.reduce((s, t) => s + t, 0);
  const want = targets.map((t) => (t / targetSum) * total);
  const n = sites.length;
  const d2 = (a: LonLat, b: LonLat): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  const lower: number[][] = sites.map((si, i) =>
    sites.map((sj, j) => (i === j ? -Infinity : Math.max(...keep[i]!.map((c) => d2(c, si) - d2(c, sj))) + KEEP_MARGIN)),
  );
  const weights = sites.map(() => 0);
  for (let round = 0; round < FIT_ROUNDS; round++) {
    const areas = sites.map((_, i) => cellArea(powerCell(outline, sites, weights, i)));
    for (let i = 0; i < n; i++) weights[i]! += 0.4 * (want[i]! - areas[i]!);
    for (let pass = 0; pass < 50; pass++) {
      let worst = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const v = lower[i]![j]! - (weights[i]! - weights[j]!);
          if (v > 0) {
            weights[i]! += v / 2;
            weights[j]! -= v / 2;
            worst = Math.max(worst, v);
          }
        }
      }
      if (worst < 1e-9) break;
    }
  }
  return weights;
}

function closeRing(ring: readonly LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return [...out, out[0]!];
}

function rayLine(from: LonLat, angleDeg: number, length: number): LonLat[] {
  const a = (angleDeg * Math.PI) / 180;
  // A slight bend half-way, different per canal (deterministic), so they do not look ruled.
  const bendDeg = ((angleDeg % 7) - 3) * 3.6;
  const mid: LonLat = [from[0] + Math.cos(a) * length * 0.5, from[1] + Math.sin(a) * length * 0.5];
  const b = a + (bendDeg * Math.PI) / 180;
  const end: LonLat = [mid[0] + Math.cos(b) * length * 0.5, mid[1] + Math.sin(b) * length * 0.5];
  return [from, mid, end].map(roundPt);
}

interface Feature {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown };
  properties: { role: string; name: string; kind: string; unitId?: string };
}

export function makeDemoRegion(): { type: 'FeatureCollection'; name: string; approximate: true; attribution: string; features: Feature[] } {
  const outline = makeOutline();
  const n = outline.length;
  const outlinePts: Pt[] = outline.map((ll, i) => {
    const [x, y] = toXY(ll);
    return { x, y, edges: [(i + n - 1) % n, i], ll };
  });
  const units = DEMO_ADMIN_UNITS;
  const sites = units.map((u) => toXY([u.lon, u.lat]));
  const keep = units.map((u) => [toXY([u.lon, u.lat]), ...DEMO_CAMERA_CATALOG.filter((c) => c.district === u.name).map((c) => toXY([c.lon, c.lat]))]);
  const targets = units.map((u) => {
    const t = TARGET_AREA_KM2[u.id];
    if (t === undefined) throw new Error(`make-demo-region: no target area for unit ${u.id}`);
    return t;
  });
  const weights = fitWeights(outlinePts, sites, targets, keep);
  const cells = units.map((_, i) => powerCell(outlinePts, sites, weights, i));

  // The outline takes in every point where a unit border meets it, in order along each side.
  const cutsByEdge = new Map<number, Map<string, LonLat>>();
  for (const cell of cells) {
    for (const p of cell) {
      if (p.ll || p.edges.length !== 1) continue;
      const ll = outLonLat(p);
      const edge = p.edges[0]!;
      const cuts = cutsByEdge.get(edge) ?? new Map<string, LonLat>();
      cuts.set(`${ll[0]},${ll[1]}`, ll);
      cutsByEdge.set(edge, cuts);
    }
  }
  const boundaryOpen: LonLat[] = [];
  outline.forEach((v, k) => {
    boundaryOpen.push(v);
    const cuts = [...(cutsByEdge.get(k)?.values() ?? [])];
    cuts.sort((a, b) => Math.hypot(a[0] - v[0], a[1] - v[1]) - Math.hypot(b[0] - v[0], b[1] - v[1]));
    boundaryOpen.push(...cuts);
  });

  const features: Feature[] = [
    { type: 'Feature', id: 'boundary', geometry: { type: 'Polygon', coordinates: [closeRing(boundaryOpen)] }, properties: { role: 'boundary', name: 'Hậu Giang', kind: 'province' } },
  ];
  units.forEach((u, i) => {
    let ring = closeRing(cells[i]!.map(outLonLat));
    if (ringSignedArea(ring) < 0) ring = ring.reverse();
    features.push({ type: 'Feature', id: `unit:${u.id}`, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { role: 'unit', name: u.name, kind: u.kind, unitId: u.id } });
  });
  for (const u of units) {
    features.push({ type: 'Feature', id: `place:${u.id}`, geometry: { type: 'Point', coordinates: roundPt([u.lon, u.lat]) }, properties: { role: 'place', name: u.name, kind: u.kind, unitId: u.id } });
  }
  for (const r of ROADS) {
    features.push({ type: 'Feature', id: `road:${r.id}`, geometry: { type: 'LineString', coordinates: r.line.map(roundPt) }, properties: { role: 'road', name: r.name, kind: r.kind } });
  }
  for (const r of RIVERS) {
    features.push({ type: 'Feature', id: `river:${r.id}`, geometry: { type: 'LineString', coordinates: r.line.map(roundPt) }, properties: { role: 'river', name: r.name, kind: r.kind } });
  }
  features.push({
    type: 'Feature',
    id: 'river:nga-bay',
    geometry: { type: 'MultiLineString', coordinates: NGA_BAY_BRANCHES.map(([angle, length]) => rayLine(NGA_BAY_JUNCTION, angle, length)) },
    properties: { role: 'river', name: 'Ngã bảy Phụng Hiệp', kind: 'canal' },
  });
  return { type: 'FeatureCollection', name: REGION_NAME, approximate: true, attribution: ATTRIBUTION, features };
}

/** One feature per line: small diffs, still plain GeoJSON. */
export function formatRegion(region: ReturnType<typeof makeDemoRegion>): string {
  const { features, ...head } = region;
  const headJson = JSON.stringify(head);
  return `${headJson.slice(0, -1)},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

/** The checks the demo region must pass before it is written; returns problems, empty when fine. */
export function checkDemoRegion(region: ReturnType<typeof makeDemoRegion>): string[] {
  const problems: string[] = [];
  const parsed = RegionSchema.safeParse(region);
  if (!parsed.success) problems.push(`RegionSchema: ${parsed.error.message}`);
  const boundary = region.features.find((f) => f.properties.role === 'boundary')!.geometry.coordinates as LonLat[][];
  const units = region.features.filter((f) => f.properties.role === 'unit');
  const unitRing = (name: string): LonLat[] | undefined => (units.find((u) => u.properties.name === name)?.geometry.coordinates as LonLat[][] | undefined)?.[0];
  for (const cam of DEMO_CAMERA_CATALOG) {
    if (!pointInPolygon(cam.lon, cam.lat, boundary[0]!)) problems.push(`camera ${cam.id} is outside the outline`);
    const ring = unitRing(cam.district);
    if (!ring) problems.push(`camera ${cam.id}: no unit named ${cam.district}`);
    else if (!pointInPolygon(cam.lon, cam.lat, ring)) problems.push(`camera ${cam.id} is outside its district ${cam.district}`);
  }
  for (const u of units) {
    const ring = u.geometry.coordinates as LonLat[][];
    const seen = new Set(ring[0]!.slice(0, -1).map((p) => `${p[0]},${p[1]}`));
    if (seen.size !== ring[0]!.length - 1) problems.push(`unit ${u.properties.unitId} has a repeated vertex (the cell split in two)`);
    const centre = DEMO_ADMIN_UNITS.find((a) => a.id === u.properties.unitId)!;
    if (!pointInPolygon(centre.lon, centre.lat, ring[0]!)) problems.push(`unit ${u.properties.unitId} does not hold its own centre`);
  }
  // The units tile the outline: every sample point inside it is in exactly one unit.
  for (let lat = 9.5; lat <= 10.05; lat += 0.0025) {
    for (let lon = 105.3; lon <= 105.95; lon += 0.0025) {
      const inBoundary = pointInPolygon(lon, lat, boundary[0]!);
      const count = units.filter((u) => pointInPolygon(lon, lat, (u.geometry.coordinates as LonLat[][])[0]!)).length;
      if (count !== (inBoundary ? 1 : 0)) problems.push(`sample ${lon.toFixed(4)},${lat.toFixed(4)} is in ${count} units (in outline: ${inBoundary})`);
    }
  }
  return problems;
}

function main(): void {
  const region = makeDemoRegion();
  const problems = checkDemoRegion(region);
  if (problems.length > 0) {
    console.error(`make-demo-region: ${problems.length} problem(s):\n  ${problems.slice(0, 40).join('\n  ')}`);
    process.exit(1);
  }
  const text = formatRegion(region);
  const units = region.features.filter((f) => f.properties.role === 'unit');
  for (const u of units) {
    const ring = (u.geometry.coordinates as LonLat[][])[0]!;
    console.log(`  ${u.properties.unitId!.padEnd(18)} ${String(ring.length - 1).padStart(3)} vertices  ${areaKm2(ring).toFixed(0).padStart(4)} km²`);
  }
  const outline = (region.features[0]!.geometry.coordinates as LonLat[][])[0]!;
  console.log(`  outline: ${outline.length - 1} vertices, ${areaKm2(outline).toFixed(0)} km²`);
  if (process.argv.includes('--check')) {
    const current = readFileSync(DEMO_REGION_PATH, 'utf8');
    if (current !== text) {
      console.error(`make-demo-region: ${path.relative(process.cwd(), DEMO_REGION_PATH)} is out of date; run npx tsx scripts/make-demo-region.ts`);
      process.exit(1);
    }
    console.log('make-demo-region: up to date');
    return;
  }
  mkdirSync(path.dirname(DEMO_REGION_PATH), { recursive: true });
  writeFileSync(DEMO_REGION_PATH, text);
  console.log(`make-demo-region: wrote ${path.relative(process.cwd(), DEMO_REGION_PATH)} (${region.features.length} features)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
