import type { ErrorCode } from '../common/errors.ts';
import type { Route } from './route-definition.ts';

// #region route-errors
/** What any route may answer, whatever it declares: a body it cannot read, or a bug of ours. */
export const sharedErrors = [
  'INVALID_JSON',
  'INVALID_BODY',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const satisfies readonly ErrorCode[];

/**
 * Every error code a route can answer: those that follow from its declaration, its own domain
 * errors, and the shared ones. The OpenAPI document lists exactly these, and outside production
 * the router refuses to answer any other.
 */
export function declaredErrors(route: Route): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (Object.keys(route.request).length || route.idempotent) codes.add('VALIDATION_FAILED');
  if (route.access.caller !== 'anonymous') codes.add('UNAUTHENTICATED');
  if (route.access.caller === 'user' && route.access.permission) codes.add('FORBIDDEN');
  if (route.rateLimit) codes.add('RATE_LIMITED');
  if (route.idempotent) codes.add('IDEMPOTENCY_KEY_IN_USE').add('IDEMPOTENCY_KEY_REUSED');
  // A signed-in caller's session is checked in PostgreSQL, whatever the handler does.
  if (route.usesDatabase !== false || route.access.caller === 'user') {
    codes.add('DATABASE_UNAVAILABLE');
  }
  if (!route.probe) codes.add('OVERLOADED');
  for (const code of [...(route.errors ?? []), ...sharedErrors]) codes.add(code);
  return [...codes];
}
// #endregion route-errors
