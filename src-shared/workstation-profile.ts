import { z } from 'zod';
import { SURFACES } from './desktop-api.js';
import { BasemapSettingSchema } from './model/map.js';

/**
 * A workstation profile says which surface each monitor of a workstation shows.
 * It is JSON written by whoever installs the workstation; both shells read it.
 */
export const SurfaceSchema = z.enum(SURFACES);

export const DisplayMatchSchema = z
  .object({
    /** 0-based position of the display when sorted left-to-right, top-to-bottom. */
    index: z.number().int().min(0).max(31).optional(),
    /** The display's label as the OS reports it (e.g. "DELL U2720Q"). */
    label: z.string().max(128).optional(),
    primary: z.boolean().optional(),
  })
  .refine((m) => m.index !== undefined || m.label !== undefined || m.primary !== undefined, {
    message: 'a display match needs index, label or primary',
  });

/** How a wall monitor behaves; only read for displays whose surface is `wall`. */
export const WallDisplayConfigSchema = z.object({
  /** Stable name of this wall monitor (what a supervisor's push targets); default `wall-<n>` in profile order. */
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
  label: z.string().max(128).optional(),
  /** Alarm takeover: the whole monitor, some tiles of it, or never. */
  takeover: z.enum(['none', 'display', 'tiles']).default('none'),
  takeoverTiles: z.array(z.number().int().min(0).max(24)).max(25).default([]),
  takeoverMaxAgeMinutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
  /** Concurrent streams this monitor may play (Chromium caps media players per page; decoders cost CPU). */
  streamCap: z.number().int().min(1).max(25).default(16),
});
export type WallDisplayConfig = z.output<typeof WallDisplayConfigSchema>;

export const ProfileDisplaySchema = z.object({
  match: DisplayMatchSchema,
  surface: SurfaceSchema,
  wall: WallDisplayConfigSchema.optional(),
  /** Surfaces that matter most survive when monitors are missing (lower wins). */
  priority: z.number().int().min(0).max(100).default(50),
  fullscreen: z.boolean().default(true),
});

/** The operations map's files on this workstation; relative paths are resolved against the profile's folder. */
export const ProfileMapSchema = z.object({
  /** The region GeoJSON (default: the demo region shipped with the app). */
  regionFile: z.string().trim().min(1).max(1024).optional(),
  /** The basemap until someone chooses another on this workstation (default: the region). */
  basemap: BasemapSettingSchema.optional(),
});

/** For the kiosk shell, which cannot ask the OS: the screens and where they are. */
export const KioskScreenSchema = z.object({
  id: z.string().min(1).max(64),
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  primary: z.boolean().default(false),
  label: z.string().max(128).optional(),
});

export const WorkstationProfileSchema = z.object({
  workstationId: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
  name: z.string().min(1).max(128),
  serverUrl: z.string().url(),
  locale: z.enum(['vi', 'en']).default('vi'),
  displays: z.array(ProfileDisplaySchema).min(1).max(32),
  /** Surface for a monitor the profile does not mention. */
  fallbackSurface: SurfaceSchema.default('console'),
  kioskScreens: z.array(KioskScreenSchema).max(32).optional(),
  map: ProfileMapSchema.optional(),
}).refine(
  (p) => {
    const ids = p.displays.filter((d) => d.surface === 'wall').map((d, i) => d.wall?.id ?? `wall-${i + 1}`);
    return new Set(ids).size === ids.length;
  },
  { message: 'two wall displays of the profile have the same wall id', path: ['displays'] },
);
export type WorkstationProfile = z.output<typeof WorkstationProfileSchema>;
export type WorkstationProfileInput = z.input<typeof WorkstationProfileSchema>;
export type ProfileDisplay = z.output<typeof ProfileDisplaySchema>;
export type KioskScreen = z.output<typeof KioskScreenSchema>;
