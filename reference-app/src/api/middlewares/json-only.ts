import type { Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';

/** A body that is not JSON would otherwise reach the validators as an empty object. */
export function jsonOnly(): Middleware {
  return async (ctx, next) => {
    if (ctx.request.length && !ctx.is('json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    await next();
  };
}
