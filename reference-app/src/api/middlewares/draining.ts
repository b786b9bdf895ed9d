import type { Middleware } from 'koa';
import type { Lifecycle } from '../../common/lifecycle.ts';

// #region close-when-closing
/**
 * Once the port is closed, every answer ends its connection (`Connection: close`): a keep-alive
 * client opens its next connection elsewhere instead of finding this one cut off.
 */
export function closeConnectionsWhenClosing(lifecycle: Lifecycle): Middleware {
  return (ctx, next) => {
    if (lifecycle.phase === 'closing') ctx.set('connection', 'close');
    return next();
  };
}
// #endregion close-when-closing
