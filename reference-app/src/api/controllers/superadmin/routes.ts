import { invoke } from '../../middlewares/dependencies.ts';
import { type RouteGroup, route, withPermission } from '../../route-definition.ts';
import {
  createRoleBody,
  roleListResponse,
  roleParams,
  roleResponse,
  updateRoleBody,
  userRoleParams,
} from '../../validators/roles.ts';
import { makeRolesController } from './roles-controller.ts';

// #region superadmin-routes
const roleManagers = withPermission('roles:manage');

/** Operators of the system: roles and who holds them. The most guarded group. */
export const superadminRoutes: RouteGroup = {
  name: 'superadmin',
  prefix: '/api/superadmin',
  description:
    'Operators managing roles and granting them (permission roles:manage; only a super admin grants or revokes superadmin).',
  routes: [
    route({
      method: 'get',
      operationId: 'listRoles',
      path: '/roles',
      summary: 'All roles with their permissions',
      access: roleManagers,
      request: {},
      responses: { 200: { description: 'The roles', schema: roleListResponse } },
      handler: invoke(makeRolesController, 'list'),
    }),
    route({
      method: 'post',
      operationId: 'createRole',
      path: '/roles',
      summary: 'Create a role',
      access: roleManagers,
      errors: ['ROLE_EXISTS'],
      idempotent: true,
      request: { body: createRoleBody },
      responses: { 201: { description: 'The new role', schema: roleResponse } },
      handler: invoke(makeRolesController, 'create'),
    }),
    route({
      method: 'patch',
      operationId: 'updateRole',
      path: '/roles/:name',
      summary: "Change a role's description or permissions",
      access: roleManagers,
      errors: ['ROLE_NOT_FOUND'],
      request: { params: roleParams, body: updateRoleBody },
      responses: { 200: { description: 'The role', schema: roleResponse } },
      handler: invoke(makeRolesController, 'update'),
    }),
    route({
      method: 'delete',
      operationId: 'deleteRole',
      path: '/roles/:name',
      summary: 'Delete a role that is neither built in nor granted',
      access: roleManagers,
      errors: ['ROLE_NOT_FOUND', 'ROLE_BUILT_IN', 'ROLE_IN_USE'],
      request: { params: roleParams },
      responses: { 204: { description: 'Deleted' } },
      handler: invoke(makeRolesController, 'remove'),
    }),
    route({
      method: 'put',
      operationId: 'grantRole',
      path: '/users/:id/roles/:name',
      summary: 'Grant a role to a user (recorded in the audit log)',
      access: roleManagers,
      errors: ['USER_NOT_FOUND', 'ROLE_NOT_FOUND'],
      request: { params: userRoleParams },
      responses: { 204: { description: 'Granted' } },
      handler: invoke(makeRolesController, 'grant'),
    }),
    route({
      method: 'delete',
      operationId: 'revokeRole',
      path: '/users/:id/roles/:name',
      summary: 'Revoke a role from a user (recorded in the audit log)',
      access: roleManagers,
      errors: ['USER_NOT_FOUND', 'ROLE_NOT_FOUND', 'LAST_SUPERADMIN'],
      request: { params: userRoleParams },
      responses: { 204: { description: 'Revoked' } },
      handler: invoke(makeRolesController, 'revoke'),
    }),
  ],
};
// #endregion superadmin-routes
