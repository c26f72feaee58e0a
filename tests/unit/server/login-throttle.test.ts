import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../server/auth/login-throttle.js';

describe('login throttle', () => {
  const options = { windowMs: 60_000, maxPerUser: 3, maxPerAddress: 5 };

  it('refuses a username after too many failures until the oldest leaves the window', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(options, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('Op1', '10.0.0.1')).toBe(0);
      throttle.recordFailure('Op1', '10.0.0.1');
      now += 1000;
    }
    expect(throttle.retryAfterSeconds('op1', '10.0.0.2')).toBe(57); // case-insensitive, any address
    now += 57_000;
    expect(throttle.retryAfterSeconds('op1', '10.0.0.2')).toBe(0);
  });

  it('limits one address guessing many usernames, and a success clears only its username', () => {
    const throttle = new LoginThrottle(options, () => 0);
    for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}`, '10.0.0.9');
    expect(throttle.retryAfterSeconds('someone-else', '10.0.0.9')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('someone-else', '10.0.0.10')).toBe(0);
    const t2 = new LoginThrottle(options, () => 0);
    for (let i = 0; i < 3; i++) t2.recordFailure('op1', '10.0.0.1');
    t2.recordSuccess('op1');
    expect(t2.retryAfterSeconds('op1', '10.0.0.3')).toBe(0);
  });
});
