import type { z } from 'zod';
import type { FieldProblem, InputLocation } from '../../common/errors.ts';

// #region validate
/** Parses one part of a request; returns its value or the problems, each naming its field. */
export function check<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: InputLocation,
): { value: z.output<S>; problems: [] } | { value: undefined; problems: FieldProblem[] } {
  const result = schema.safeParse(input);
  if (result.success) return { value: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: [...issue.path, key].join('.'),
          location,
          message: 'Unknown field',
        }))
      : [{ field: issue.path.join('.') || null, location, message: issue.message }],
  );
  return { value: undefined, problems };
}
// #endregion validate
