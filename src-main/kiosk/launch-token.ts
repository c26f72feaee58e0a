import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A secret minted at each launch: 32 random bytes as hex. Only windows we open are given it. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(candidate, 'utf8');
  const b = Buffer.from(token, 'utf8');
  if (a.length !== b.length) {
    // Still spend a comparison so a wrong length costs the same as a wrong byte.
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
