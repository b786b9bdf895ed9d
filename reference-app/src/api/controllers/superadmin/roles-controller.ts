import type { Context } from 'koa';
import type { z } from 'zod';
import type { RoleService } from '../../../services/roles/role-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import {
  type createRoleBody,
  type roleParams,
  toRoleResponse,
  type updateRoleBody,
  type userRoleParams,
} from '../../validators/roles.ts';

type RoleInput = { params: z.output<typeof roleParams> };
type UserRoleInput = { params: z.output<typeof userRoleParams> };

export function makeRolesController({ roleService }: { roleService: RoleService }) {
  return {
    async list(ctx: Context) {
      ctx.body = { items: (await roleService.list()).map(toRoleResponse) };
    },

    async create(ctx: Context, { body }: { body: z.output<typeof createRoleBody> }) {
      const role = await roleService.create(principalOf(ctx), body);
      ctx.status = 201;
      ctx.body = toRoleResponse(role);
    },

    async update(
      ctx: Context,
      { params, body }: RoleInput & { body: z.output<typeof updateRoleBody> },
    ) {
      ctx.body = toRoleResponse(await roleService.update(principalOf(ctx), params.name, body));
    },

    async remove(ctx: Context, { params }: RoleInput) {
      await roleService.delete(params.name);
      ctx.status = 204;
    },

    async grant(ctx: Context, { params }: UserRoleInput) {
      await roleService.grant(principalOf(ctx), params.id, params.name);
      ctx.status = 204;
    },

    async revoke(ctx: Context, { params }: UserRoleInput) {
      await roleService.revoke(principalOf(ctx), params.id, params.name);
      ctx.status = 204;
    },
  };
}
