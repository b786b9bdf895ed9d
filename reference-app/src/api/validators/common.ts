import { z } from 'zod';
import { singleLine } from './text.ts';

// #region common-fields
export const email = z.email().max(254).meta({ example: 'ada@example.com' });
export const password = z.string().min(12).max(128).meta({ description: '12 to 128 characters.' });
export const personName = singleLine().min(1).max(100).meta({ example: 'Ada Lovelace' });
export const roleName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'Lowercase letters, digits and dashes, 2 to 40 characters')
  .meta({ example: 'support' });
export const timestamp = z.iso.datetime().meta({ example: '2026-11-27T10:00:00.000Z' });

export const userIdParams = z.strictObject({ id: z.uuid() });

/** A list that names each entry once: a repeated one is refused, not silently merged. */
export function uniqueList<T extends z.ZodType<string | number | boolean>>(item: T) {
  return z
    .array(item)
    .refine((items) => new Set(items).size === items.length, 'Each entry may appear only once')
    .meta({ uniqueItems: true });
}
// #endregion common-fields

// #region error-response
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });
// #endregion error-response
