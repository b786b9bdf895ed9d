import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import { errorCatalogue } from '../common/errors.ts';
import { declaredErrors } from './route-errors.ts';
import type { Route, RouteGroup } from './routing.ts';
import { errorResponse } from './validators/common.ts';

const errorContent = { 'application/json': { schema: errorResponse } };

/** The header of routes that take one; its value is the client's own unique key per operation. */
const idempotencyKeyHeader = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().meta({
    description:
      'A unique key per operation (a UUID): sending the same request again with it replays the first answer instead of doing the work twice.',
    example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
  }),
});

function errorResponses(route: Route) {
  const codes = declaredErrors(route);
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const { status } = errorCatalogue[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      status,
      { description: `Error: ${statusCodes.join(' or ')}`, content: errorContent },
    ]),
  );
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
    requestBody: body ? { content: { 'application/json': { schema: body } } } : undefined,
    responses: {
      ...Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            content: response.schema
              ? { 'application/json': { schema: response.schema } }
              : undefined,
          },
        ]),
      ),
      ...errorResponses(route),
    },
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
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Reference app API', version: '1.0.0' },
    tags: groups.map((group) => ({ name: group.name, description: group.description })),
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        internalKey: { type: 'apiKey', in: 'header', name: 'x-internal-key' },
      },
    },
    paths,
  });
}
// #endregion openapi-document
