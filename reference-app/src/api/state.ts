import type { Principal } from '../entities/session.ts';

// #region request-state
/** What the middlewares leave on `ctx.state` for the steps after them: declared once, for Koa's types. */
declare module 'koa' {
  interface DefaultState {
    /** Set by requestContext() on every request. */
    requestId: string;
    /** The template of the route that matched (`/api/admin/users/:id`), for metrics and traces. */
    route?: string;
    /** Set by the access check of routes for signed-in callers. */
    principal?: Principal;
    /** The principal's user id, for the access log line. */
    userId?: string;
    /** Set by the access check of routes for internal callers: the key's name. */
    internalCaller?: string;
  }
}
// #endregion request-state
