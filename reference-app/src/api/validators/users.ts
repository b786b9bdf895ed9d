import { z } from 'zod';
import { accountResponse } from './account.ts';
import { singleLine } from './text.ts';

export const MAX_PAGE_SIZE = 100;

// #region list-users-query
export const listUsersQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .transform((limit) => Math.min(limit, MAX_PAGE_SIZE))
    .meta({ description: `Page size; larger values are capped at ${MAX_PAGE_SIZE}.` }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'The nextCursor of the previous page.' }),
  q: singleLine()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Part of the email or the name.' }),
  status: z.enum(['active', 'suspended']).optional(),
});
// #endregion list-users-query

export const userPageResponse = z
  .strictObject({ items: z.array(accountResponse), nextCursor: z.string().nullable() })
  .meta({ id: 'UserPage' });
