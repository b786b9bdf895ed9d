import type { Context } from 'koa';
import type { z } from 'zod';
import type { ErrorCode } from '../common/errors.ts';
import type { Permission } from '../entities/role.ts';
import type { RateLimitedAction } from '../libs/rate-limit/index.ts';

// #region access
/**
 * Who may call a route. Every route must say; there is no default. A permission is checked against
 * the caller's roles as they are at this request, so a grant or a revoke counts at once.
 */
export type Access =
  | { caller: 'anonymous' }
  | { caller: 'user'; permission?: Permission }
  | { caller: 'internal' };

export const anyone: Access = { caller: 'anonymous' };
export const signedIn: Access = { caller: 'user' };
export const withPermission = (permission: Permission): Access => ({ caller: 'user', permission });
export const internalService: Access = { caller: 'internal' };

/** Whether a signed-in caller whose roles grant `permissions` may call a route of this access. */
export function permits(access: Access, permissions: readonly string[]): boolean {
  return (
    access.caller === 'user' && (!access.permission || permissions.includes(access.permission))
  );
}
// #endregion access

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

export type ParsedRequest<R extends RequestSchemas> = {
  [K in keyof R]: R[K] extends z.ZodType ? z.output<R[K]> : never;
};

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Headers this answer carries besides those every answer has: lower-case name → meaning. */
  headers?: Record<string, string>;
}

// #region route
/** One route: its path, who may call it, what it accepts and answers, and its handler. */
export interface Route<R extends RequestSchemas = RequestSchemas> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The operation's name in the OpenAPI document, and so the method's name in generated clients. */
  operationId: string;
  /** Relative to the group's prefix, in @koa/router syntax (`/users/:id`). */
  path: string;
  summary: string;
  access: Access;
  rateLimit?: RateLimitedAction;
  /** A probe for orchestrators: answered even when the API sheds load. */
  probe?: true;
  /** Set to false on routes that never reach PostgreSQL (they cannot answer DATABASE_UNAVAILABLE). */
  usesDatabase?: false;
  /** Creates or triggers something: an Idempotency-Key header makes a retry of it safe. */
  idempotent?: true;
  /** Codes the handler itself may answer with, besides those that follow from the above. */
  errors?: readonly ErrorCode[];
  request: R;
  responses: Record<number, ResponseSpec>;
  handler: (ctx: Context, input: ParsedRequest<R>) => Promise<void>;
}

/** The routes of one caller group, under one prefix. */
export interface RouteGroup {
  name: string;
  prefix: string;
  description: string;
  routes: Route[];
}

/** Declares a route; the handler's input type follows from the request schemas. */
export function route<R extends RequestSchemas>(spec: Route<R>): Route {
  return spec as unknown as Route;
}
// #endregion route
