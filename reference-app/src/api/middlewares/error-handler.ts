import type { Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';
import { isDatabaseUnavailable } from '../../libs/database/index.ts';
import { createBurstLog } from '../../libs/log/burst-log.ts';
import type { Logger } from '../../libs/log/index.ts';

// #region error-handler
/** The body of every error answer; also what an idempotency key keeps of a refused request. */
export function errorBody(error: AppError, requestId: string) {
  const { code, message, details } = error;
  return { error: { code, message, details, requestId } };
}

/**
 * The one place errors become responses: known codes as they are, PostgreSQL out of reach as a
 * 503 (one warning per outage), anything else as a bare 500 logged with its stack.
 */
export function errorHandler(logger: Logger): Middleware {
  const outages = createBurstLog(logger);
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined) {
        if (ctx.status === 404) throw new AppError('ROUTE_NOT_FOUND');
        // The router's answers to a known path with another method (501 for one it does not know);
        // an unknown path gets 501 too, with nothing in Allow.
        if (ctx.status === 405 || ctx.status === 501) {
          throw new AppError(ctx.response.get('allow') ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND');
        }
      }
    } catch (error) {
      let appError = error instanceof AppError ? error : undefined;
      if (!appError && isDatabaseUnavailable(error)) {
        appError = new AppError('DATABASE_UNAVAILABLE', { cause: error });
        const reason = (error as Error).message;
        outages.warn(
          'postgres',
          { dependency: 'postgres', reason },
          'PostgreSQL unavailable: answering 503',
        );
      }
      if (!appError) logger.error({ err: error }, 'unhandled error');
      const answer = appError ?? new AppError('INTERNAL');
      ctx.status = answer.status;
      if (answer.retryAfterSeconds && !ctx.response.get('retry-after')) {
        ctx.set('retry-after', String(answer.retryAfterSeconds));
      }
      ctx.body = errorBody(answer, ctx.state.requestId);
    }
  };
}
// #endregion error-handler
