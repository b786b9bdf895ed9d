import { createHash } from 'node:crypto';
import type { Context } from 'koa';

// #region cacheable
/** Sends `body` with an ETag that CDNs and browsers can revalidate; a matching If-None-Match gets 304. */
export function cacheable(
  ctx: Context,
  body: object,
  { maxAgeSeconds }: { maxAgeSeconds: number },
) {
  const json = JSON.stringify(body);
  ctx.etag = createHash('sha256').update(json).digest('base64url').slice(0, 27);
  ctx.set('cache-control', `public, max-age=${maxAgeSeconds}`);
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = body;
}
// #endregion cacheable
