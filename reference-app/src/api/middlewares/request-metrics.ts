import type { Middleware } from 'koa';
import type { HttpMetrics } from '../../libs/telemetry/metrics.ts';

// #region request-metrics
/**
 * Times every request into the duration histogram, by method, route template and status. A path
 * no route matched counts as `unmatched`: a scan of random paths cannot grow the label set.
 */
export function measureRequests({ requestDuration, requestsInFlight }: HttpMetrics): Middleware {
  return async (ctx, next) => {
    const stopTimer = requestDuration.startTimer();
    requestsInFlight.inc();
    try {
      await next();
    } finally {
      requestsInFlight.dec();
      const route = ctx.state.route ?? 'unmatched';
      stopTimer({ method: ctx.method, route, status: ctx.status });
    }
  };
}
// #endregion request-metrics
