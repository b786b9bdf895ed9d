import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { runInContext } from '../../common/request-context.ts';
import type { Logger } from '../../libs/log/index.ts';

const SAFE_REQUEST_ID = /^[\w.-]{1,128}$/;

// #region request-context
/**
 * Gives each request an id (the caller's, if sane), echoes it, and logs one access line per
 * request: method, path, route template, status, duration, request id, user id. Never bodies,
 * never headers.
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('x-request-id', requestId);
    const startedAt = performance.now();
    await runInContext({ requestId }, async () => {
      try {
        await next();
      } finally {
        const durationMs = Math.round(performance.now() - startedAt);
        const { userId, route } = ctx.state;
        logger.info(
          { method: ctx.method, path: ctx.path, route, status: ctx.status, durationMs, userId },
          'request',
        );
      }
    });
  };
}
// #endregion request-context
