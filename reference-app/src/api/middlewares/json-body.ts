import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { AppError, type ErrorCode } from '../../common/errors.ts';

// #region body-errors
/** raw-body's error types that say what the client did wrong. */
const bodyErrors: Record<string, ErrorCode> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
};

function toBodyError(error: unknown): AppError {
  if (error instanceof SyntaxError) return new AppError('INVALID_JSON', { cause: error });
  const code = bodyErrors[(error as { type?: string } | null)?.type ?? ''];
  // Anything else (a gzip body that is not gzip, a body cut short) is still the client's body.
  return new AppError(code ?? 'INVALID_BODY', { cause: error });
}
// #endregion body-errors

// #region json-body
/** Parses JSON bodies up to `limit`; every way a body can be unreadable becomes a 4xx of the catalogue. */
export function jsonBody(limit: string): Middleware {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: limit,
    onError: (error) => {
      throw toBodyError(error);
    },
  });
}
// #endregion json-body
