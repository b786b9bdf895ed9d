import { invoke } from '../../middlewares/scope.ts';
import { type RouteGroup, route, withRole } from '../../routing.ts';
import { accountResponse } from '../../validators/account.ts';
import { userIdParams } from '../../validators/common.ts';
import { listUsersQuery, userPageResponse } from '../../validators/users.ts';
import { makeAdminUsersController } from './users-controller.ts';

const admins = withRole('admin', 'superadmin');

// #region admin-routes
/** Administrators: secured, audited, and easy to switch off as a group. */
export const adminRoutes: RouteGroup = {
  name: 'admin',
  prefix: '/api/admin',
  description: 'Administrators managing users. Role admin or superadmin.',
  routes: [
    route({
      method: 'get',
      path: '/users',
      summary: 'List users, newest first, a page at a time',
      access: admins,
      request: { query: listUsersQuery },
      responses: { 200: { description: 'One page', schema: userPageResponse } },
      handler: invoke(makeAdminUsersController, 'list'),
    }),
    route({
      method: 'get',
      path: '/users/:id',
      summary: 'One user, with roles',
      access: admins,
      request: { params: userIdParams },
      responses: { 200: { description: 'The user', schema: accountResponse } },
      handler: invoke(makeAdminUsersController, 'show'),
    }),
    route({
      method: 'post',
      path: '/users/:id/suspend',
      summary: 'Suspend a user: sign-in refused, sessions revoked at once',
      access: admins,
      request: { params: userIdParams },
      responses: { 200: { description: 'The suspended user', schema: accountResponse } },
      handler: invoke(makeAdminUsersController, 'suspend'),
    }),
    route({
      method: 'post',
      path: '/users/:id/reactivate',
      summary: 'Let a suspended user sign in again',
      access: admins,
      request: { params: userIdParams },
      responses: { 200: { description: 'The active user', schema: accountResponse } },
      handler: invoke(makeAdminUsersController, 'reactivate'),
    }),
  ],
};
// #endregion admin-routes
