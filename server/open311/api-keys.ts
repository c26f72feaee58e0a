import { createHash, timingSafeEqual } from 'node:crypto';

/** Env var holding the accepted Open311 API keys, comma-separated. */
export const OPEN311_API_KEYS_ENV = 'VIGIL_OPEN311_API_KEYS';

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * A short, stable id for a key: what reports, logs and audit records carry instead of
 * the key itself (the key cannot be recovered from it).
 */
export function apiKeyId(key: string): string {
  return `k-${createHash('sha256').update(`vigil-open311-key:${key}`, 'utf8').digest('hex').slice(0, 12)}`;
}

/** The server option wins over the environment; blanks are dropped, duplicates merged. */
export function resolveOpen311ApiKeys(option?: readonly string[] | null, env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = option ?? (env[OPEN311_API_KEYS_ENV] ?? '').split(',');
  return [...new Set(raw.map((key) => key.trim()).filter((key) => key.length > 0))];
}

/**
 * The accepted keys, held as SHA-256 digests. A candidate is hashed and compared with
 * every stored digest in constant time (timingSafeEqual on equal-length digests, no
 * early exit), so neither the match nor its position leaks through timing.
 */
export class Open311ApiKeys {
  private readonly entries: { digest: Buffer; id: string }[];

  constructor(keys: readonly string[]) {
    this.entries = resolveOpen311ApiKeys(keys).map((key) => ({ digest: digest(key), id: apiKeyId(key) }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The key's id when it is one of ours; null for anything else (missing, empty, wrong type, unknown). */
  verify(candidate: unknown): { id: string } | null {
    if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return null;
    const probe = digest(candidate.trim());
    let found: string | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, probe) && found === null) found = entry.id;
    }
    return found === null ? null : { id: found };
  }
}
