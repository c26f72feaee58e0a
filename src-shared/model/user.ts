import { z } from 'zod';

export const ROLES = ['operator', 'supervisor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.object({
  id: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  displayName: z.string().min(1).max(128),
  role: RoleSchema,
});
export type User = z.infer<typeof UserSchema>;

const ROLE_RANK: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };

/** Least privilege: a role holds every permission of the roles below it and nothing more. */
export function hasRoleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}
