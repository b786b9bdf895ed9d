import type { Context } from 'koa';
import type { z } from 'zod';
import type { UserAdminService } from '../../../services/users/user-admin-service.ts';
import type { UserService } from '../../../services/users/user-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import { toAccountResponse } from '../../validators/account.ts';
import type { userIdParams } from '../../validators/common.ts';
import type { listUsersQuery } from '../../validators/users.ts';

type UserIdInput = { params: z.output<typeof userIdParams> };

// #region admin-users-controller
export function makeAdminUsersController({
  userAdminService,
  userService,
}: {
  userAdminService: UserAdminService;
  userService: UserService;
}) {
  return {
    async list(ctx: Context, { query }: { query: z.output<typeof listUsersQuery> }) {
      const page = await userAdminService.list(query);
      ctx.body = { items: page.items.map(toAccountResponse), nextCursor: page.nextCursor };
    },

    async show(ctx: Context, { params }: UserIdInput) {
      ctx.body = toAccountResponse(await userService.getAccount(params.id));
    },

    async suspend(ctx: Context, { params }: UserIdInput) {
      ctx.body = toAccountResponse(await userAdminService.suspend(principalOf(ctx), params.id));
    },

    async reactivate(ctx: Context, { params }: UserIdInput) {
      ctx.body = toAccountResponse(await userAdminService.reactivate(principalOf(ctx), params.id));
    },

    // #region delete-user-handler
    async delete(ctx: Context, { params }: UserIdInput) {
      await userAdminService.delete(principalOf(ctx), params.id);
      ctx.status = 204;
    },
    // #endregion delete-user-handler
  };
}
// #endregion admin-users-controller
