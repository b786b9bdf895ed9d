import { invoke } from '../../middlewares/dependencies.ts';
import { type RouteGroup, route, withPermission } from '../../route-definition.ts';
import { accountResponse } from '../../validators/account.ts';
import { userIdParams } from '../../validators/common.ts';
import {
  deadLetterListResponse,
  deadLetterParams,
  listDeadLettersQuery,
  retryAcceptedResponse,
  retryManyAcceptedResponse,
  retryManyBody,
} from '../../validators/dead-letters.ts';
import { exportAcceptedResponse, exportParams, exportResponse } from '../../validators/exports.ts';
import { listUsersQuery, userPageResponse } from '../../validators/users.ts';
import { makeDeadLettersController } from './dead-letters-controller.ts';
import { makeExportsController } from './exports-controller.ts';
import { makeAdminUsersController } from './users-controller.ts';

// #region admin-routes
/** Administrators: secured, audited, and easy to switch off as a group. */
export const adminRoutes: RouteGroup = {
  name: 'admin',
  prefix: '/api/admin',
  description:
    'Administrators managing users, exports and failed jobs. Each route names the permission it needs.',
  routes: [
    route({
      method: 'get',
      operationId: 'listUsers',
      path: '/users',
      summary: 'List users, newest first, a page at a time',
      access: withPermission('users:read'),
      request: { query: listUsersQuery },
      responses: { 200: { description: 'One page', schema: userPageResponse } },
      handler: invoke(makeAdminUsersController, 'list'),
    }),
    route({
      method: 'get',
      operationId: 'getUser',
      path: '/users/:id',
      summary: 'One user, with roles',
      access: withPermission('users:read'),
      errors: ['USER_NOT_FOUND'],
      request: { params: userIdParams },
      responses: { 200: { description: 'The user', schema: accountResponse } },
      handler: invoke(makeAdminUsersController, 'show'),
    }),
    route({
      method: 'post',
      operationId: 'suspendUser',
      path: '/users/:id/suspend',
      summary: 'Suspend a user: sign-in refused, sessions revoked at once',
      access: withPermission('users:suspend'),
      errors: ['USER_NOT_FOUND', 'CANNOT_SUSPEND_SELF'],
      request: { params: userIdParams },
      responses: { 200: { description: 'The suspended user', schema: accountResponse } },
      handler: invoke(makeAdminUsersController, 'suspend'),
    }),
    route({
      method: 'post',
      operationId: 'reactivateUser',
      path: '/users/:id/reactivate',
      summary: 'Let a suspended user sign in again',
      access: withPermission('users:suspend'),
      errors: ['USER_NOT_FOUND'],
      request: { params: userIdParams },
      responses: { 200: { description: 'The active user', schema: accountResponse } },
      handler: invoke(makeAdminUsersController, 'reactivate'),
    }),
    // #region delete-user-route
    route({
      method: 'delete',
      operationId: 'deleteUser',
      path: '/users/:id',
      summary: 'Delete a user: signed out and gone at once, anonymised by the worker soon after',
      access: withPermission('users:delete'),
      errors: ['USER_NOT_FOUND', 'CANNOT_DELETE_SELF', 'LAST_SUPERADMIN'],
      request: { params: userIdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: invoke(makeAdminUsersController, 'delete'),
    }),
    // #endregion delete-user-route
    route({
      method: 'post',
      operationId: 'requestUsersExport',
      path: '/exports/users',
      summary: 'Ask for a CSV export of all users (built by the worker)',
      access: withPermission('exports:create'),
      idempotent: true,
      request: {},
      responses: {
        202: {
          description: 'Accepted; poll the export',
          schema: exportAcceptedResponse,
          headers: { location: 'The export to poll: /api/admin/exports/{id}.' },
        },
      },
      handler: invoke(makeExportsController, 'requestUsersExport'),
    }),
    route({
      method: 'get',
      operationId: 'getExport',
      path: '/exports/:id',
      summary: "An export's status, and its download link once done",
      access: withPermission('exports:read'),
      errors: ['EXPORT_NOT_FOUND'],
      request: { params: exportParams },
      responses: { 200: { description: 'The export', schema: exportResponse } },
      handler: invoke(makeExportsController, 'show'),
    }),
    route({
      method: 'get',
      operationId: 'listFailedJobs',
      path: '/jobs/failed',
      summary: 'Jobs that used up their retries or stalled too often (dead letters)',
      access: withPermission('jobs:read'),
      request: { query: listDeadLettersQuery },
      responses: { 200: { description: 'Newest first', schema: deadLetterListResponse } },
      handler: invoke(makeDeadLettersController, 'list'),
    }),
    route({
      method: 'post',
      operationId: 'retryFailedJob',
      path: '/jobs/failed/:id/retry',
      summary: 'Run a failed job again, as a new job',
      access: withPermission('jobs:retry'),
      errors: ['DEAD_LETTER_NOT_FOUND', 'DEAD_LETTER_ALREADY_RETRIED'],
      idempotent: true,
      request: { params: deadLetterParams },
      responses: { 202: { description: 'Back in the queue', schema: retryAcceptedResponse } },
      handler: invoke(makeDeadLettersController, 'retry'),
    }),
    route({
      method: 'post',
      operationId: 'retryFailedJobs',
      path: '/jobs/failed/retry',
      summary: 'Run failed jobs of one task (and reason) again, oldest first, up to a limit',
      access: withPermission('jobs:retry'),
      idempotent: true,
      request: { body: retryManyBody },
      responses: { 202: { description: 'Back in the queue', schema: retryManyAcceptedResponse } },
      handler: invoke(makeDeadLettersController, 'retryMany'),
    }),
  ],
};
// #endregion admin-routes
