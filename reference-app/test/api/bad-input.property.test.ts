import assert from 'node:assert/strict';
import fc from 'fast-check';
import { routeTable } from '../../src/api/route-table.ts';
import { errorCatalogue } from '../../src/common/errors.ts';
import { signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';

const RUNS_PER_ROUTE = 100;
const printable = (maxLength: number) => fc.string({ unit: 'grapheme-ascii', maxLength });

const pathSegment = fc.oneof(
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%', '%E0%A4%A', '..', '%00', '%2F', 'a'.repeat(3000), '', ' '),
  printable(20).map(encodeURIComponent),
);

const query = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('limit', 'cursor', 'q', 'status'), printable(8)),
      printable(30),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc
    .record({
      email: fc.oneof(fc.emailAddress(), fc.jsonValue()),
      password: fc.oneof(printable(40), fc.jsonValue()),
    })
    .map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{"a":',
    '[]',
    'null',
    '"text"',
    '1e999',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
  ),
);

const headerChoice = (valid: string) =>
  fc.oneof(fc.constant(undefined), fc.constant(valid), printable(60));

describe('bad input at every route (fast-check)', () => {
  let api: TestApi;
  let bearer: string;
  const internalKey = testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '';
  before(async () => {
    api = await startApi();
    bearer = `Bearer ${(await signUp(api, 'superadmin')).tokens.accessToken}`;
  });
  after(() => api.close());

  for (const group of routeTable) {
    for (const route of group.routes) {
      const name = `${route.method.toUpperCase()} ${group.prefix}${route.path}`;
      it(`when ${name} gets random bodies, headers and ids, then never a 5xx and always the error shape`, async () => {
        const sendsBody = route.method !== 'get';
        await fc.assert(
          fc.asyncProperty(
            fc.array(pathSegment, { minLength: 2, maxLength: 2 }),
            query,
            body,
            fc.record({
              authorization: headerChoice(bearer),
              'x-internal-key': headerChoice(internalKey),
              'content-type': fc.oneof(
                fc.constantFrom(
                  undefined,
                  'application/json',
                  'text/plain',
                  'application/json; charset=latin1',
                ),
                printable(30),
              ),
              'content-encoding': fc.constantFrom(undefined, 'gzip', 'br', 'identity', 'xyz'),
              'x-request-id': fc.oneof(fc.constant(undefined), printable(200)),
            }),
            async ([first, second], search, payload, rawHeaders) => {
              let index = 0;
              const path = `${group.prefix}${route.path}`.replace(
                /:\w+/g,
                () => (index++ === 0 ? first : second) ?? '',
              );
              const headers = Object.fromEntries(
                Object.entries(rawHeaders).filter(
                  (entry): entry is [string, string] => entry[1] !== undefined,
                ),
              );
              const response = await fetch(`${api.url}${path}${search ? `?${search}` : ''}`, {
                method: route.method.toUpperCase(),
                headers,
                body: sendsBody ? payload : undefined,
              });
              const text = await response.text();

              // #region never-5xx
              assert.ok(
                response.status < 500 || route.path === '/ready',
                `${response.status} for ${path}: ${text}`,
              );
              if (response.status >= 400) {
                const { error } = JSON.parse(text);
                assert.ok(error.code in errorCatalogue, text);
                assert.equal(typeof error.message, 'string');
                assert.equal(typeof error.requestId, 'string');
              }
              // #endregion never-5xx
            },
          ),
          { numRuns: RUNS_PER_ROUTE },
        );
      });
    }
  }
});
