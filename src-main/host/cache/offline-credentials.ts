import { UserSchema, type User } from '../../../src-shared/model/user.js';
import type { CacheDb } from './cache-database.js';

/**
 * What lets a user who has logged in here before log in while the server is
 * unreachable: a bcrypt hash computed locally at a successful online login
 * (never the server's hash), the user as the server described it, and the token.
 */
export interface OfflineCredential {
  username: string;
  passwordHash: string;
  user: User;
  token: string | null;
  tokenExpiresAt: string | null;
  lastLoginAt: string;
}

interface Row {
  username: string;
  password_hash: string;
  user: string;
  token: string | null;
  token_expires_at: string | null;
  last_login_at: string;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export class OfflineCredentials {
  private readonly findStmt;
  private readonly upsertStmt;
  private readonly forgetTokenStmt;

  constructor(db: CacheDb) {
    this.findStmt = db.prepare<[string], Row>('SELECT * FROM offline_credentials WHERE username = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO offline_credentials (username, password_hash, user, token, token_expires_at, last_login_at)
       VALUES (@username, @passwordHash, @user, @token, @tokenExpiresAt, @lastLoginAt)
       ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash, user = excluded.user,
         token = excluded.token, token_expires_at = excluded.token_expires_at, last_login_at = excluded.last_login_at`,
    );
    this.forgetTokenStmt = db.prepare<[string]>(
      'UPDATE offline_credentials SET token = NULL, token_expires_at = NULL WHERE username = ?',
    );
  }

  find(username: string): OfflineCredential | null {
    const row = this.findStmt.get(normalizeUsername(username));
    if (!row) return null;
    const user = UserSchema.safeParse(JSON.parse(row.user));
    if (!user.success) return null;
    return {
      username: row.username,
      passwordHash: row.password_hash,
      user: user.data,
      token: row.token,
      tokenExpiresAt: row.token_expires_at,
      lastLoginAt: row.last_login_at,
    };
  }

  store(credential: OfflineCredential): void {
    this.upsertStmt.run({
      username: normalizeUsername(credential.username),
      passwordHash: credential.passwordHash,
      user: JSON.stringify(credential.user),
      token: credential.token,
      tokenExpiresAt: credential.tokenExpiresAt,
      lastLoginAt: credential.lastLoginAt,
    });
  }

  /** The server refused the token: keep the password hash, forget the token. */
  forgetToken(username: string): void {
    this.forgetTokenStmt.run(normalizeUsername(username));
  }
}
