import { invoke } from '../../middlewares/dependencies.ts';
import { internalService, type RouteGroup, route } from '../../route-definition.ts';
import { queueReportResponse } from '../../validators/queues.ts';
import { whoamiResponse } from '../../validators/system.ts';
import { makeQueuesController } from './queues-controller.ts';
import { makeWhoamiController } from './whoami-controller.ts';

// #region internal-routes
/** Other services of the same system, each identified by its own key. */
export const internalRoutes: RouteGroup = {
  name: 'internal',
  prefix: '/api/internal',
  description: 'Other services of the same system, each with its own x-internal-key.',
  routes: [
    route({
      method: 'get',
      operationId: 'whoAmI',
      path: '/whoami',
      summary: 'Which internal caller this key belongs to',
      access: internalService,
      usesDatabase: false,
      request: {},
      responses: { 200: { description: 'The caller', schema: whoamiResponse } },
      handler: invoke(makeWhoamiController, 'show'),
    }),
    route({
      method: 'get',
      operationId: 'getQueueReport',
      path: '/queues',
      summary:
        'Per task: pending, in flight, overdue, republished, oldest, dead letters; per queue: Redis counts',
      access: internalService,
      request: {},
      responses: { 200: { description: 'The counts', schema: queueReportResponse } },
      handler: invoke(makeQueuesController, 'report'),
    }),
  ],
};
// #endregion internal-routes
