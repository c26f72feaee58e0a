import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';

/** Claims of a session token (a JWT signed with HS256, so standard tools can read it). */
export interface TokenClaims {
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 16) throw new Error('token secret must be at least 16 characters');
  }

  issue(subject: string): { token: string; expiresAt: string } {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + this.ttlSeconds;
    const body = `${HEADER}.${base64url(JSON.stringify({ sub: subject, iat, exp }))}`;
    return { token: `${body}.${sign(body, this.secret).toString('base64url')}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Accepts only our own header (no `alg` games), a valid signature and an unexpired claim. */
  verify(token: unknown): Result<TokenClaims> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return fail('unauthorized', 'Missing or malformed token');
    const parts = token.split('.');
    if (parts.length !== 3) return fail('unauthorized', 'Malformed token');
    const [header, payload, signature] = parts as [string, string, string];
    if (header !== HEADER) return fail('unauthorized', 'Unsupported token header');
    const expected = sign(`${header}.${payload}`, this.secret);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('unauthorized', 'Bad token signature');
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return fail('unauthorized', 'Malformed token claims');
    }
    if (!isClaims(claims)) return fail('unauthorized', 'Malformed token claims');
    if (claims.exp * 1000 <= this.now()) return fail('unauthorized', 'Token expired');
    return ok(claims);
  }
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sub === 'string' && v.sub.length > 0 && Number.isFinite(v.iat) && Number.isFinite(v.exp);
}

/**
 * The signing secret: an explicit option, else VIGIL_TOKEN_SECRET, else a random
 * one kept in `<dataDir>/secret.key` (mode 0600) so tokens survive a restart.
 */
export function resolveTokenSecret(dataDir: string, explicit?: string): string {
  if (explicit) return explicit;
  const fromEnv = process.env.VIGIL_TOKEN_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process won the race: use what it wrote.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
