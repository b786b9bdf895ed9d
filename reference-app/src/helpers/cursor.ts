import { AppError } from '../common/errors.ts';

export interface UserCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// #region cursor
/** An opaque cursor: the sort key of the last item of a page, base64url-encoded. */
export function encodeCursor({ createdAt, id }: UserCursor): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): UserCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const date = new Date(createdAt);
    if (typeof createdAt === 'string' && !Number.isNaN(date.getTime()) && UUID.test(id)) {
      return { createdAt: date, id };
    }
  } catch {
    // Falls through: anything unreadable is the same bad cursor to the caller.
  }
  throw new AppError('VALIDATION_FAILED', {
    details: {
      fields: [{ field: 'cursor', location: 'query', message: 'Not a cursor from this API' }],
    },
  });
}
// #endregion cursor
