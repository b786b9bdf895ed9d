import type { Context } from 'koa';
import { toUserResponse } from '../../../helpers/user-response.ts';
import type { UserService } from '../../../services/users/user-service.ts';
import { registerUserBody, userIdParams } from '../../validators/users.ts';
import { validate } from '../../validators/validate.ts';

// #region users-controller
export function makeUsersController({ userService }: { userService: UserService }) {
  return {
    async register(ctx: Context) {
      const input = validate(registerUserBody, ctx.request.body);
      const user = await userService.register(input);
      ctx.status = 201;
      ctx.set('location', `/api/client/users/${user.id}`);
      ctx.body = toUserResponse(user);
    },

    async getById(ctx: Context) {
      const { id } = validate(userIdParams, ctx.params);
      const user = await userService.getById(id);
      ctx.body = toUserResponse(user);
    },
  };
}
// #endregion users-controller
