import type { Context } from 'koa';
import type { z } from 'zod';
import type { AuthService } from '../../../services/auth/auth-service.ts';
import type { UserService } from '../../../services/users/user-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import {
  type loginBody,
  type refreshBody,
  type registerBody,
  toUserResponse,
} from '../../validators/auth.ts';

// #region auth-controller
export function makeAuthController({
  userService,
  authService,
}: {
  userService: UserService;
  authService: AuthService;
}) {
  return {
    async register(ctx: Context, { body }: { body: z.output<typeof registerBody> }) {
      const user = await userService.register(body);
      ctx.status = 201;
      ctx.set('location', '/api/client/me');
      ctx.body = toUserResponse(user);
    },

    async login(ctx: Context, { body }: { body: z.output<typeof loginBody> }) {
      ctx.body = await authService.login(body);
    },

    async refresh(ctx: Context, { body }: { body: z.output<typeof refreshBody> }) {
      ctx.body = await authService.refresh(body.refreshToken);
    },

    async logout(ctx: Context) {
      await authService.logout(principalOf(ctx));
      ctx.status = 204;
    },
  };
}
// #endregion auth-controller
