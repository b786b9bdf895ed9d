import type { Context } from 'koa';

type ControllerMethod = (ctx: Context, input: unknown) => Promise<void>;
// biome-ignore lint/suspicious/noExplicitAny: a factory takes whatever services its controller needs.
type ControllerFactory = (dependencies: any) => Record<string, unknown>;

/** What `invoke()` leaves on the handler it returns: which factory and method to bind at start. */
const CONTROLLER = Symbol('controller');
interface ControllerReference {
  [CONTROLLER]: { make: ControllerFactory; method: string };
}

// #region dependencies
/**
 * A route handler that calls one method of its controller. Nothing is built here: the router
 * builds each controller once, when the app starts, from the services it is given.
 */
export function invoke<C, K extends keyof C>(
  // biome-ignore lint/suspicious/noExplicitAny: the factory's own parameter says what it needs.
  makeController: (dependencies: any) => C,
  method: K,
): C[K] {
  const reference: ControllerReference = {
    [CONTROLLER]: { make: makeController as ControllerFactory, method: String(method) },
  };
  const unbound = () => {
    throw new Error(`${String(method)}: the router binds this handler when the app starts`);
  };
  return Object.assign(unbound, reference) as C[K];
}

/**
 * Binds the handlers of `invoke()` to controllers built from `dependencies`, one per factory;
 * a handler written as a plain function stays as it is.
 */
export function controllerBinder(dependencies: object) {
  const controllers = new Map<ControllerFactory, Record<string, unknown>>();
  return (handler: ControllerMethod): ControllerMethod => {
    const reference = (handler as Partial<ControllerReference>)[CONTROLLER];
    if (!reference) return handler;
    let controller = controllers.get(reference.make);
    if (!controller) {
      controller = reference.make(dependencies);
      controllers.set(reference.make, controller);
    }
    const bound = controller[reference.method] as ControllerMethod;
    return bound.bind(controller);
  };
}
// #endregion dependencies
