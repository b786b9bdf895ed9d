import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { AppError, type ErrorCode, type FieldProblem, validationFailed } from '../common/errors.ts';
import { isDatabaseUnavailable } from '../libs/database/index.ts';
import type { RateLimiter } from '../libs/rate-limit/index.ts';
import type { HttpMetrics } from '../libs/telemetry/metrics.ts';
import { nameActiveHttpSpan } from '../libs/telemetry/tracing.ts';
import type { IdempotencyService } from '../services/idempotency/idempotency-service.ts';
import { type AccessDependencies, enforceAccess } from './middlewares/access.ts';
import { controllerBinder } from './middlewares/dependencies.ts';
import { withIdempotencyKey } from './middlewares/idempotency.ts';
import { rateLimit } from './middlewares/rate-limit.ts';
import type { RequestSchemas, Route, RouteGroup } from './route-definition.ts';
import { declaredErrors } from './route-errors.ts';
import { encodingProblems, textProblems } from './validators/text.ts';
import { check } from './validators/validate.ts';

// #region parse-request
function parseRequest(request: RequestSchemas, ctx: Context) {
  const sources = { params: ctx.params, query: ctx.query, body: ctx.request.body ?? {} };
  const input: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const location of ['params', 'query', 'body'] as const) {
    const schema = request[location];
    if (!schema) continue;
    const source = sources[location];
    const result = check(schema, source, location);
    input[location] = result.value;
    // Zod sees decoded values: text no column may hold and bad percent-encoding are checked apart.
    problems.push(...encodingProblems(location, ctx), ...textProblems(source, location));
    problems.push(...result.problems);
  }
  if (problems.length) throw validationFailed(problems);
  return input;
}
// #endregion parse-request

// #region check-response
/** Outside production, an answer the route does not declare is a bug to hear about at once. */
function checkResponse(route: Route, ctx: Context) {
  const spec = route.responses[ctx.status];
  if (spec && !spec.schema && ctx.body != null) {
    throw new Error(`${route.operationId} (${ctx.status}) declares no body but sent one`);
  }
  const result = spec?.schema?.safeParse(ctx.body);
  if (result && !result.success) {
    throw new Error(
      `Response of ${route.operationId} (${ctx.status}) breaks its schema: ${result.error.message}`,
    );
  }
  if (!(ctx.status in route.responses)) {
    throw new Error(`${route.operationId} answered ${ctx.status}, which it does not declare`);
  }
}

/** The code a thrown error will be answered with, when it is not a bug (those are INTERNAL). */
function answeredCode(error: unknown): ErrorCode | undefined {
  if (error instanceof AppError) return error.code;
  return isDatabaseUnavailable(error) ? 'DATABASE_UNAVAILABLE' : undefined;
}

/** Wraps the route's steps: a thrown error must carry one of the codes the route declares. */
function checkContract(route: Route): Middleware {
  const declared = new Set(declaredErrors(route));
  return async (_ctx, next) => {
    try {
      await next();
    } catch (error) {
      const code = answeredCode(error);
      if (code && !declared.has(code)) {
        throw new Error(`${route.operationId} answered ${code}, which it does not declare`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}
// #endregion check-response

/** Names the request after its route template: in the trace, the metrics and the access log. */
function namedRoute(method: string, template: string): Middleware {
  return (ctx, next) => {
    ctx.state.route = template;
    nameActiveHttpSpan(method, template);
    return next();
  };
}

// #region router-dependencies
/**
 * What the route steps use, taken from the container once when the app starts; the controllers'
 * factories read their services from the same object.
 */
export interface RouterDependencies extends AccessDependencies {
  rateLimiter: RateLimiter;
  httpMetrics: HttpMetrics;
  idempotencyService: IdempotencyService;
}
// #endregion router-dependencies

// #region build-router
/**
 * One Koa router for every group: access first, then rate limit, validation, the idempotency key
 * of routes that create something, and the handler. Outside production each route's answers,
 * returned or thrown, are checked against what it declares.
 */
export function buildRouter(
  groups: RouteGroup[],
  dependencies: RouterDependencies,
  options: { checkResponses: boolean },
): Router {
  const router = new Router();
  const bind = controllerBinder(dependencies);
  for (const group of groups) {
    for (const route of group.routes) {
      const handler = bind(route.handler as (ctx: Context, input: unknown) => Promise<void>);
      const template = `${group.prefix}${route.path}`;
      const steps: Middleware[] = [namedRoute(route.method.toUpperCase(), template)];
      if (options.checkResponses) steps.push(checkContract(route));
      steps.push(enforceAccess(route.access, dependencies));
      if (route.rateLimit) steps.push(rateLimit(route.rateLimit, dependencies));
      steps.push(async (ctx) => {
        const input = parseRequest(route.request, ctx);
        const run = async () => {
          await handler(ctx, input);
          if (options.checkResponses) checkResponse(route, ctx);
        };
        const { idempotencyService } = dependencies;
        await (route.idempotent ? withIdempotencyKey(ctx, idempotencyService, run) : run());
      });
      router[route.method](template, ...steps);
    }
  }
  return router;
}
// #endregion build-router
