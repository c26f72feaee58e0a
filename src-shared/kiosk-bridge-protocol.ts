import { z } from 'zod';
import { ERROR_CODES, fail, ok, type ErrorCode, type Result } from './result.js';

/**
 * The kiosk bridge: how a renderer served over loopback HTTP reaches its
 * workstation host without Electron. One WebSocket per window at
 * `ws://127.0.0.1:<port>/bridge?token=<token>`; the token is minted per launch and
 * handed to the page in the URL fragment (never sent to the HTTP server).
 *
 * Client → host: `invoke` (the same channels as Electron IPC, `vigil:<domain>:<method>`).
 * Host → client: `result` (answers one invoke by id), `event` (every push event goes
 * to every window; windows filter locally), `error` (a problem not tied to an invoke).
 * Everything is JSON text frames; errors travel as data, like every other boundary.
 */
export const KIOSK_BRIDGE_PATH = '/bridge';
/** Query parameter of the bridge URL (and key in the page's URL fragment) carrying the launch token. */
export const KIOSK_TOKEN_PARAM = 'token';
/**
 * Largest frame either side should accept; bigger frames are refused, not parsed. Host
 * answers carry the map's region (a GeoJSON file of up to 20 MB, see the host's
 * REGION_FILE_MAX_BYTES) and base64 tiles; what windows send is capped far lower by the
 * host's WebSocket (BRIDGE_MAX_PAYLOAD_BYTES).
 */
export const KIOSK_BRIDGE_MAX_FRAME_BYTES = 32 * 1024 * 1024;
/** Close codes the host may use; the client stops reconnecting on `unauthorized`. */
export const KIOSK_CLOSE_CODES = {
  /** Missing or wrong token. */
  unauthorized: 4401,
  /** The host is shutting down on purpose (a restart looks like a plain 1001/1006). */
  shuttingDown: 4000,
} as const;

const ChannelSchema = z.string().min(1).max(128).regex(/^vigil:[a-z]+:[A-Za-z]+$/, 'not a vigil channel');
const InvokeIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ErrorCodeSchema = z.enum(ERROR_CODES);

export const KioskResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), code: ErrorCodeSchema, message: z.string(), details: z.unknown().optional() }),
]);

export const KioskInvokeMessageSchema = z.object({
  type: z.literal('invoke'),
  id: InvokeIdSchema,
  channel: ChannelSchema,
  args: z.array(z.unknown()).max(16),
});

export const KioskResultMessageSchema = z.object({
  type: z.literal('result'),
  id: InvokeIdSchema,
  result: KioskResultSchema,
});

export const KioskEventMessageSchema = z.object({
  type: z.literal('event'),
  channel: ChannelSchema,
  payload: z.unknown(),
});

export const KioskErrorMessageSchema = z.object({
  type: z.literal('error'),
  code: ErrorCodeSchema,
  message: z.string().max(2000),
  /** Set when the error answers a frame the host could read an id from but not otherwise accept. */
  id: InvokeIdSchema.optional(),
});

export const KioskClientMessageSchema = z.discriminatedUnion('type', [KioskInvokeMessageSchema]);
export const KioskHostMessageSchema = z.discriminatedUnion('type', [
  KioskResultMessageSchema,
  KioskEventMessageSchema,
  KioskErrorMessageSchema,
]);

export interface KioskInvokeMessage {
  type: 'invoke';
  id: number;
  channel: string;
  args: unknown[];
}
export interface KioskResultMessage {
  type: 'result';
  id: number;
  result: Result<unknown>;
}
export interface KioskEventMessage {
  type: 'event';
  channel: string;
  payload: unknown;
}
export interface KioskErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  id?: number | undefined;
}
export type KioskClientMessage = KioskInvokeMessage;
export type KioskHostMessage = KioskResultMessage | KioskEventMessage | KioskErrorMessage;

function parseFrame<T>(raw: unknown, schema: z.ZodType, what: string): Result<T> {
  if (typeof raw !== 'string') return fail('bad-request', `${what} frame must be text`);
  if (raw.length > KIOSK_BRIDGE_MAX_FRAME_BYTES) return fail('payload-too-large', `${what} frame too large`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail('bad-request', `${what} frame is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('bad-request', `Invalid ${what} frame${issue ? ` at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : ''}`);
  }
  return ok(parsed.data as T);
}

/** Host side: reads one text frame from a window. */
export function parseKioskClientMessage(raw: unknown): Result<KioskClientMessage> {
  return parseFrame<KioskClientMessage>(raw, KioskClientMessageSchema, 'client');
}

/** Window side: reads one text frame from the host. */
export function parseKioskHostMessage(raw: unknown): Result<KioskHostMessage> {
  return parseFrame<KioskHostMessage>(raw, KioskHostMessageSchema, 'host');
}

/** The bridge URL for a page served from `host` (e.g. `127.0.0.1:4700`). */
export function kioskBridgeUrl(host: string, token: string): string {
  return `ws://${host}${KIOSK_BRIDGE_PATH}?${KIOSK_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}
