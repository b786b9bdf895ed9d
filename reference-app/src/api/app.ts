import { bodyParser } from '@koa/bodyparser';
import type { AwilixContainer } from 'awilix';
import Koa from 'koa';
import type { Logger } from '../libs/log/index.ts';
import { clientRouter } from './controllers/client/router.ts';
import { publicRouter } from './controllers/public/router.ts';
import { errorHandler } from './middlewares/error-handler.ts';
import { jsonOnly } from './middlewares/json-only.ts';
import { requestContext } from './middlewares/request-context.ts';
import { scopePerRequest } from './middlewares/scope.ts';

// #region api-app
/** Builds the Koa app; the container is handed in by the entry point, never imported. */
export function createApiApp(
  container: AwilixContainer<{ logger: Logger; config: { BODY_LIMIT: string } }>,
) {
  const { logger, config } = container.cradle;
  const app = new Koa();
  app.use(requestContext(logger));
  app.use(errorHandler(logger));
  app.use(jsonOnly());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: config.BODY_LIMIT }));
  app.use(scopePerRequest(container));
  for (const router of [publicRouter, clientRouter]) {
    app.use(router.routes());
  }
  return app;
}
// #endregion api-app
