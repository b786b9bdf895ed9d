import { invoke } from '../../middlewares/dependencies.ts';
import { type RouteGroup, route, withRole } from '../../routing.ts';
import { accountResponse } from '../../validators/account.ts';
import { userIdParams } from '../../validators/common.ts';
import {
  deadLetterListResponse,
  deadLetterParams,
  exportAcceptedResponse,
  exportParams,
  exportResponse,
  listDeadLettersQuery,
  retryAcceptedResponse,
  retryManyAcceptedResponse,
  retryManyBody,
} from '../../validators/jobs.ts';
import { listUsersQuery, userPageResponse } from '../../validators/users.ts';
import { makeJobsController } from './jobs-controller.ts';
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
    route({
      method: 'post',
      path: '/exports/users',
      summary: 'Ask for a CSV export of all users (built by the worker)',
      access: admins,
      idempotent: true,
      request: {},
      responses: {
        202: { description: 'Accepted; poll the export', schema: exportAcceptedResponse },
      },
      handler: invoke(makeJobsController, 'requestUsersExport'),
    }),
    route({
      method: 'get',
      path: '/exports/:id',
      summary: "An export's status, and its download link once done",
      access: admins,
      request: { params: exportParams },
      responses: { 200: { description: 'The export', schema: exportResponse } },
      handler: invoke(makeJobsController, 'showExport'),
    }),
    route({
      method: 'get',
      path: '/jobs/failed',
      summary: 'Jobs that used up their retries or stalled too often (dead letters)',
      access: admins,
      request: { query: listDeadLettersQuery },
      responses: { 200: { description: 'Newest first', schema: deadLetterListResponse } },
      handler: invoke(makeJobsController, 'listFailed'),
    }),
    route({
      method: 'post',
      path: '/jobs/failed/:id/retry',
      summary: 'Run a failed job again, as a new job',
      access: admins,
      idempotent: true,
      request: { params: deadLetterParams },
      responses: { 202: { description: 'Back in the queue', schema: retryAcceptedResponse } },
      handler: invoke(makeJobsController, 'retryFailed'),
    }),
    route({
      method: 'post',
      path: '/jobs/failed/retry',
      summary: 'Run failed jobs of one task (and reason) again, oldest first, up to a limit',
      access: admins,
      idempotent: true,
      request: { body: retryManyBody },
      responses: { 202: { description: 'Back in the queue', schema: retryManyAcceptedResponse } },
      handler: invoke(makeJobsController, 'retryManyFailed'),
    }),
  ],
};
// #endregion admin-routes
