import { z } from 'zod';
import type { UserWithRoles } from '../../entities/user.ts';
import { toUserResponse } from './auth.ts';
import { password, personName, timestamp } from './common.ts';

// #region account-response
export const accountResponse = z
  .strictObject({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    roles: z.array(z.string()),
    createdAt: timestamp,
  })
  .meta({ id: 'Account' });
// #endregion account-response

export const renameBody = z.strictObject({ name: personName }).meta({ id: 'RenameRequest' });

export const changePasswordBody = z
  .strictObject({ currentPassword: z.string().min(1).max(128), newPassword: password })
  .meta({ id: 'ChangePasswordRequest' });

export function toAccountResponse(user: UserWithRoles): z.input<typeof accountResponse> {
  return { ...toUserResponse(user), status: user.status, roles: user.roles };
}
