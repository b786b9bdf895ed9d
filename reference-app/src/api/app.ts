import cors from '@koa/cors';
import Koa from 'koa';
import helmet from 'koa-helmet';
import type { Config } from '../common/config.ts';
import type { Lifecycle } from '../common/lifecycle.ts';
import type { LoadMonitor } from '../libs/load/index.ts';
import type { Logger } from '../libs/log/index.ts';
import { skipTracingOf } from '../libs/telemetry/tracing.ts';
import { noStoreByDefault } from './middlewares/cache-control.ts';
import { closeConnectionsWhenClosing } from './middlewares/draining.ts';
import { errorHandler } from './middlewares/error-handler.ts';
import { jsonBody } from './middlewares/json-body.ts';
import { jsonOnly } from './middlewares/json-only.ts';
import { shedLoad } from './middlewares/load-shedding.ts';
import { requestContext } from './middlewares/request-context.ts';
import { measureRequests } from './middlewares/request-metrics.ts';
import type { RouteGroup } from './route-definition.ts';
import { routeTable } from './route-table.ts';
import { buildRouter, type RouterDependencies } from './router.ts';
import { apiSecurityHeaders, exposedHeaders } from './security-headers.ts';

type ApiConfig = Pick<
  Config,
  'BODY_LIMIT' | 'CORS_ORIGINS' | 'TRUST_PROXY' | 'NODE_ENV' | 'METRICS_PORT'
>;

function allowedOrigins(config: ApiConfig): Set<string> {
  return new Set(
    (config.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  );
}

/** The probes' paths: load shedding lets them through. */
function probePaths(groups: RouteGroup[]): Set<string> {
  return new Set(
    groups.flatMap((group) =>
      group.routes.filter((route) => route.probe).map((route) => `${group.prefix}${route.path}`),
    ),
  );
}

/** What the app is built from: the entry point hands in the container's cradle, read once here. */
export interface ApiDependencies extends RouterDependencies {
  logger: Logger;
  config: ApiConfig;
  lifecycle: Lifecycle;
  loadMonitor: LoadMonitor;
}

// #region api-app
/** Builds the Koa app from its dependencies; nothing is looked up once it serves requests. */
export function createApiApp(dependencies: ApiDependencies) {
  const { logger, config, lifecycle, loadMonitor } = dependencies;
  // Behind a proxy, only the address it appended is trusted: clients can write the rest of X-Forwarded-For.
  const app = new Koa({ proxy: config.TRUST_PROXY, maxIpsCount: 1 });
  const origins = allowedOrigins(config);
  // Only a process that serves its metrics pays for timing each request into them.
  if (config.METRICS_PORT !== undefined) app.use(measureRequests(dependencies.httpMetrics));
  app.use(requestContext(logger));
  app.use(closeConnectionsWhenClosing(lifecycle));
  app.use(errorHandler(logger));
  app.use(noStoreByDefault());
  const probes = probePaths(routeTable);
  skipTracingOf(probes);
  app.use(shedLoad(loadMonitor, probes));
  app.use(helmet(apiSecurityHeaders));
  app.use(
    cors({
      origin: (ctx) => (origins.has(ctx.get('origin')) ? ctx.get('origin') : ''),
      exposeHeaders: exposedHeaders,
    }),
  );
  app.use(jsonOnly());
  app.use(jsonBody(config.BODY_LIMIT));
  const router = buildRouter(routeTable, dependencies, {
    checkResponses: config.NODE_ENV !== 'production',
  });
  // A known path with another method: 405 with Allow; OPTIONS: 200 with Allow.
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
// #endregion api-app
