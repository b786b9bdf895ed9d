import type { Context } from 'koa';

// #region whoami-controller
export function makeWhoamiController() {
  return {
    async show(ctx: Context) {
      ctx.body = { caller: ctx.state.internalCaller as string };
    },
  };
}
// #endregion whoami-controller
