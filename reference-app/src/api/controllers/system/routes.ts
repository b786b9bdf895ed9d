import { invoke } from '../../middlewares/dependencies.ts';
import { anyone, type RouteGroup, route } from '../../route-definition.ts';
import { healthResponse, openApiResponse, readinessResponse } from '../../validators/system.ts';
import { makeHealthController } from './health-controller.ts';
import { makeOpenApiController } from './openapi-controller.ts';

// #region system-routes
/** Everyone: probes for orchestrators and the API's own description. */
export const systemRoutes: RouteGroup = {
  name: 'system',
  prefix: '/api',
  description: 'Health probes and the OpenAPI document, for anyone.',
  routes: [
    route({
      method: 'get',
      operationId: 'getHealth',
      path: '/health',
      summary: 'Liveness: the process answers (no I/O)',
      access: anyone,
      probe: true,
      usesDatabase: false,
      request: {},
      responses: { 200: { description: 'Alive', schema: healthResponse } },
      handler: invoke(makeHealthController, 'health'),
    }),
    route({
      method: 'get',
      operationId: 'getReadiness',
      path: '/ready',
      summary: 'Readiness: PostgreSQL and Redis answer, and the process is not shutting down',
      access: anyone,
      probe: true,
      usesDatabase: false,
      errors: ['NOT_READY', 'SHUTTING_DOWN'],
      request: {},
      responses: { 200: { description: 'Ready', schema: readinessResponse } },
      handler: invoke(makeHealthController, 'ready'),
    }),
    route({
      method: 'get',
      operationId: 'getOpenApiDocument',
      path: '/openapi.json',
      summary: 'This API, described in OpenAPI 3.1',
      access: anyone,
      usesDatabase: false,
      request: {},
      responses: { 200: { description: 'The document', schema: openApiResponse } },
      handler: invoke(makeOpenApiController, 'show'),
    }),
  ],
};
// #endregion system-routes
