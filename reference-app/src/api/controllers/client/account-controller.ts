import type { Context } from 'koa';
import type { z } from 'zod';
import type { AuthService } from '../../../services/auth/auth-service.ts';
import type { UserService } from '../../../services/users/user-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import {
  type changePasswordBody,
  type renameBody,
  toAccountResponse,
} from '../../validators/account.ts';

export function makeAccountController({
  userService,
  authService,
}: {
  userService: UserService;
  authService: AuthService;
}) {
  return {
    async show(ctx: Context) {
      ctx.body = toAccountResponse(await userService.getAccount(principalOf(ctx).userId));
    },

    async rename(ctx: Context, { body }: { body: z.output<typeof renameBody> }) {
      ctx.body = toAccountResponse(await userService.rename(principalOf(ctx).userId, body.name));
    },

    async changePassword(ctx: Context, { body }: { body: z.output<typeof changePasswordBody> }) {
      await authService.changePassword(principalOf(ctx), body);
      ctx.status = 204;
    },
  };
}
