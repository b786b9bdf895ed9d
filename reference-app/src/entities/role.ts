// #region role-entity
export const builtInRoles = ['superadmin', 'admin', 'user'] as const;
export type BuiltInRole = (typeof builtInRoles)[number];

/**
 * Every permission a route can require. Migrations V2, V9 and V12 store them and grants them to the built-in
 * roles; a test checks that this list and the table agree.
 */
export const permissionNames = [
  'users:read',
  'users:suspend',
  'users:delete',
  'exports:create',
  'exports:read',
  'jobs:read',
  'jobs:retry',
  'roles:manage',
] as const;
export type Permission = (typeof permissionNames)[number];

export interface Role {
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
  createdAt: Date;
  updatedAt: Date;
}
// #endregion role-entity
