import type { Context, Middleware } from 'koa';
import { AppError } from '../../common/errors.ts';
import type { Principal } from '../../entities/session.ts';
import type { AuthService } from '../../services/auth/auth-service.ts';
import type { InternalCallerService } from '../../services/auth/internal-caller-service.ts';
import { type Access, permits } from '../route-definition.ts';

// The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are as good as `Bearer`.
const BEARER = /^Bearer +([\w.~+/-]+=*)$/i;

// #region enforce-access
export interface AccessDependencies {
  authService: AuthService;
  internalCallerService: InternalCallerService;
}

/** Lets a request through only if its caller matches the route's declared access. */
export function enforceAccess(
  access: Access,
  { authService, internalCallerService }: AccessDependencies,
): Middleware {
  return async (ctx, next) => {
    if (access.caller === 'internal') {
      const caller = internalCallerService.identify(ctx.get('x-internal-key') || undefined);
      if (!caller)
        throw new AppError('UNAUTHENTICATED', { message: 'Send a valid x-internal-key header.' });
      ctx.state.internalCaller = caller;
    }
    if (access.caller === 'user') {
      const token = BEARER.exec(ctx.get('authorization'))?.[1];
      const principal = token && (await authService.authenticate(token));
      if (!principal) {
        ctx.set('www-authenticate', 'Bearer');
        throw new AppError('UNAUTHENTICATED');
      }
      ctx.state.principal = principal;
      ctx.state.userId = principal.userId;
      if (!permits(access, principal.permissions)) {
        throw new AppError('FORBIDDEN', {
          message: `This needs the permission ${access.permission}, which your roles do not grant.`,
          details: { permission: access.permission },
        });
      }
    }
    await next();
  };
}
// #endregion enforce-access

// #region principal-of
/** The signed-in caller of a route declared with `signedIn` or `withPermission(…)`. */
export function principalOf(ctx: Context): Principal {
  const { principal } = ctx.state;
  if (!principal)
    throw new Error('principalOf() used on a route that does not require a signed-in user');
  return principal;
}

/** The name of the internal caller of a route declared with `internalService`. */
export function internalCallerOf(ctx: Context): string {
  const caller = ctx.state.internalCaller;
  if (!caller)
    throw new Error('internalCallerOf() used on a route that is not for internal callers');
  return caller;
}
// #endregion principal-of
