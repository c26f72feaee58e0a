import type { User } from '../../src-shared/model/user.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { UserRepository } from '../store/user-repository.js';
import { publicUser } from '../store/user-repository.js';
import { verifyPassword } from './password.js';
import type { TokenService } from './token.js';

/**
 * Turns credentials or a token into a current user. The role is read from the
 * database on every check, so demoting or disabling a user takes effect at once.
 */
export class UserAuthenticator {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly decoyHash: string,
  ) {}

  userFromToken(token: unknown): Result<User> {
    const claims = this.tokens.verify(token);
    if (!claims.ok) return claims;
    const user = this.users.findById(claims.value.sub);
    if (!user) return fail('unauthorized', 'Unknown user');
    if (user.disabled) return fail('unauthorized', 'User is disabled');
    return ok(publicUser(user));
  }

  userFromBearer(header: string | undefined): Result<User> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return fail('unauthorized', 'Missing bearer token');
    return this.userFromToken(match[1]);
  }

  /** One generic failure for a wrong username and a wrong password, with the same bcrypt cost. */
  async login(username: string, password: string): Promise<Result<{ user: User; token: string; expiresAt: string }>> {
    const stored = this.users.findByUsername(username);
    const matches = await verifyPassword(password, stored?.passwordHash ?? this.decoyHash);
    if (!stored || stored.disabled || !matches) return fail('unauthorized', 'Wrong username or password');
    const { token, expiresAt } = this.tokens.issue(stored.id);
    return ok({ user: publicUser(stored), token, expiresAt });
  }
}
