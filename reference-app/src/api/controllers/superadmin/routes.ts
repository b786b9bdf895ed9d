import { invoke } from '../../middlewares/dependencies.ts';
import { type RouteGroup, route, withRole } from '../../routing.ts';
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
const superadmins = withRole('superadmin');

/** Operators of the system: roles and who holds them. The most guarded group. */
export const superadminRoutes: RouteGroup = {
  name: 'superadmin',
  prefix: '/api/superadmin',
  description: 'Operators managing roles and granting them. Role superadmin.',
  routes: [
    route({
      method: 'get',
      path: '/roles',
      summary: 'All roles with their permissions',
      access: superadmins,
      request: {},
      responses: { 200: { description: 'The roles', schema: roleListResponse } },
      handler: invoke(makeRolesController, 'list'),
    }),
    route({
      method: 'post',
      path: '/roles',
      summary: 'Create a role',
      access: superadmins,
      idempotent: true,
      request: { body: createRoleBody },
      responses: { 201: { description: 'The new role', schema: roleResponse } },
      handler: invoke(makeRolesController, 'create'),
    }),
    route({
      method: 'patch',
      path: '/roles/:name',
      summary: "Change a role's description or permissions",
      access: superadmins,
      request: { params: roleParams, body: updateRoleBody },
      responses: { 200: { description: 'The role', schema: roleResponse } },
      handler: invoke(makeRolesController, 'update'),
    }),
    route({
      method: 'delete',
      path: '/roles/:name',
      summary: 'Delete a role that is neither built in nor granted',
      access: superadmins,
      request: { params: roleParams },
      responses: { 204: { description: 'Deleted' } },
      handler: invoke(makeRolesController, 'remove'),
    }),
    route({
      method: 'put',
      path: '/users/:id/roles/:name',
      summary: 'Grant a role to a user (recorded in the audit log)',
      access: superadmins,
      request: { params: userRoleParams },
      responses: { 204: { description: 'Granted' } },
      handler: invoke(makeRolesController, 'grant'),
    }),
    route({
      method: 'delete',
      path: '/users/:id/roles/:name',
      summary: 'Revoke a role from a user (recorded in the audit log)',
      access: superadmins,
      request: { params: userRoleParams },
      responses: { 204: { description: 'Revoked' } },
      handler: invoke(makeRolesController, 'revoke'),
    }),
  ],
};
// #endregion superadmin-routes
