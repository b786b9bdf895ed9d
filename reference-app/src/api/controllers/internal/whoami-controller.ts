import type { Context } from 'koa';

export function makeWhoamiController() {
  return {
    async show(ctx: Context) {
      ctx.body = { caller: ctx.state.internalCaller as string };
    },
  };
}
