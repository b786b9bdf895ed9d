import type { z } from 'zod';
import { AppError } from '../../common/errors.ts';

// #region validate
/** Parses untrusted input or throws VALIDATION_FAILED listing each failing field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: [...issue.path, key].join('.'),
          message: 'Unknown field',
        }))
      : [{ field: issue.path.join('.') || null, message: issue.message }],
  );
  throw new AppError('VALIDATION_FAILED', { details: { fields } });
}
// #endregion validate
