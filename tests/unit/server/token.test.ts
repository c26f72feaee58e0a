import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenService, resolveTokenSecret } from '../../../server/auth/token.js';
import { makeTempDir } from './support/server-test-kit.js';

const SECRET = 'unit-secret-0123456789';

describe('TokenService', () => {
  it('accepts a token it issued and names the subject', () => {
    const tokens = new TokenService(SECRET, 60);
    const { token, expiresAt } = tokens.issue('op1');
    const claims = tokens.verify(token);
    expect(claims.ok && claims.value.sub).toBe('op1');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  });

  it('rejects an expired token', () => {
    let now = Date.now();
    const tokens = new TokenService(SECRET, 60, () => now);
    const { token } = tokens.issue('op1');
    now += 61_000;
    expect(tokens.verify(token)).toMatchObject({ ok: false, code: 'unauthorized', message: 'Token expired' });
  });

  it('rejects a tampered payload, a foreign secret and alg tricks', () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = tokens.issue('op1');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'sup' })).toString('base64url');
    expect(tokens.verify(`${header}.${forged}.${signature}`).ok).toBe(false);
    expect(new TokenService('another-secret-0123456', 60).verify(token).ok).toBe(false);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(tokens.verify(`${none}.${payload}.`).ok).toBe(false);
    expect(tokens.verify(`${none}.${payload}.${signature}`).ok).toBe(false);
    for (const junk of ['', 'a.b', 'a.b.c.d', 42, null, undefined, { token }]) expect(tokens.verify(junk).ok).toBe(false);
  });

  it('refuses a short secret', () => {
    expect(() => new TokenService('short')).toThrow();
  });
});

describe('resolveTokenSecret', () => {
  const temp = makeTempDir();
  afterEach(() => {
    delete process.env.VIGIL_TOKEN_SECRET;
  });

  it('prefers the option, then the environment, then a 0600 file it creates once', () => {
    expect(resolveTokenSecret(temp.dir, 'explicit-secret')).toBe('explicit-secret');
    process.env.VIGIL_TOKEN_SECRET = 'from-env-secret-123';
    expect(resolveTokenSecret(temp.dir)).toBe('from-env-secret-123');
    delete process.env.VIGIL_TOKEN_SECRET;
    const first = resolveTokenSecret(temp.dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveTokenSecret(temp.dir)).toBe(first);
    expect(fs.statSync(path.join(temp.dir, 'secret.key')).mode & 0o777).toBe(0o600);
    temp.remove();
  });
});
