import { validationFailed } from '../common/errors.ts';
import { isUuid } from '../utils/uuid.ts';

export interface UserCursor {
  createdAt: Date;
  id: string;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// #region cursor
/** An opaque cursor: the sort key of the last item of a page, base64url-encoded. */
export function encodeCursor({ createdAt, id }: UserCursor): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): UserCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const date = new Date(createdAt);
    // Only what encodeCursor writes: a date such as -271821-04-20 parses, but PostgreSQL refuses it.
    const ours = typeof createdAt === 'string' && ISO_TIMESTAMP.test(createdAt);
    if (ours && !Number.isNaN(date.getTime()) && isUuid(id)) return { createdAt: date, id };
  } catch {
    // Falls through: anything unreadable is the same bad cursor to the caller.
  }
  throw validationFailed([
    { field: 'cursor', location: 'query', message: 'Not a cursor from this API' },
  ]);
}
// #endregion cursor
