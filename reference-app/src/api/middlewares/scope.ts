import { type AwilixContainer, asFunction } from 'awilix';
import type { Context, Middleware } from 'koa';

// #region request-scope
/** One dependency scope per request: scoped services live and die with it. */
export function scopePerRequest(container: AwilixContainer): Middleware {
  return async (ctx, next) => {
    const scope = container.createScope();
    ctx.state.container = scope;
    try {
      await next();
    } finally {
      await scope.dispose();
    }
  };
}

/** A route handler that builds its controller from the request's scope and calls one method. */
export function invoke<C, K extends keyof C>(
  // biome-ignore lint/suspicious/noExplicitAny: Awilix fills the dependencies from the scope.
  makeController: (dependencies: any) => C,
  method: K,
): C[K] {
  // Made once: building from a bare function would parse its source on every request.
  const resolver = asFunction(makeController);
  const handler = (ctx: Context, input: unknown) => {
    const controller = (ctx.state.container as AwilixContainer).build(resolver);
    return (controller[method] as (ctx: Context, input: unknown) => Promise<void>)(ctx, input);
  };
  return handler as C[K];
}
// #endregion request-scope
