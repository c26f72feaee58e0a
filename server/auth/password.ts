import bcrypt from 'bcryptjs';

export const DEFAULT_PASSWORD_COST = 10;

export function hashPassword(password: string, cost: number = DEFAULT_PASSWORD_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * A hash to compare against when the username is unknown, so that a wrong
 * username takes as long as a wrong password and does not reveal who exists.
 */
export function makeDecoyHash(cost: number = DEFAULT_PASSWORD_COST): string {
  return bcrypt.hashSync('vigil-decoy-password', cost);
}
