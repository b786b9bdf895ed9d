import type { Context } from 'koa';
import { internalCallerOf } from '../../middlewares/access.ts';

// #region whoami-controller
export function makeWhoamiController() {
  return {
    async show(ctx: Context) {
      ctx.body = { caller: internalCallerOf(ctx) };
    },
  };
}
// #endregion whoami-controller
