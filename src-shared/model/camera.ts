import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { compareByName } from '../text/normalize.js';
import { hasRoleAtLeast, type User } from './user.js';

/**
 * A camera as the centre registers it. The stream itself comes from the camera,
 * from a gateway (MediaMTX, go2rtc) or from the demo encoders; Vigil only keeps
 * where to find it: a main stream (full resolution, for a focused tile) and a
 * sub stream (small, for grid tiles), both HLS playlists.
 */
export const CAMERA_KINDS = ['traffic', 'security', 'other'] as const;
export const CAMERA_STATUSES = ['online', 'degraded', 'offline', 'unknown'] as const;

export const CameraKindSchema = z.enum(CAMERA_KINDS);
export const CameraStatusSchema = z.enum(CAMERA_STATUSES);
export type CameraKind = z.infer<typeof CameraKindSchema>;
export type CameraStatus = z.infer<typeof CameraStatusSchema>;

export const CameraIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'camera id has illegal characters');

/** http(s) only: a `file:` or `javascript:` URL must never reach a player or the health poller. */
export const StreamUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), 'must be an http(s) URL');

export const CameraLocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  district: z.string().trim().max(120).default(''),
  address: z.string().trim().max(300).default(''),
});
export type CameraLocation = z.output<typeof CameraLocationSchema>;

/** What an admin supplies (form, CSV row, JSON item). */
export const CameraInputSchema = z.object({
  id: CameraIdSchema,
  name: z.string().trim().min(1).max(160),
  kind: CameraKindSchema,
  location: CameraLocationSchema,
  groups: z.array(z.string().trim().min(1).max(80)).max(16).default([]),
  area: z.string().trim().max(120).default(''),
  mainUrl: StreamUrlSchema,
  subUrl: StreamUrlSchema,
  snapshotUrl: StreamUrlSchema.nullable().default(null),
  enabled: z.boolean().default(true),
});
export type CameraInput = z.input<typeof CameraInputSchema>;
export type CameraInputParsed = z.output<typeof CameraInputSchema>;

export const CameraSchema = CameraInputSchema.extend({
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Camera = z.output<typeof CameraSchema>;

/** The health poller's verdict on one camera; `since` is when this status began. */
export const CameraHealthSchema = z.object({
  cameraId: CameraIdSchema,
  status: CameraStatusSchema,
  since: z.string(),
  checkedAt: z.string(),
  lastError: z.string().max(500).nullable(),
});
export type CameraHealth = z.output<typeof CameraHealthSchema>;

/**
 * What a camera tour over a group cycles through: its enabled cameras in name order.
 * The host (pushing a camera onto a touring monitor) and the wall (showing the tour)
 * must agree on this order, so both call this.
 */
export function camerasInGroup(cameras: readonly Pick<Camera, 'id' | 'name' | 'enabled' | 'groups'>[], group: string): string[] {
  return cameras
    .filter((c) => c.enabled && c.groups.includes(group))
    .sort(compareByName)
    .map((c) => c.id);
}

/** Only admins change the registry; everyone logged in may read it. */
export function canManageCameras(user: Pick<User, 'role'>): boolean {
  return hasRoleAtLeast(user.role, 'admin');
}

export function decideCameraSave(user: Pick<User, 'role'>): Result<null> {
  return canManageCameras(user) ? ok(null) : fail('forbidden', 'Only an administrator may change the camera registry');
}

/** One CSV/JSON import: every row is checked, and either all rows land or none does. */
export const MAX_IMPORT_ROWS = 2000;

export interface CameraImportRowError {
  /** 1-based row number as the admin sees it (CSV: the line after the header; JSON: the item). */
  row: number;
  cameraId: string | null;
  message: string;
}

export interface CameraImportReport {
  /** Rows that would be (dryRun) or were written. */
  accepted: number;
  created: number;
  updated: number;
  errors: CameraImportRowError[];
  /** False when any row failed: nothing was written. */
  applied: boolean;
}

export const CameraImportRequestSchema = z.object({
  format: z.enum(['csv', 'json']),
  text: z.string().min(1).max(2_000_000),
  dryRun: z.boolean().default(false),
});
export type CameraImportRequest = z.input<typeof CameraImportRequestSchema>;

/** The columns a CSV import must have (header row, any order); `groups` is `;`-separated. */
export const CAMERA_CSV_COLUMNS = [
  'id', 'name', 'kind', 'lat', 'lon', 'district', 'address', 'groups', 'area', 'mainUrl', 'subUrl', 'snapshotUrl', 'enabled',
] as const;
