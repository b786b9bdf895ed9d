import type { AwilixContainer } from 'awilix';
import type { Context, Middleware } from 'koa';

// #region dependencies
/** Hands the container to the route steps: the access check and the handler resolve from it. */
export function provideDependencies(container: AwilixContainer): Middleware {
  return (ctx, next) => {
    ctx.state.container = container;
    return next();
  };
}

/** A route handler that calls one method of its controller, built once per container. */
export function invoke<C, K extends keyof C>(
  // biome-ignore lint/suspicious/noExplicitAny: Awilix fills the dependencies from the container.
  makeController: (dependencies: any) => C,
  method: K,
): C[K] {
  const controllers = new WeakMap<AwilixContainer, C>();
  const handler = (ctx: Context, input: unknown) => {
    const container = ctx.state.container as AwilixContainer;
    let controller = controllers.get(container);
    if (!controller) {
      controller = container.build(makeController);
      controllers.set(container, controller);
    }
    return (controller[method] as (ctx: Context, input: unknown) => Promise<void>)(ctx, input);
  };
  return handler as C[K];
}
// #endregion dependencies
