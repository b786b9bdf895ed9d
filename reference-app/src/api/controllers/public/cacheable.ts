import { createHash } from 'node:crypto';
import type { Context } from 'koa';

/**
 * Whether If-None-Match names the ETag (weak comparison, RFC 9110 §13.1.2). Koa's `ctx.fresh` is
 * not used: it answers false whenever the request says `Cache-Control: no-cache`, which is what
 * browsers and `fetch` send when they revalidate, so they would never get their 304.
 */
function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Characters of the body's SHA-256 (base64url) kept as its ETag: 162 bits, plenty to tell versions apart. */
export const ETAG_LENGTH = 27;

// #region cacheable
/** Sends `body` with an ETag that CDNs and browsers can revalidate; a matching If-None-Match gets 304. */
export function cacheable(
  ctx: Context,
  body: object,
  { maxAgeSeconds }: { maxAgeSeconds: number },
) {
  const json = JSON.stringify(body);
  ctx.etag = createHash('sha256').update(json).digest('base64url').slice(0, ETAG_LENGTH);
  ctx.set('cache-control', `public, max-age=${maxAgeSeconds}`);
  const ifNoneMatch = ctx.get('if-none-match');
  if (ifNoneMatch && matchesEtag(ifNoneMatch, ctx.response.get('etag'))) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.body = body;
}
// #endregion cacheable
