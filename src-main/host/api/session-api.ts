import bcrypt from 'bcryptjs';
import type { Credentials, SessionApi, SessionInfo } from '../../../src-shared/desktop-api.js';
import type { User } from '../../../src-shared/model/user.js';
import { fail, failureFromUnknown, ok, type Result } from '../../../src-shared/result.js';
import { normalizeUsername } from '../cache/offline-credentials.js';
import type { ActiveSession, HostContext } from '../host-context.js';
import type { TokenResult, TokenSource } from '../sync/sync-engine.js';
import { postLogin } from './login-client.js';

const TOKEN_MARGIN_MS = 5_000;

function tokenUsable(session: ActiveSession): boolean {
  if (!session.token) return false;
  if (!session.tokenExpiresAt) return true;
  return Date.parse(session.tokenExpiresAt) - TOKEN_MARGIN_MS > Date.now();
}

/**
 * Login goes to the server when it answers; only when it cannot be reached (not
 * when it says no) is the password checked against this workstation's cache.
 */
export function createSessionApi(ctx: HostContext): SessionApi & { restore(): void } {
  async function rememberOnlineLogin(credentials: Credentials, user: User, token: string, expiresAt: string, at: string) {
    const passwordHash = await bcrypt.hash(credentials.password, ctx.bcryptCost);
    ctx.offline.store({
      username: credentials.username,
      passwordHash,
      user,
      token,
      tokenExpiresAt: expiresAt,
      lastLoginAt: at,
    });
  }

  function tokenSourceFor(session: ActiveSession): TokenSource {
    return {
      async current(): Promise<TokenResult> {
        // Without a password to fetch a new one, try the token anyway: the server's clock is the judge.
        if (session.token && (tokenUsable(session) || session.password === null)) return { ok: true, token: session.token };
        if (session.password === null) {
          return { ok: false, code: 'unauthorized', message: 'The session has expired: log in again' };
        }
        const outcome = await postLogin(ctx.serverUrl, { username: session.info.user.username, password: session.password }, ctx.loginTimeoutMs);
        if (outcome.kind === 'unreachable') return { ok: false, code: 'unavailable', message: outcome.message };
        if (outcome.kind === 'refused') return { ok: false, code: 'unauthorized', message: outcome.message };
        session.token = outcome.reply.token;
        session.tokenExpiresAt = outcome.reply.expiresAt;
        if (ctx.session === session) {
          await rememberOnlineLogin(
            { username: session.info.user.username, password: session.password },
            outcome.reply.user,
            outcome.reply.token,
            outcome.reply.expiresAt,
            new Date().toISOString(),
          ).catch(() => undefined);
        }
        return { ok: true, token: outcome.reply.token };
      },
      invalidate() {
        session.token = null;
        session.tokenExpiresAt = null;
        ctx.offline.forgetToken(session.info.user.username);
      },
    };
  }

  function begin(session: ActiveSession): void {
    ctx.session = session;
    ctx.state.setSessionUsername(normalizeUsername(session.info.user.username));
    ctx.engine.start(session.info.user.id, tokenSourceFor(session));
    ctx.pushSession();
  }

  function blockedBy(username: string): Result<null> | null {
    const current = ctx.session;
    if (!current || normalizeUsername(current.info.user.username) === normalizeUsername(username)) return null;
    if (ctx.outbox.unackedCountForUser(current.info.user.id) > 0) {
      return fail('conflict', `${current.info.user.displayName} still has actions waiting to be sent`);
    }
    return null;
  }

  return {
    async login(credentials: Credentials): Promise<Result<SessionInfo>> {
      try {
        const username = credentials.username.trim();
        const blocked = blockedBy(username);
        if (blocked) return blocked as Result<never>;
        const outcome = await postLogin(ctx.serverUrl, { username, password: credentials.password }, ctx.loginTimeoutMs);
        const at = new Date().toISOString();
        if (outcome.kind === 'refused') return fail(outcome.code, outcome.message);
        if (outcome.kind === 'ok') {
          const { user, token, expiresAt } = outcome.reply;
          await rememberOnlineLogin({ username, password: credentials.password }, user, token, expiresAt, at);
          const info: SessionInfo = { user, offline: false, loggedInAt: at };
          begin({ info, token, tokenExpiresAt: expiresAt, password: null });
          ctx.refreshDirectory(token);
          return ok(info);
        }
        const known = ctx.offline.find(username);
        if (!known) return fail('offline', 'The server is unreachable and this user has never logged in on this workstation');
        if (!(await bcrypt.compare(credentials.password, known.passwordHash))) {
          return fail('unauthorized', 'Wrong username or password');
        }
        const info: SessionInfo = { user: known.user, offline: true, loggedInAt: at };
        begin({ info, token: known.token, tokenExpiresAt: known.tokenExpiresAt, password: credentials.password });
        return ok(info);
      } catch (error) {
        return failureFromUnknown(error);
      }
    },

    async logout(): Promise<Result<null>> {
      const current = ctx.session;
      if (!current) return ok(null);
      const waiting = ctx.outbox.unackedCountForUser(current.info.user.id);
      if (waiting > 0) {
        return fail('conflict', `${waiting} action(s) are still waiting to be sent; log out once they are delivered`, { queued: waiting });
      }
      ctx.engine.stop();
      ctx.session = null;
      ctx.state.setSessionUsername(null);
      ctx.pushSession();
      return ok(null);
    },

    async current(): Promise<Result<SessionInfo | null>> {
      return ok(ctx.session?.info ?? null);
    },

    /** Resumes the last session after a restart, when its stored token is still valid. */
    restore(): void {
      const username = ctx.state.sessionUsername();
      if (!username) return;
      const known = ctx.offline.find(username);
      if (!known?.token) return;
      const session: ActiveSession = {
        info: { user: known.user, offline: false, loggedInAt: new Date().toISOString() },
        token: known.token,
        tokenExpiresAt: known.tokenExpiresAt,
        password: null,
      };
      if (!tokenUsable(session)) return;
      begin(session);
    },
  };
}
