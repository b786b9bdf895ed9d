import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { routeTable } from '../../src/api/route-table.ts';
import { startApi, type TestApi } from '../support/api.ts';

describe('API /api/openapi.json', () => {
  let api: TestApi;
  // biome-ignore lint/suspicious/noExplicitAny: the document is checked by the validator, then walked.
  let document: any;
  before(async () => {
    api = await startApi();
    document = (await api.get('/api/openapi.json')).body;
  });
  after(() => api.close());

  it('when fetched, then it is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);

    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  // #region openapi-routes-test
  it('when compared with the route table, then every route is listed with its security', () => {
    for (const group of routeTable) {
      for (const route of group.routes) {
        const path = `${group.prefix}${route.path}`.replace(/:(\w+)/g, '{$1}');
        const operation = document.paths[path]?.[route.method];
        assert.ok(operation, `${route.method.toUpperCase()} ${path} is missing`);
        const expected =
          route.access.caller === 'user'
            ? [{ bearerAuth: [] }]
            : route.access.caller === 'internal'
              ? [{ internalKey: [] }]
              : [];
        assert.deepEqual(operation.security, expected, `${path} security`);
      }
    }
  });
  // #endregion openapi-routes-test

  it('when a route takes a body, then its schema is in the document', () => {
    const login = document.paths['/api/client/auth/login'].post;
    const schema = login.requestBody.content['application/json'].schema;

    assert.deepEqual(schema, { $ref: '#/components/schemas/LoginRequest' });
    assert.deepEqual(document.components.schemas.LoginRequest.required, ['email', 'password']);
    assert.equal(document.components.schemas.LoginRequest.additionalProperties, false);
  });

  it('when a route creates something, then it takes an Idempotency-Key and declares the refusals', () => {
    const register = document.paths['/api/client/auth/register'].post;

    assert.deepEqual(
      register.parameters.map((parameter: { in: string; name: string }) => [
        parameter.in,
        parameter.name,
      ]),
      [['header', 'idempotency-key']],
    );
    assert.match(register.responses['409'].description, /IDEMPOTENCY_KEY_IN_USE/);
    assert.match(register.responses['422'].description, /IDEMPOTENCY_KEY_REUSED/);
  });

  it('when a route reaches PostgreSQL, then it declares 503 DATABASE_UNAVAILABLE; probes declare neither that nor OVERLOADED', () => {
    const me = document.paths['/api/client/me'].get;
    const ready = document.paths['/api/ready'].get;

    assert.match(me.responses['503'].description, /DATABASE_UNAVAILABLE or OVERLOADED/);
    assert.equal(ready.responses['503'].description, 'Error: NOT_READY or SHUTTING_DOWN');
  });
});
