import { describe, expect, it } from 'vitest';
import { hashPassword, makeDecoyHash, verifyPassword } from '../../../server/auth/password.js';

describe('password hashing', () => {
  it('stores a salted bcrypt hash that verifies only the right password', async () => {
    const hash = await hashPassword('vigil-demo', 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain('vigil-demo');
    expect(await verifyPassword('vigil-demo', hash)).toBe(true);
    expect(await verifyPassword('vigil-demo!', hash)).toBe(false);
    expect(await hashPassword('vigil-demo', 4)).not.toBe(hash);
  });

  it('has a decoy hash that matches no real password', async () => {
    const decoy = makeDecoyHash(4);
    expect(await verifyPassword('vigil-demo', decoy)).toBe(false);
  });
});
