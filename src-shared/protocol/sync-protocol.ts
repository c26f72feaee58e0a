import { z } from 'zod';
import { AlertDraftSchema, AlertIdSchema, AlertActionSchema, AlertSchema, NoteSchema, UserIdSchema } from '../model/alert.js';
import { CameraHealthSchema, CameraInputSchema, CameraSchema } from '../model/camera.js';
import { DepartmentSchema, FieldReportSchema, RoutingRuleSchema } from '../model/field-report.js';
import { UserSchema, type User } from '../model/user.js';
import {
  LayoutIdSchema,
  TourIdSchema,
  WallLayoutInputSchema,
  WallLayoutSchema,
  WallPushSchema,
  WallTourInputSchema,
  WallTourSchema,
  WorkstationAnnounceSchema,
} from '../model/wall.js';
import { ERROR_CODES, type Failure } from '../result.js';
import { checkSyncEvent, isPlainArray } from './event-checks.js';
import { SyncEventSchema } from './sync-events.js';
import { REPORT_COMMAND_SCHEMAS } from './report-events.js';

/** Bumped whenever the wire format changes incompatibly; the server refuses a mismatching hello. */
export const SYNC_SCHEMA_VERSION = 1;
/** The most bytes one command's JSON may take; larger ones are refused with `payload-too-large`. */
export const MAX_COMMAND_BYTES = 64 * 1024;
/** socket.io's own frame cap; a frame above it closes that one connection, nobody else's. */
export const MAX_SOCKET_FRAME_BYTES = 1024 * 1024;
export const MAX_EVENTS_PER_BATCH = 1000;

export const WorkstationIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
export const CommandIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'commandId must be a ULID');

/**
 * How the server sends batches: `json` as `events` (the default, what any socket.io
 * client reads), `packed` as `packed-events` (see PackedEventBatchSchema). A server
 * that does not know the field ignores it and sends `events`, so a host reads both.
 */
export const BATCH_FORMATS = ['json', 'packed'] as const;
export type BatchFormat = (typeof BATCH_FORMATS)[number];

export const HelloSchema = z.object({
  workstationId: WorkstationIdSchema,
  cursor: z.number().int().min(0),
  schemaVersion: z.number().int(),
  batchFormat: z.enum(BATCH_FORMATS).optional(),
});
export type Hello = z.infer<typeof HelloSchema>;

export const HelloReplySchema = z.object({
  user: UserSchema,
  headSeq: z.number().int().min(0),
  /** Oldest seq still kept in the log; a cursor below `oldestSeq - 1` needs a snapshot. */
  oldestSeq: z.number().int().min(0),
  serverTime: z.string(),
  /**
   * Where the server's own media (report photos) are published: its public base
   * (VIGIL_PUBLIC_BASE_URL) and its own address. A workstation reads photos only from
   * the server it syncs with; this tells it which photo URLs are the server's.
   * Default for servers older than report photos.
   */
  mediaBaseUrls: z.array(z.string().max(300)).max(8).default([]),
});
export type HelloReply = z.infer<typeof HelloReplySchema>;

export const RaiseAlertPayloadSchema = z.object({ alertId: AlertIdSchema, draft: AlertDraftSchema });
export const ActOnAlertPayloadSchema = z.object({
  alertId: AlertIdSchema,
  action: AlertActionSchema,
  note: NoteSchema.optional(),
  ownerId: UserIdSchema.nullable().optional(),
});
export type RaiseAlertPayload = z.input<typeof RaiseAlertPayloadSchema>;
export type ActOnAlertPayload = z.infer<typeof ActOnAlertPayloadSchema>;

/** Every command the server accepts, with its payload schema: one table, so nothing is unvalidated. */
export const SaveCameraPayloadSchema = z.object({ camera: CameraInputSchema });
export const SaveLayoutPayloadSchema = z.object({ layout: WallLayoutInputSchema });
export const DeleteLayoutPayloadSchema = z.object({ layoutId: LayoutIdSchema });
export const SaveTourPayloadSchema = z.object({ tour: WallTourInputSchema });
export const DeleteTourPayloadSchema = z.object({ tourId: TourIdSchema });

export const COMMAND_SCHEMAS = {
  'alert.raise': RaiseAlertPayloadSchema,
  'alert.act': ActOnAlertPayloadSchema,
  /** Admin: add or edit a camera (disable = save with enabled:false). Event `camera.saved`. */
  'camera.save': SaveCameraPayloadSchema,
  /** Anyone: save a shared layout (upsert by id). Event `layout.saved`. */
  'layout.save': SaveLayoutPayloadSchema,
  /** The saver or a supervisor. Event `layout.deleted`. */
  'layout.delete': DeleteLayoutPayloadSchema,
  'tour.save': SaveTourPayloadSchema,
  'tour.delete': DeleteTourPayloadSchema,
  /** Supervisor (or anyone for their own workstation): set what a wall display shows. Event `wall.pushed`. */
  'wall.push': WallPushSchema,
  /** Any user, after login: which wall monitors this workstation has. Event `workstation.announced`. */
  'workstation.announce': WorkstationAnnounceSchema,
  /** Field reports, departments, routing rules (see report-events.ts). */
  ...REPORT_COMMAND_SCHEMAS,
} as const;
export type CommandType = keyof typeof COMMAND_SCHEMAS;
export type CommandPayload<T extends CommandType> = z.input<(typeof COMMAND_SCHEMAS)[T]>;

export const CommandEnvelopeSchema = z.object({
  commandId: CommandIdSchema,
  type: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type CommandEnvelope = z.infer<typeof CommandEnvelopeSchema>;

export function isCommandType(type: string): type is CommandType {
  return Object.prototype.hasOwnProperty.call(COMMAND_SCHEMAS, type);
}

export const FailureSchema = z.object({
  ok: z.literal(false),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});

/** `duplicate` says the command id had been seen: the first answer is repeated, nothing applied. */
export const CommandAckSchema = z.union([
  z.object({ ok: z.literal(true), seq: z.number().int().positive(), duplicate: z.boolean() }),
  FailureSchema,
]);
export type CommandAck = z.infer<typeof CommandAckSchema>;

export const EventBatchSchema = z.object({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  headSeq: z.number().int().min(0),
  items: z.array(SyncEventSchema).max(MAX_EVENTS_PER_BATCH),
});
export type EventBatch = z.infer<typeof EventBatchSchema>;

/** EventBatchSchema with the fast envelope check per item (zod decides whatever it does not accept). */
export function parseEventBatch(raw: unknown): { success: true; data: EventBatch } | { success: false; message: string } {
  fast: if (typeof raw === 'object' && raw !== null && Object.getPrototypeOf(raw) === Object.prototype) {
    const b = raw as Record<string, unknown>;
    const items = b.items;
    if (!isPositiveInt(b.from) || !isPositiveInt(b.to) || !isPositiveInt(b.headSeq, 0)) break fast;
    if (!isPlainArray(items) || items.length > MAX_EVENTS_PER_BATCH || Object.keys(b).length !== 4) break fast;
    for (let i = 0; i < items.length; i++) if (!checkSyncEvent(items[i])) break fast;
    return { success: true, data: raw as EventBatch };
  }
  const parsed = EventBatchSchema.safeParse(raw);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, message: parsed.error.issues[0]?.message ?? '' };
}

function isPositiveInt(x: unknown, min = 1): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
}

/**
 * `packed-events`: an event batch for a host that asked for it (hello `batchFormat:
 * 'packed'`), in a form that is cheap to take apart. `body` travels as one binary
 * attachment of UTF-8: its first `envBytes` bytes are a JSON array of `count`
 * envelopes `[seq, id, type, at, actor, subject, commandId, dataBytes]`, then each
 * event's `data` as JSON text, `dataBytes` bytes each, in the same order, up to the
 * end of the body. The receiver rebuilds every SyncEvent and validates it exactly as
 * one of an `events` batch; it may keep an alert's data text as it came when that
 * text parsed to the canonical alert, instead of serialising the alert again.
 */
export const PackedEventBatchSchema = z.object({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  headSeq: z.number().int().min(0),
  count: z.number().int().min(0).max(MAX_EVENTS_PER_BATCH),
  envBytes: z.number().int().min(2),
  body: z.custom<Uint8Array>((x) => x instanceof Uint8Array, 'body must be binary'),
});
export type PackedEventBatch = z.infer<typeof PackedEventBatchSchema>;
/** One envelope of a packed batch: the SyncEvent without its data, and the data's length in bytes. */
export type PackedEnvelope = [seq: number, id: string, type: string, at: string, actor: string, subject: string, commandId: string | null, dataBytes: number];

/** Sent instead of events when the replica's cursor is older than the kept log (or ahead of it). */
export const SnapshotSchema = z.object({
  seq: z.number().int().min(0),
  reason: z.enum(['cursor-too-old', 'cursor-ahead']),
  alerts: z.array(AlertSchema),
  // Defaults keep a host able to read a snapshot from a server older than the video wall.
  cameras: z.array(CameraSchema).default([]),
  cameraHealth: z.array(CameraHealthSchema).default([]),
  layouts: z.array(WallLayoutSchema).default([]),
  tours: z.array(WallTourSchema).default([]),
  workstations: z.array(WorkstationAnnounceSchema.extend({ announcedAt: z.string() })).default([]),
  // The field-report replicas (a server older than field reports sends none of these).
  reports: z.array(FieldReportSchema).default([]),
  departments: z.array(DepartmentSchema).default([]),
  routingRules: z.array(RoutingRuleSchema).default([]),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const ProtocolErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type ProtocolError = z.infer<typeof ProtocolErrorSchema>;

export type HelloAck = (reply: { ok: true; value: HelloReply } | Failure) => void;

/** socket.io event maps, shared by both ends so a renamed event fails to compile on both. */
export interface ClientToServerEvents {
  hello: (hello: Hello, ack: HelloAck) => void;
  command: (command: CommandEnvelope, ack: (ack: CommandAck) => void) => void;
}

export interface ServerToClientEvents {
  /**
   * The client acks after the batch and its cursor are committed. The server keeps a
   * few batches in flight ahead of the acks (back-pressure with a small window) and
   * sends in seq order; the client applies in arrival order.
   */
  events: (batch: EventBatch, ack: () => void) => void;
  /** The same batches, to a client whose hello asked for `batchFormat: 'packed'`. */
  'packed-events': (batch: PackedEventBatch, ack: () => void) => void;
  'resync-required': (snapshot: Snapshot, ack: () => void) => void;
  'protocol-error': (error: ProtocolError) => void;
}

export interface SocketAuth {
  token: string;
}

export interface SocketData {
  user: User;
}

/** HTTP login: POST /api/login */
export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginReplySchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: UserSchema,
});
export type LoginReply = z.infer<typeof LoginReplySchema>;
