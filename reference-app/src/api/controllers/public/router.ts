import Router from '@koa/router';
import { invoke } from '../../middlewares/scope.ts';
import { makeHealthController } from './health-controller.ts';

/** Anonymous routes. Health probes sit at /api/health and /api/ready, where orchestrators look. */
export const publicRouter = new Router({ prefix: '/api' })
  .get('/health', invoke(makeHealthController, 'health'))
  .get('/ready', invoke(makeHealthController, 'ready'));
