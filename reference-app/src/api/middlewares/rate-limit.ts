import type { Context, Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';
import type { RateLimitedAction, RateLimiter } from '../../libs/rate-limit/index.ts';
import type { HttpMetrics } from '../../libs/telemetry/metrics.ts';
import { normalizeEmail } from '../../utils/email.ts';

// #region rate-limit
/** The account an attempt is counted against: the signed-in caller, else the email in the body. */
function accountOf(ctx: Context): string | undefined {
  const { principal } = ctx.state;
  if (principal) return `user:${principal.userId}`;
  const email = (ctx.request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 254 ? normalizeEmail(email) : undefined;
}

/** Counts the attempt per IP and per account before the handler runs. */
export function rateLimit(
  action: RateLimitedAction,
  { rateLimiter, httpMetrics }: { rateLimiter: RateLimiter; httpMetrics: HttpMetrics },
): Middleware {
  return async (ctx, next) => {
    const account = accountOf(ctx);
    const retryAfter = await rateLimiter.attempt(action, { ip: ctx.ip, account });
    if (retryAfter !== undefined) {
      httpMetrics.rateLimitRefusals.inc({ action });
      ctx.set('retry-after', String(retryAfter));
      throw new AppError('RATE_LIMITED', { details: { retryAfterSeconds: retryAfter } });
    }
    await next();
  };
}
// #endregion rate-limit
