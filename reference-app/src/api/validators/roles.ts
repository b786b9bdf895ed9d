import { z } from 'zod';
import type { Role } from '../../entities/role.ts';
import { roleName, timestamp, uniqueList } from './common.ts';

// May hold several lines: textProblems() still refuses every control character but tab, LF and CR.
const description = z.string().trim().max(200);
const permissions = uniqueList(z.string().max(80)).max(50);

export const roleParams = z.strictObject({ name: roleName });
export const userRoleParams = z.strictObject({ id: z.uuid(), name: roleName });

export const createRoleBody = z
  .strictObject({
    name: roleName,
    description: description.default(''),
    permissions: permissions.default([]),
  })
  .meta({ id: 'CreateRoleRequest' });

// #region update-role-body
export const updateRoleBody = z
  .strictObject({ description: description.optional(), permissions: permissions.optional() })
  .refine((body) => body.description !== undefined || body.permissions !== undefined, {
    message: 'Send description, permissions or both',
  })
  .meta({ id: 'UpdateRoleRequest' });
// #endregion update-role-body

export const roleResponse = z
  .strictObject({
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    permissions: z.array(z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Role' });

export const roleListResponse = z
  .strictObject({ items: z.array(roleResponse) })
  .meta({ id: 'RoleList' });

export function toRoleResponse(role: Role): z.input<typeof roleResponse> {
  return {
    name: role.name,
    description: role.description,
    builtIn: role.builtIn,
    permissions: role.permissions,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}
