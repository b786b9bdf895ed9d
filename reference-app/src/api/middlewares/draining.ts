import type { Middleware } from 'koa';
import type { Lifecycle } from '../../common/lifecycle.ts';

// #region close-when-closing
/**
 * Once the port is closed, every answer ends its connection (`Connection: close`), also the
 * answers to requests that began before: a keep-alive client opens its next connection elsewhere
 * instead of finding this one cut off. Outside the error handler, so error answers get it too.
 */
export function closeConnectionsWhenClosing(lifecycle: Lifecycle): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (lifecycle.phase === 'closing') ctx.set('connection', 'close');
    }
  };
}
// #endregion close-when-closing
