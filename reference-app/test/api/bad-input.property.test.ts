import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import { z } from 'zod';
import type { Route } from '../../src/api/route-definition.ts';
import { routeTable } from '../../src/api/route-table.ts';
import { errorCatalogue } from '../../src/common/errors.ts';
import { signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';

const RUNS_PER_ROUTE = 100;
const printable = (maxLength: number) => fc.string({ unit: 'grapheme-ascii', maxLength });

// Text no column should hold: U+0000 (PostgreSQL refuses it), other control characters, line
// breaks in one-line fields and lone surrogates, among ordinary characters.
const hostileText = fc
  .array(
    fc.oneof(
      printable(6),
      fc.constant('\u0000'),
      fc.constantFrom('\u0001', '\u001b', '\u007f', '\u0085', '\u009f', '\t', '\n', '\r'),
      fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

// Percent-encoding of control characters, and percent-encoding that is not UTF-8 (Koa would
// silently make those U+FFFD): a lone byte, an overlong form, a surrogate, cut-short sequences.
const hostileEncoded = fc.constantFrom(
  '%00',
  '%1B',
  '%C2%85',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%2',
);

const pathSegment = fc.oneof(
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%', '%E0%A4%A', '..', '%00', '%2F', 'a'.repeat(3000), '', ' '),
  printable(20).map(encodeURIComponent),
  hostileEncoded,
);

// #region queries
const query = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('limit', 'cursor', 'q', 'status'), printable(8)),
      fc.oneof(printable(30), hostileText),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

/** The fields a schema names, so hostile values land where the route reads them. */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Random queries, and one field of the route's query holding hostile or undecodable text. */
function queryFor(route: Route) {
  const fields = fieldsOf(route.request.query);
  if (!fields.length) return query;
  const field = fc.constantFrom(...fields);
  return fc.oneof(
    query,
    fc.tuple(field, hostileText).map((pair) => new URLSearchParams([pair]).toString()),
    fc
      .tuple(
        field,
        fc.array(fc.oneof(printable(4), hostileEncoded), { minLength: 1, maxLength: 3 }),
      )
      .map(([key, parts]) => `${key}=${parts.join('')}`),
  );
}
// #endregion queries

// #region bodies
const permissionList = fc.array(
  fc.oneof(fc.constantFrom('users:read', 'users:read', 'jobs:read'), hostileText),
  { maxLength: 4 },
);

// Bytes that are not UTF-8, alone or inside an otherwise well-formed JSON body.
const invalidUtf8 = fc.oneof(
  fc.uint8Array({ maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom('name', 'email', 'description', 'password'),
      fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88]),
    )
    .map(([field, bytes]) =>
      Buffer.concat([Buffer.from(`{"${field}":"a`), Buffer.from(bytes), Buffer.from('b"}')]),
    ),
);

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
  invalidUtf8,
);

/**
 * A value each field could validly hold, so that hostile text in another field gets past the
 * rest of validation and reaches the service and PostgreSQL. The current password is never right:
 * changing it would end the caller's session.
 */
const plausible: Record<string, fc.Arbitrary<unknown>> = {
  email: fc.uuid().map((id) => `fuzz-${id}@example.test`),
  name: fc.oneof(
    fc.constant('Ada Lovelace'),
    fc.uuid().map((id) => `fuzz-${id.slice(0, 8)}`),
  ),
  password: fc.constant('correct horse battery'),
  newPassword: fc.constant('correct horse battery staple'),
  permissions: fc.constantFrom(['users:read'], ['users:read', 'jobs:read']),
};

/** Random bodies, and bodies of the route's own fields with hostile text in some of them. */
function bodyFor(route: Route) {
  const fields = fieldsOf(route.request.body);
  if (!fields.length) return body;
  const hostile = (field: string) => (field === 'permissions' ? permissionList : hostileText);
  const record = Object.fromEntries(
    fields.map((field) => [field, fc.oneof(plausible[field] ?? printable(20), hostile(field))]),
  );
  // JSON.stringify writes a lone surrogate as the escape \ud800, as a client would.
  const ownFields = fc.record(record).map((value) => JSON.stringify(value));
  return fc.oneof(body, { arbitrary: ownFields, weight: 2 });
}
// #endregion bodies

// #region tokens
type OddToken = { claims: Record<string, unknown>; signed: boolean };

/** Validly signed tokens (or unsigned ones) with odd claims, around a live session's ids. */
function oddToken(live: { sub: string; sid: string }): fc.Arbitrary<OddToken> {
  const id = (liveId: string) =>
    fc.oneof(fc.constant(liveId), fc.uuid(), printable(40), fc.integer(), fc.constant(null));
  // Mostly a time that passes, so that the odd claim is the one that decides.
  const inFiveMinutes = Math.floor(Date.now() / 1000) + 300;
  const time = (passing: number) =>
    fc.oneof(
      { arbitrary: fc.constant(passing), weight: 3 },
      fc.integer({ min: -2e9, max: 4e9 }),
      printable(10),
      fc.constant(null),
    );
  const claims = fc.record(
    {
      sub: id(live.sub),
      sid: id(live.sid),
      exp: time(inFiveMinutes),
      iat: time(inFiveMinutes - 600),
      nbf: time(inFiveMinutes - 600),
      iss: fc.constantFrom('reference-app', 'reference-app', 'someone-else'),
      aud: fc.constantFrom('reference-app', ['reference-app', 'other'], 'other'),
    },
    { requiredKeys: ['sub', 'sid', 'iss', 'aud'] },
  );
  return fc.record({ claims, signed: fc.boolean() });
}

const secret = new TextEncoder().encode(testEnvironment.JWT_SECRET);

async function bearerOf({ claims, signed }: OddToken) {
  const token = signed
    ? await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret)
    : new UnsecuredJWT(claims).encode();
  return `Bearer ${token}`;
}
// #endregion tokens

const headerChoice = (valid: string) =>
  fc.oneof(fc.constant(undefined), fc.constant(valid), printable(60));

/** Headers mostly a real client's, so that hostile input gets past the access check. */
function headers(accessToken: string, internalKey: string) {
  const bearer = `Bearer ${accessToken}`;
  return fc.record({
    authorization: fc.oneof(
      { arbitrary: fc.constant(bearer), weight: 3 },
      headerChoice(bearer),
      oddToken(decodeJwt(accessToken) as { sub: string; sid: string }),
    ),
    'x-internal-key': headerChoice(internalKey),
    'content-type': fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 4 },
      fc.constantFrom(
        undefined,
        'text/plain',
        'application/json; charset=latin1',
        'application/json; charset=UTF-8',
        'application/json; charset=iso-8859-1',
      ),
      printable(30),
    ),
    'content-encoding': fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      fc.constantFrom('gzip', 'br', 'identity', 'xyz'),
    ),
    'x-request-id': fc.oneof(fc.constant(undefined), printable(200)),
  });
}

/** The headers to send: odd tokens signed now, headers left out dropped. */
async function requestHeaders(raw: Record<string, string | OddToken | undefined>) {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') sent[name] = value;
    else if (value) sent[name] = await bearerOf(value);
  }
  return sent;
}

describe('bad input at every route (fast-check)', () => {
  let api: TestApi;
  const internalKey = testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '';
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  for (const group of routeTable) {
    for (const route of group.routes) {
      const name = `${route.method.toUpperCase()} ${group.prefix}${route.path}`;
      it(`when ${name} gets random and hostile ids, queries, bodies and tokens, then never a 5xx and always the error shape`, async () => {
        // A caller of its own: an earlier route (sign-out, above all) may have ended the last one's session.
        const { accessToken } = (await signUp(api, 'superadmin')).tokens;
        const sendsBody = route.method !== 'get';
        await fc.assert(
          fc.asyncProperty(
            fc.array(pathSegment, { minLength: 2, maxLength: 2 }),
            queryFor(route),
            bodyFor(route),
            headers(accessToken, internalKey),
            async ([first, second], search, payload, rawHeaders) => {
              let index = 0;
              const path = `${group.prefix}${route.path}`.replace(
                /:\w+/g,
                () => (index++ === 0 ? first : second) ?? '',
              );
              const response = await fetch(`${api.url}${path}${search ? `?${search}` : ''}`, {
                method: route.method.toUpperCase(),
                headers: await requestHeaders(rawHeaders),
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
