import { z } from 'zod';

/**
 * A public-service dossier (hồ sơ thủ tục hành chính) as the centre watches it on the
 * province's portal: what was asked, who received it, who handles it, when it is due
 * and when it was done. Citizen-facing fields are kept minimal on purpose: no applicant
 * name or number, only the locality, so the centre holds no personal data it does not need.
 */

export const DOSSIER_STATUSES = [
  'received',
  'in_progress',
  /** Yêu cầu bổ sung: the clock stops until the citizen supplies documents. */
  'additional_docs_requested',
  /** Tạm dừng: the clock stops (e.g. waiting for another agency's opinion). */
  'paused',
  'completed',
  /** Trả lại: done without granting; counts as completed for timeliness. */
  'returned',
  'cancelled',
] as const;
export const DossierStatusSchema = z.enum(DOSSIER_STATUSES);
export type DossierStatus = z.infer<typeof DossierStatusSchema>;

export const DOSSIER_CHANNELS = ['online', 'counter', 'post'] as const;
export const DossierChannelSchema = z.enum(DOSSIER_CHANNELS);
export type DossierChannel = z.infer<typeof DossierChannelSchema>;

/** Level of online service of the procedure: full online, partial online, or none. */
export const PROCEDURE_LEVELS = ['full', 'partial', 'none'] as const;
export const ProcedureLevelSchema = z.enum(PROCEDURE_LEVELS);
export type ProcedureLevel = z.infer<typeof ProcedureLevelSchema>;

export const AgencyIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'agency id has illegal characters');
export const DossierCodeSchema = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}._\-/]+$/u, 'dossier code has illegal characters');

/** An ISO 8601 instant with a time zone (Z or ±hh:mm), as the portal must send it. */
export const InstantSchema = z.iso.datetime({ offset: true });

export const ProcedureSchema = z.object({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(500),
  /** Lĩnh vực, e.g. "Đất đai", "Hộ tịch". */
  field: z.string().trim().min(1).max(200),
  level: ProcedureLevelSchema,
});
export type Procedure = z.infer<typeof ProcedureSchema>;

/** A stretch of time the dossier's clock was stopped; `to` null while it still is. */
export const DossierPauseSchema = z.object({ from: InstantSchema, to: InstantSchema.nullable() });
export type DossierPause = z.infer<typeof DossierPauseSchema>;

export const DossierSchema = z.object({
  code: DossierCodeSchema,
  procedure: ProcedureSchema,
  receivingAgencyId: AgencyIdSchema,
  handlingAgencyId: AgencyIdSchema,
  channel: DossierChannelSchema,
  receivedAt: InstantSchema,
  dueAt: InstantSchema,
  completedAt: InstantSchema.nullable(),
  status: DossierStatusSchema,
  pauses: z.array(DossierPauseSchema).max(50),
  /** The administrative unit the applicant belongs to (for per-locality figures); null when unknown. */
  localityId: z.string().max(64).nullable(),
  /** When the portal last changed it (the connector's watermark follows this). */
  updatedAt: InstantSchema,
  /** Which connector brought it (provenance). */
  sourceId: z.string().min(1).max(64),
});
export type Dossier = z.infer<typeof DossierSchema>;

export const AgencySchema = z.object({
  id: AgencyIdSchema,
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().max(60).default(''),
});
export type Agency = z.output<typeof AgencySchema>;

/** How a dossier stands against its due time (see dossier-timeliness.ts). */
export const TIMELINESS = ['on-time', 'late', 'overdue', 'at-risk', 'in-time', 'cancelled'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** Statuses whose dossier is finished (completedAt set). */
export const DONE_STATUSES: readonly DossierStatus[] = ['completed', 'returned'];
