// #region role-entity
export const builtInRoles = ['superadmin', 'admin', 'user'] as const;
export type BuiltInRole = (typeof builtInRoles)[number];

export interface Role {
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
  createdAt: Date;
  updatedAt: Date;
}
// #endregion role-entity
