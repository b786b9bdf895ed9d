// The headers every response of the API carries, declared apart from the Koa app so that another
// server can send the very same set: the benchmark's Fastify baseline does.

// #region security-headers
/**
 * The headers a JSON API needs (OWASP's REST Security Cheat Sheet): no content may load or frame
 * anything, HTTPS only, no MIME sniffing, no referrer. Helmet's headers for HTML pages are off:
 * they protect documents this API never serves, and cost bytes on every response.
 */
export const apiSecurityHeaders = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;
// #endregion security-headers

/** The response headers a browser script on an allowed origin may read. */
export const exposedHeaders = [
  'x-request-id',
  'retry-after',
  'etag',
  'location',
  'idempotent-replayed',
];
