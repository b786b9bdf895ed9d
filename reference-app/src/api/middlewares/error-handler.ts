import type { Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';
import type { Logger } from '../../libs/log/index.ts';

// #region error-handler
/** The one place errors become responses: known codes as they are, anything else as a bare 500. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('ROUTE_NOT_FOUND');
    } catch (error) {
      const appError = error instanceof AppError ? error : undefined;
      if (!appError) logger.error({ err: error }, 'unhandled error');
      const { code, status, message, details } = appError ?? new AppError('INTERNAL');
      ctx.status = status;
      ctx.body = { error: { code, message, details, requestId: ctx.state.requestId } };
    }
  };
}
// #endregion error-handler
