/** A UUID as PostgreSQL prints it, for patterns that embed one (a refresh token starts with one). */
export const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const UUID = new RegExp(`^${UUID_TEXT}$`, 'i');

/** Whether a value can go to a uuid column: PostgreSQL refuses anything else, and that would be a 500. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);
