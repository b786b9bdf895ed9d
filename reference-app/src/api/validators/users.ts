import { z } from 'zod';

// #region register-user-body
export const registerUserBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(12).max(128),
});
// #endregion register-user-body

export const userIdParams = z.object({ id: z.uuid() });
