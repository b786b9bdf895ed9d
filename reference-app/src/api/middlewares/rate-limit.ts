import type { AwilixContainer } from 'awilix';
import type { Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';
import type { RateLimitedAction, RateLimiter } from '../../libs/rate-limit/index.ts';
import { normalizeEmail } from '../../utils/email.ts';

// #region rate-limit
/** Counts the attempt per IP and per account (the email in the body) before the handler runs. */
export function rateLimit(action: RateLimitedAction): Middleware {
  return async (ctx, next) => {
    const limiter = (ctx.state.container as AwilixContainer).resolve<RateLimiter>('rateLimiter');
    const email = (ctx.request.body as { email?: unknown } | undefined)?.email;
    const account =
      typeof email === 'string' && email.length <= 254 ? normalizeEmail(email) : undefined;
    const retryAfter = await limiter.attempt(action, { ip: ctx.ip, account });
    if (retryAfter !== undefined) {
      ctx.set('retry-after', String(retryAfter));
      throw new AppError('RATE_LIMITED', { details: { retryAfterSeconds: retryAfter } });
    }
    await next();
  };
}
// #endregion rate-limit
