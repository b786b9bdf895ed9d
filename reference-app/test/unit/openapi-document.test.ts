import assert from 'node:assert/strict';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import type { Route } from '../../src/api/route-definition.ts';
import { declaredErrors } from '../../src/api/route-errors.ts';
import { routeTable } from '../../src/api/route-table.ts';
import { errorCatalogue } from '../../src/common/errors.ts';

interface Answer {
  headers: Record<string, { $ref?: string; description?: string }>;
  content?: { 'application/json': { schema: { allOf?: ErrorOverlay[] } } };
}
type ErrorOverlay = { properties?: { error: { properties: { code: { enum: string[] } } } } };
interface Operation {
  requestBody?: { required: boolean };
  responses: Record<string, Answer>;
}

const document = JSON.parse(JSON.stringify(buildOpenApiDocument(routeTable))) as {
  paths: Record<string, Record<string, Operation>>;
};
const routes = routeTable.flatMap((group) =>
  group.routes.map((route) => {
    const path = `${group.prefix}${route.path}`.replace(/:(\w+)/g, '{$1}');
    return { route, operation: document.paths[path]?.[route.method] as Operation };
  }),
);
const find = (operationId: string) =>
  routes.find(({ route }) => route.operationId === operationId) as {
    route: Route;
    operation: Operation;
  };
const codesOf = (answer: Answer) =>
  answer.content?.['application/json'].schema.allOf?.[1]?.properties?.error.properties.code.enum;

describe('OpenAPI document (src/api/openapi.ts)', () => {
  it('when a route can answer errors, then each error status enumerates exactly its codes of that status', () => {
    for (const { route, operation } of routes) {
      const expected = Map.groupBy(declaredErrors(route), (code) => errorCatalogue[code].status);

      for (const [status, codes] of expected) {
        assert.deepEqual(codesOf(operation.responses[status] as Answer), codes, route.operationId);
      }
    }
  });

  it('when any answer is described, then it refers to the X-Request-Id and Cache-Control headers', () => {
    const answers = routes.flatMap(({ operation }) => Object.values(operation.responses));

    for (const answer of answers) {
      assert.equal(answer.headers['x-request-id']?.$ref, '#/components/headers/RequestId');
      assert.ok(answer.headers['cache-control'], 'cache-control');
    }
  });

  it('when an error status can say when to retry, then it declares Retry-After; a 401 of signed-in routes WWW-Authenticate', () => {
    const { operation: register } = find('register');
    const { operation: me } = find('getMyAccount');
    const { operation: login } = find('logIn');

    assert.ok(register.responses['409']?.headers['retry-after'], 'IDEMPOTENCY_KEY_IN_USE');
    assert.ok(register.responses['429']?.headers['retry-after'], 'RATE_LIMITED');
    assert.ok(me.responses['503']?.headers['retry-after'], 'DATABASE_UNAVAILABLE');
    assert.equal(
      find('getReadiness').operation.responses['503']?.headers['retry-after'],
      undefined,
    );
    assert.ok(me.responses['401']?.headers['www-authenticate']);
    assert.equal(login.responses['401']?.headers['www-authenticate'], undefined);
  });

  it('when a route has its own headers, then its answers declare them instead of the defaults', () => {
    const { responses } = find('getPublicProfile').operation;

    for (const status of ['200', '304']) {
      assert.ok(responses[status]?.headers.etag?.description, `${status} ETag`);
      assert.match(responses[status]?.headers['cache-control']?.description ?? '', /^public/);
    }
  });

  it('when a route takes a body that {} does not satisfy, then its request body is required', () => {
    const withBody = routes.filter(({ route }) => route.request.body);

    for (const { route, operation } of withBody) {
      const required = !route.request.body?.safeParse({}).success;
      assert.equal(operation.requestBody?.required, required, route.operationId);
    }
    assert.equal(find('register').operation.requestBody?.required, true);
    assert.equal(find('logIn').operation.requestBody?.required, true);
  });
});
