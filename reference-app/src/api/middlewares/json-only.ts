import type { Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';

// #region json-only
/** A body that is not JSON would otherwise reach the validators as an empty object. */
export function jsonOnly(): Middleware {
  return async (ctx, next) => {
    // is() answers false for a body of another type, announced or chunked; an empty body is fine.
    if (ctx.request.length !== 0 && ctx.is('json') === false) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    }
    await next();
  };
}
// #endregion json-only
