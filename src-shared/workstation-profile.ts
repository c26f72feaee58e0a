import { z } from 'zod';
import { SURFACES } from './desktop-api.js';

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

export const ProfileDisplaySchema = z.object({
  match: DisplayMatchSchema,
  surface: SurfaceSchema,
  /** Surfaces that matter most survive when monitors are missing (lower wins). */
  priority: z.number().int().min(0).max(100).default(50),
  fullscreen: z.boolean().default(true),
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
});
export type WorkstationProfile = z.output<typeof WorkstationProfileSchema>;
export type WorkstationProfileInput = z.input<typeof WorkstationProfileSchema>;
export type ProfileDisplay = z.output<typeof ProfileDisplaySchema>;
export type KioskScreen = z.output<typeof KioskScreenSchema>;
