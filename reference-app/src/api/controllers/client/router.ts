import Router from '@koa/router';
import { invoke } from '../../middlewares/scope.ts';
import { makeUsersController } from './users-controller.ts';

// #region client-router
/** Routes for the client app (web, mobile): a person acting on their own account. */
export const clientRouter = new Router({ prefix: '/api/client' })
  .post('/users', invoke(makeUsersController, 'register'))
  .get('/users/:id', invoke(makeUsersController, 'getById'));
// #endregion client-router
