import { z } from 'zod';

/**
 * The operations map's geography. The region is configuration, not code: the
 * deployment supplies a GeoJSON FeatureCollection of its boundary, administrative
 * units (with names), main roads and waterways; the demo ships an approximate
 * Hậu Giang made by the project (and says so through `approximate`).
 *
 * The basemap is offline by default: the region drawn by the map itself. A
 * workstation may instead point at a local vector- or raster-tile file (PMTiles or
 * MBTiles); its host reads the file and hands tiles to the map, so no tile request
 * ever leaves the workstation.
 */

export const REGION_ROLES = ['boundary', 'unit', 'road', 'river', 'water', 'place'] as const;
export const RegionRoleSchema = z.enum(REGION_ROLES);
export type RegionRole = z.infer<typeof RegionRoleSchema>;

const LonSchema = z.number().min(-180).max(180);
const LatSchema = z.number().min(-90).max(90);
const PositionSchema = z.tuple([LonSchema, LatSchema]).rest(z.number());
const RingSchema = z.array(PositionSchema).min(4).max(200_000);
const LineSchema = z.array(PositionSchema).min(2).max(200_000);

export const RegionGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: PositionSchema }),
  z.object({ type: z.literal('LineString'), coordinates: LineSchema }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(LineSchema).min(1).max(10_000) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(RingSchema).min(1).max(1_000) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(RingSchema).min(1).max(1_000)).min(1).max(10_000) }),
]);
export type RegionGeometry = z.infer<typeof RegionGeometrySchema>;

export const RegionFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string().max(64), z.number()]).optional(),
  geometry: RegionGeometrySchema,
  properties: z
    .object({
      role: RegionRoleSchema,
      name: z.string().trim().max(160).default(''),
      /** e.g. city, town, district for units; national, provincial, expressway for roads. */
      kind: z.string().trim().max(60).default(''),
      /** Stable unit id (matches administrative units elsewhere, e.g. field-report routing). */
      unitId: z.string().trim().max(64).optional(),
    })
    .loose(),
});
export type RegionFeature = z.output<typeof RegionFeatureSchema>;

export const RegionSchema = z.object({
  type: z.literal('FeatureCollection'),
  /** Display name of the region, e.g. "Hậu Giang (gần đúng)". */
  name: z.string().trim().min(1).max(160),
  /** True for hand-made outlines: the map labels them approximate. */
  approximate: z.boolean().default(false),
  attribution: z.string().trim().max(300).default(''),
  features: z.array(RegionFeatureSchema).min(1).max(20_000),
}).refine((r) => r.features.some((f) => f.properties.role === 'boundary'), {
  message: 'a region needs at least one feature with role "boundary"',
  path: ['features'],
});
export type Region = z.output<typeof RegionSchema>;

/** [west, south, east, north] */
export type Bounds = [number, number, number, number];

export function regionBounds(region: Pick<Region, 'features'>): Bounds {
  let w = 180, s = 90, e = -180, n = -90;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [lon, lat] = c as number[];
      if (lon! < w) w = lon!;
      if (lon! > e) e = lon!;
      if (lat! < s) s = lat!;
      if (lat! > n) n = lat!;
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const f of region.features) visit(f.geometry.coordinates);
  return [w, s, e, n];
}

// ── basemap ──────────────────────────────────────────────────────────────────
export const BASEMAP_KINDS = ['region', 'pmtiles', 'mbtiles'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

/** An absolute path on the workstation; the host checks that it exists and is what it claims. */
const BasemapPathSchema = z.string().trim().min(1).max(1024).refine((p) => !p.includes('\0'), 'path has a NUL byte');

export const BasemapSettingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('region') }),
  z.object({ kind: z.literal('pmtiles'), path: BasemapPathSchema }),
  z.object({ kind: z.literal('mbtiles'), path: BasemapPathSchema }),
]);
export type BasemapSetting = z.output<typeof BasemapSettingSchema>;

export type TileFormat = 'pbf' | 'png' | 'jpg' | 'webp';

export interface VectorLayerInfo {
  id: string;
  /** Attribute names the file declares for this layer (may be empty). */
  fields: string[];
}

/** What the map needs to draw the current basemap. */
export interface BasemapInfo {
  kind: BasemapKind;
  /** The file's own name (metadata `name`) or the region's name. */
  name: string;
  /** For tile files: the path it was read from; null for the region. */
  path: string | null;
  /** For tile files. Vector tiles (pbf) are drawn with a generated dark style; raster tiles as they are. */
  tileFormat: TileFormat | null;
  minzoom: number;
  maxzoom: number;
  bounds: Bounds;
  center: [number, number];
  vectorLayers: VectorLayerInfo[];
  attribution: string;
  /** Bumped whenever the basemap changes, so a map can drop tiles it cached. */
  revision: number;
}

/** Tile coordinates as maplibre asks for them (XYZ, y down). */
export const TileCoordSchema = z.tuple([
  z.number().int().min(0).max(24),
  z.number().int().min(0).max(2 ** 24 - 1),
  z.number().int().min(0).max(2 ** 24 - 1),
]).refine(([z, x, y]) => x < 2 ** z && y < 2 ** z, 'tile x/y out of range for its zoom');
