import type { Middleware } from 'koa';

// #region no-store
/**
 * Answers carry tokens or personal data unless a route says otherwise, so none may be kept by a
 * browser or a proxy: `Cache-Control: no-store` on every answer, errors included, that did not set
 * its own (the public profile sets `public, max-age=…`).
 */
export function noStoreByDefault(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!ctx.response.get('cache-control')) ctx.set('cache-control', 'no-store');
    }
  };
}
// #endregion no-store
