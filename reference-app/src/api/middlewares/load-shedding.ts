import type { Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';
import type { LoadMonitor } from '../../libs/load/index.ts';

// #region shed-load
/**
 * Refuses a request at once, with 503 OVERLOADED, while the process is overloaded: a fast "not
 * now" beats a slow answer for everyone. Probes are never refused: an orchestrator must still see
 * a live process.
 */
export function shedLoad(monitor: LoadMonitor, probePaths: ReadonlySet<string>): Middleware {
  return async (ctx, next) => {
    if (probePaths.has(ctx.path)) return next();
    const overload = monitor.overload();
    if (overload) throw new AppError('OVERLOADED', { details: { reason: overload } });
    await monitor.track(next);
  };
}
// #endregion shed-load
