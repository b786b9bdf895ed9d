import { z } from 'zod';
import type { User } from '../../entities/user.ts';
import { email, password, personName, timestamp } from './common.ts';

// #region register-user-body
export const registerBody = z
  .strictObject({ email, name: personName, password })
  .meta({ id: 'RegisterRequest' });
// #endregion register-user-body

export const loginBody = z
  .strictObject({ email, password: z.string().min(1).max(128) })
  .meta({ id: 'LoginRequest' });

export const refreshBody = z
  .strictObject({ refreshToken: z.string().min(1).max(200) })
  .meta({ id: 'RefreshRequest' });

export const tokenPairResponse = z
  .strictObject({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires.' }),
  })
  .meta({ id: 'TokenPair' });

export const userResponse = z
  .strictObject({ id: z.uuid(), email: z.string(), name: z.string(), createdAt: timestamp })
  .meta({ id: 'User' });

// #region user-response
/** The public shape of a user: the mapper lists the fields, so a new column reaches no client by itself. */
export function toUserResponse(user: User): z.input<typeof userResponse> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
  };
}
// #endregion user-response
