import type { Middleware } from 'koa';
import type { Lifecycle } from '../../common/lifecycle.ts';

// #region close-when-draining
/**
 * While the process drains, every answer ends its connection (`Connection: close`): keep-alive
 * clients open their next connection elsewhere instead of being cut off when the port closes.
 */
export function closeConnectionsWhenDraining(lifecycle: Lifecycle): Middleware {
  return (ctx, next) => {
    if (lifecycle.draining) ctx.set('connection', 'close');
    return next();
  };
}
// #endregion close-when-draining
