import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiRequestBodyObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { defaultApiUrl } from '../common/config.ts';
import { type ErrorCode, type ErrorDefinition, errorCatalogue } from '../common/errors.ts';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../entities/idempotency.ts';
import type { ResponseSpec, Route, RouteGroup } from './route-definition.ts';
import { declaredErrors } from './route-errors.ts';
import { errorResponse } from './validators/common.ts';

/** The header of routes that take one; its value is the client's own unique key per operation. */
const idempotencyKeyHeader = z.object({
  'idempotency-key': z.string().min(1).max(IDEMPOTENCY_KEY_MAX_LENGTH).optional().meta({
    description:
      'A unique key per operation (a UUID): sending the same request again with it replays the first answer instead of doing the work twice.',
    example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
  }),
});

// #region response-headers
/** Response headers, each a reusable component (`header.id`) that answers refer to. */
const responseHeaders = {
  'x-request-id': z.string().meta({
    example: '3f2c8a61-0b7e-4d59-9a43-7c1e5f0d2b18',
    header: {
      id: 'RequestId',
      description:
        "This request's id (the caller's own x-request-id, when it sent a sane one): the logs are keyed by it.",
    },
  }),
  'cache-control': z.string().meta({
    example: 'no-store',
    header: {
      id: 'CacheControl',
      description:
        'no-store, unless the route says otherwise: answers carry tokens or personal data.',
    },
  }),
  'retry-after': z
    .string()
    .optional()
    .meta({
      example: '1',
      header: {
        id: 'RetryAfter',
        description:
          'Seconds to wait before sending the request again, on the codes that say when.',
      },
    }),
  'idempotent-replayed': z
    .literal('true')
    .optional()
    .meta({
      header: {
        id: 'IdempotentReplayed',
        description:
          'true when this is the stored answer of an earlier request with the same Idempotency-Key.',
      },
    }),
  'www-authenticate': z.string().meta({
    example: 'Bearer',
    header: {
      id: 'WwwAuthenticate',
      description: 'Bearer: send a valid access token in the Authorization header.',
    },
  }),
};
// #endregion response-headers

/**
 * Headers every answer has, the replay marker of routes that take an Idempotency-Key, then the
 * route's own (a route's Cache-Control replaces the default).
 */
function answerHeaders(route: Route, spec: Pick<ResponseSpec, 'headers'> = {}) {
  const own = Object.entries(spec.headers ?? {}).map(([name, description]) => [
    name,
    z.string().meta({ header: { description } }),
  ]);
  return {
    'x-request-id': responseHeaders['x-request-id'],
    'cache-control': responseHeaders['cache-control'],
    ...(route.idempotent && { 'idempotent-replayed': responseHeaders['idempotent-replayed'] }),
    ...Object.fromEntries(own),
  };
}

// RATE_LIMITED's wait is the limiter's own, so the catalogue gives it no retryAfterSeconds.
const saysWhenToRetry = (code: ErrorCode) =>
  code === 'RATE_LIMITED' ||
  (errorCatalogue[code] as ErrorDefinition).retryAfterSeconds !== undefined;

/** For a part of an allOf: its `additionalProperties: false` would refuse the other part's fields. */
const openObject = {
  override: ({ jsonSchema }: { jsonSchema: { additionalProperties?: unknown } }) => {
    delete jsonSchema.additionalProperties;
  },
};

/** Formats that say all a reader needs: Zod's own regex for them would only be noise. */
const formatsThatSayIt = new Set(['uuid', 'date-time', 'email']);

/** Drops the regex Zod writes beside a format that says the same (uuid, date-time, email). */
const patternsBesideFormats = {
  override: ({ jsonSchema }: { jsonSchema: { format?: string; pattern?: string } }) => {
    if (jsonSchema.format && formatsThatSayIt.has(jsonSchema.format)) delete jsonSchema.pattern;
  },
};

// #region error-responses
/** The shared `Error`, its `code` narrowed to the codes one answer can carry. */
function errorBodyOf(codes: ErrorCode[]) {
  const code = z.enum(codes as [ErrorCode, ...ErrorCode[]]);
  return errorResponse.and(
    z.object({ error: z.object({ code }).meta(openObject) }).meta(openObject),
  );
}

function errorHeaders(route: Route, status: number, codes: ErrorCode[]) {
  const bearerRefused = status === 401 && route.access.caller === 'user';
  return {
    ...answerHeaders(route),
    ...(codes.some(saysWhenToRetry) && { 'retry-after': responseHeaders['retry-after'] }),
    ...(bearerRefused && { 'www-authenticate': responseHeaders['www-authenticate'] }),
  };
}

/** One response per error status, listing exactly the codes the route can answer with it. */
function errorResponses(route: Route): Record<number, ZodOpenApiResponseObject> {
  const byStatus = Map.groupBy(declaredErrors(route), (code) => errorCatalogue[code].status);
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      {
        description: `Error: ${codes.join(' or ')}`,
        headers: z.object(errorHeaders(route, status, codes)),
        content: { 'application/json': { schema: errorBodyOf(codes) } },
      },
    ]),
  );
}
// #endregion error-responses

function successResponses(route: Route): Record<number, ZodOpenApiResponseObject> {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, spec]) => [
      status,
      {
        description: spec.description,
        headers: z.object(answerHeaders(route, spec)),
        content: spec.schema ? { 'application/json': { schema: spec.schema } } : undefined,
      },
    ]),
  );
}

/** The router reads a request without a body as `{}`: a body is required unless `{}` is valid. */
function requestBody(body: z.ZodType): ZodOpenApiRequestBodyObject {
  return {
    required: !body.safeParse({}).success,
    content: { 'application/json': { schema: body } },
  };
}

function security(route: Route) {
  if (route.access.caller === 'internal') return [{ internalKey: [] }];
  if (route.access.caller === 'user') return [{ bearerAuth: [] }];
  return [];
}

function operation(group: RouteGroup, route: Route): ZodOpenApiOperationObject {
  const permission = route.access.caller === 'user' ? route.access.permission : undefined;
  const { params, query, body } = route.request;
  return {
    operationId: route.operationId,
    tags: [group.name],
    summary: route.summary,
    description: permission ? `Requires the permission ${permission}.` : undefined,
    security: security(route),
    requestParams: {
      ...(params && { path: params as z.ZodObject }),
      ...(query && { query: query as z.ZodObject }),
      ...(route.idempotent && { header: idempotencyKeyHeader }),
    },
    requestBody: body ? requestBody(body) : undefined,
    responses: { ...successResponses(route), ...errorResponses(route) },
  };
}

// #region openapi-document
/** The OpenAPI 3.1 document, generated from the same route table and schemas the router uses. */
export function buildOpenApiDocument(groups: RouteGroup[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const group of groups) {
    for (const route of group.routes) {
      const path = `${group.prefix}${route.path}`.replace(/:(\w+)/g, '{$1}');
      paths[path] = { ...paths[path], [route.method]: operation(group, route) };
    }
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Reference app API',
        version: '1.0.0',
        // The project states no licence: say so rather than claim one nobody granted.
        license: { name: 'UNLICENSED: no licence is granted', identifier: 'LicenseRef-UNLICENSED' },
        contact: { name: 'Reference app maintainers' },
      },
      servers: [{ url: defaultApiUrl, description: 'Local development (npm run dev)' }],
      tags: groups.map((group) => ({ name: group.name, description: group.description })),
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          internalKey: { type: 'apiKey', in: 'header', name: 'x-internal-key' },
        },
      },
      paths,
    },
    patternsBesideFormats,
  );
}
// #endregion openapi-document
