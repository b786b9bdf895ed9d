import { z } from 'zod';
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
