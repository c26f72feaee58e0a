import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { alertPriority, type Alert } from './alert.js';
import { CameraIdSchema } from './camera.js';
import { hasRoleAtLeast, type User } from './user.js';

/**
 * The video wall: grids, named layouts, tours and what each wall display of a
 * workstation shows. Layouts and tours live on the server (shared by every
 * workstation, cached for offline use); what a display shows right now lives on
 * the workstation (so it keeps showing it through an outage) and can be pushed
 * by a supervisor through the server.
 */
export const WALL_GRIDS = ['1', '2x2', '3x3', '4x4', '5x5', '1+5', '1+7'] as const;
export const WallGridSchema = z.enum(WALL_GRIDS);
export type WallGrid = z.infer<typeof WallGridSchema>;

/** One tile's place on a CSS grid of `columns` × `rows` cells (1-based lines, like grid-column). */
export interface TileRect {
  column: number;
  row: number;
  columnSpan: number;
  rowSpan: number;
}

export interface GridGeometry {
  columns: number;
  rows: number;
  tiles: TileRect[];
}

function square(n: number): GridGeometry {
  const tiles: TileRect[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) tiles.push({ column: c + 1, row: r + 1, columnSpan: 1, rowSpan: 1 });
  return { columns: n, rows: n, tiles };
}

/** 1 large tile spanning (size-1)² cells top-left, the rest along the right and bottom edges. */
function oneLargePlus(size: number): GridGeometry {
  const big = size - 1;
  const tiles: TileRect[] = [{ column: 1, row: 1, columnSpan: big, rowSpan: big }];
  for (let r = 0; r < big; r++) tiles.push({ column: size, row: r + 1, columnSpan: 1, rowSpan: 1 });
  for (let c = 0; c < size; c++) tiles.push({ column: c + 1, row: size, columnSpan: 1, rowSpan: 1 });
  return { columns: size, rows: size, tiles };
}

/** Pure: where each tile of a grid sits. Tile 0 is the large one in asymmetric grids. */
export function gridGeometry(grid: WallGrid): GridGeometry {
  switch (grid) {
    case '1': return square(1);
    case '2x2': return square(2);
    case '3x3': return square(3);
    case '4x4': return square(4);
    case '5x5': return square(5);
    case '1+5': return oneLargePlus(3);
    case '1+7': return oneLargePlus(4);
  }
}

export function tileCount(grid: WallGrid): number {
  return gridGeometry(grid).tiles.length;
}

export const LayoutIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'layout id has illegal characters');
export const TourIdSchema = LayoutIdSchema;

/** A tile holds a camera or nothing. */
export const TileCameraSchema = CameraIdSchema.nullable();

export const WallLayoutInputSchema = z
  .object({
    id: LayoutIdSchema,
    name: z.string().trim().min(1).max(120),
    grid: WallGridSchema,
    tiles: z.array(TileCameraSchema).max(25),
  })
  .refine((l) => l.tiles.length === tileCount(l.grid), { message: 'tiles must hold one entry per tile of the grid', path: ['tiles'] });
export type WallLayoutInput = z.input<typeof WallLayoutInputSchema>;

export const WallLayoutSchema = z.object({
  id: LayoutIdSchema,
  name: z.string(),
  grid: WallGridSchema,
  tiles: z.array(TileCameraSchema),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type WallLayout = z.output<typeof WallLayoutSchema>;

/**
 * A tour cycles either cameras (a group, or a list) through the tiles of a grid,
 * or a list of saved layouts, every `intervalSeconds`.
 */
export const TourStepsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cameras'), grid: WallGridSchema, cameraIds: z.array(CameraIdSchema).max(500).default([]), group: z.string().max(80).nullable().default(null) }),
  z.object({ kind: z.literal('layouts'), layoutIds: z.array(LayoutIdSchema).min(1).max(100) }),
]);
export type TourSteps = z.output<typeof TourStepsSchema>;

export const WallTourInputSchema = z.object({
  id: TourIdSchema,
  name: z.string().trim().min(1).max(120),
  intervalSeconds: z.number().int().min(3).max(3600),
  steps: TourStepsSchema,
});
export type WallTourInput = z.input<typeof WallTourInputSchema>;

export const WallTourSchema = WallTourInputSchema.extend({ updatedAt: z.string(), updatedBy: z.string() });
export type WallTour = z.output<typeof WallTourSchema>;

/** What one wall display shows: a saved layout, an ad-hoc grid, or a running tour. */
export const WallContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('layout'), layoutId: LayoutIdSchema }),
  z.object({ kind: z.literal('adhoc'), grid: WallGridSchema, tiles: z.array(TileCameraSchema).max(25) }),
  z.object({ kind: z.literal('tour'), tourId: TourIdSchema }),
]);
export type WallContent = z.output<typeof WallContentSchema>;

export const DisplayIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);

export interface WallDisplayState {
  displayId: string;
  content: WallContent;
  /** Who set it: a user id on this workstation, or the supervisor whose push it was. */
  setBy: string;
  setAt: string;
  /** Server seq of the push that set it; null for a local change. */
  pushSeq: number | null;
}

/** Server command `wall.push`: a supervisor sets what a display of any workstation shows. */
export const WallPushSchema = z.object({
  workstationId: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
  displayId: DisplayIdSchema,
  content: WallContentSchema,
});
export type WallPush = z.output<typeof WallPushSchema>;

/** Command `workstation.announce`: a host tells the server which wall monitors it has (after each login). */
export const WorkstationAnnounceSchema = z.object({
  workstationId: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
  name: z.string().trim().min(1).max(128),
  displays: z.array(z.object({ displayId: DisplayIdSchema, label: z.string().max(128) })).max(32),
});
export type WorkstationAnnounce = z.output<typeof WorkstationAnnounceSchema>;

export function decideWallPush(user: Pick<User, 'role'>, ownWorkstation: boolean): Result<null> {
  if (ownWorkstation || hasRoleAtLeast(user.role, 'supervisor')) return ok(null);
  return fail('forbidden', "Only a supervisor may set another workstation's wall");
}

/** Anyone may save a shared layout or tour; deleting one someone else saved takes a supervisor. */
export function decideLayoutDelete(user: Pick<User, 'id' | 'role'>, savedBy: string): Result<null> {
  if (savedBy === user.id || hasRoleAtLeast(user.role, 'supervisor')) return ok(null);
  return fail('forbidden', 'Only a supervisor may delete a layout or tour someone else saved');
}

/** Resolves what a display shows to a grid and its tiles, now. Pure; `nowMs` picks the tour step. */
export interface ResolvedWall {
  grid: WallGrid;
  tiles: (string | null)[];
  /** For a tour: the step index and when the next one starts. */
  tour: { tourId: string; step: number; steps: number; nextAtMs: number } | null;
  /** Name to show (layout or tour), null for ad-hoc. */
  title: string | null;
  missing: 'layout' | 'tour' | null;
}

function fill(grid: WallGrid, cameraIds: readonly (string | null)[]): (string | null)[] {
  const n = tileCount(grid);
  return Array.from({ length: n }, (_, i) => cameraIds[i] ?? null);
}

export function resolveWall(
  content: WallContent,
  layouts: ReadonlyMap<string, WallLayout>,
  tours: ReadonlyMap<string, WallTour>,
  camerasInGroup: (group: string) => string[],
  nowMs: number,
): ResolvedWall {
  if (content.kind === 'adhoc') return { grid: content.grid, tiles: fill(content.grid, content.tiles), tour: null, title: null, missing: null };
  if (content.kind === 'layout') {
    const layout = layouts.get(content.layoutId);
    if (!layout) return { grid: '2x2', tiles: fill('2x2', []), tour: null, title: null, missing: 'layout' };
    return { grid: layout.grid, tiles: fill(layout.grid, layout.tiles), tour: null, title: layout.name, missing: null };
  }
  const tour = tours.get(content.tourId);
  if (!tour) return { grid: '2x2', tiles: fill('2x2', []), tour: null, title: null, missing: 'tour' };
  const periodMs = tour.intervalSeconds * 1000;
  const tick = Math.floor(nowMs / periodMs);
  const nextAtMs = (tick + 1) * periodMs;
  if (tour.steps.kind === 'layouts') {
    const ids = tour.steps.layoutIds;
    const step = tick % ids.length;
    const layout = layouts.get(ids[step]!);
    const grid = layout?.grid ?? '2x2';
    return { grid, tiles: fill(grid, layout?.tiles ?? []), tour: { tourId: tour.id, step, steps: ids.length, nextAtMs }, title: tour.name, missing: null };
  }
  const grid = tour.steps.grid;
  const perPage = tileCount(grid);
  const pool = [...tour.steps.cameraIds, ...(tour.steps.group ? camerasInGroup(tour.steps.group) : [])];
  const unique = [...new Set(pool)];
  const pages = Math.max(1, Math.ceil(unique.length / perPage));
  const step = tick % pages;
  return {
    grid,
    tiles: fill(grid, unique.slice(step * perPage, step * perPage + perPage)),
    tour: { tourId: tour.id, step, steps: pages, nextAtMs },
    title: tour.name,
    missing: null,
  };
}

/**
 * Alarm takeover: unacknowledged alerts with related cameras, most pressing first.
 * The first one owns the takeover display until it is acknowledged; the rest wait.
 */
export function takeoverQueue(alerts: readonly Alert[], nowMs: number, maxAgeMs: number): Alert[] {
  return alerts
    .filter((a) => a.state === 'new' && a.cameraIds.length > 0 && nowMs - Date.parse(a.raisedAt) <= maxAgeMs)
    .sort((a, b) => alertPriority(b) - alertPriority(a) || a.raisedAt.localeCompare(b.raisedAt) || a.id.localeCompare(b.id));
}

/** The grid that fits `n` takeover cameras best. */
export function takeoverGrid(n: number): WallGrid {
  if (n <= 1) return '1';
  if (n <= 4) return '2x2';
  if (n <= 6) return '1+5';
  if (n <= 9) return '3x3';
  return '4x4';
}
