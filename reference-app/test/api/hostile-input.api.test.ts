import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import {
  type Actor,
  type SuperadminRoutes,
  signUp,
  superadminRoutesAs,
} from '../support/actors.ts';
import { startApi, type TestApi, type TestResponse } from '../support/api.ts';
import { aRegistration, uniqueRoleName } from '../support/data.ts';
import { testEnvironment } from '../support/environment.ts';

/** The `location:field` of every problem of a 400 VALIDATION_FAILED. */
function problemFields(response: TestResponse): string[] {
  assert.equal(response.status, 400, response.text);
  assert.equal(response.body.error.code, 'VALIDATION_FAILED');
  return response.body.error.details.fields.map(
    (problem: { field: string; location: string }) => `${problem.location}:${problem.field}`,
  );
}

describe('API: hostile text is a 400 naming the field, and nothing is stored', () => {
  let api: TestApi;
  let superadmin: Actor;
  let roles: SuperadminRoutes;
  before(async () => {
    api = await startApi();
    superadmin = await signUp(api, 'superadmin');
    roles = superadminRoutesAs(api, superadmin);
  });
  after(() => api.close());

  const storedUser = (email: string) =>
    api.container.cradle.database.handle('users').where({ email }).first();

  const badNames = [
    ['a NUL', 'Ada\u0000Lovelace'],
    ['a lone surrogate', 'Ada\ud800'],
    ['an escape character', 'Ada\u001b[31m'],
    ['a DEL', 'Ada\u007f'],
    ['a C1 control', 'Ada\u0085Lovelace'],
    ['a tab', 'Ada\tLovelace'],
    ['a line feed', 'Ada\nLovelace'],
    ['a carriage return', 'Ada\rLovelace'],
  ];
  for (const [what, name] of badNames) {
    it(`when a sign-up name holds ${what}, then 400 naming name and no user is stored`, async () => {
      const registration = aRegistration({ name });

      // JSON.stringify writes a lone surrogate as the escape \ud800, as a client would.
      const response = await api.post('/api/client/auth/register', JSON.stringify(registration), {
        'content-type': 'application/json',
      });

      assert.deepEqual(problemFields(response), ['body:name']);
      assert.equal(await storedUser(registration.email), undefined);
    });
  }

  it('when a rename holds a NUL, then 400 naming name and the name is unchanged', async () => {
    const { auth, user } = await signUp(api);

    const response = await api.request('PATCH', '/api/client/me', {
      body: { name: 'Grace\u0000Hopper' },
      headers: auth,
    });

    assert.deepEqual(problemFields(response), ['body:name']);
    assert.equal((await api.get('/api/client/me', auth)).body.name, user.name);
  });

  it('when a new role has a NUL in its description, then 400 naming description and no role', async () => {
    const name = uniqueRoleName();

    const response = await roles('POST', '/roles', { name, description: 'Desk\u0000' });

    assert.deepEqual(problemFields(response), ['body:description']);
    const listed = (await roles('GET', '/roles')).body.items.map(
      (role: { name: string }) => role.name,
    );
    assert.ok(!listed.includes(name));
  });

  it('when a role description is changed to hold a NUL, then 400 and it is unchanged', async () => {
    const name = uniqueRoleName();
    await roles('POST', '/roles', { name, description: 'Support desk' });

    const response = await roles('PATCH', `/roles/${name}`, { description: 'Desk\u0000' });

    assert.deepEqual(problemFields(response), ['body:description']);
    const role = (await roles('GET', '/roles')).body.items.find(
      (item: { name: string }) => item.name === name,
    );
    assert.equal(role.description, 'Support desk');
  });

  it('when a role description holds line breaks and a tab, then they are kept', async () => {
    const description = 'First line\n\tSecond line\r\nThird';

    const response = await roles('POST', '/roles', { name: uniqueRoleName(), description });

    assert.equal(response.status, 201, response.text);
    assert.equal(response.body.description, description);
  });

  it('when a field name holds a NUL, then 400 names it as unknown and as bad text', async () => {
    const registration = { ...aRegistration(), 'x\u0000': 1 };

    const response = await api.post('/api/client/auth/register', registration);

    assert.deepEqual(problemFields(response), ['body:x\u0000', 'body:x\u0000']);
    assert.equal(await storedUser(registration.email), undefined);
  });

  const badSearches = [
    ['a NUL', '%00'],
    ['percent-encoding that is not UTF-8', '%FF'],
    ['an overlong encoding', '%C0%AF'],
    ['a tab', 'a%09b'],
    ['a C1 control', '%C2%85'],
  ];
  for (const [what, q] of badSearches) {
    it(`when the user search q holds ${what}, then 400 naming q in the query`, async () => {
      const response = await api.get(`/api/admin/users?q=${q}`, superadmin.auth);

      assert.deepEqual(problemFields(response), ['query:q']);
    });
  }

  const cursorOf = (createdAt: string) =>
    Buffer.from(JSON.stringify([createdAt, '00000000-0000-4000-8000-000000000000'])).toString(
      'base64url',
    );
  // Dates JavaScript reads but PostgreSQL cannot hold, and an edge it can.
  const cursors: [string, string, number][] = [
    ['a year before 4713 BC', '-271821-04-20T00:00:00.000Z', 400],
    ['a year past 9999', '+275760-09-13T00:00:00.000Z', 400],
    ['a date in another format', 'Tue, 01 Dec 2026 10:00:00 GMT', 400],
    ['the year 0000', '0000-01-01T00:00:00.000Z', 200],
  ];
  for (const [what, createdAt, status] of cursors) {
    it(`when a cursor holds ${what}, then ${status}`, async () => {
      const response = await api.get(
        `/api/admin/users?cursor=${cursorOf(createdAt)}`,
        superadmin.auth,
      );

      assert.equal(response.status, status, response.text);
      if (status === 400) assert.deepEqual(problemFields(response), ['query:cursor']);
    });
  }

  it('when a path id is percent-encoding that is not UTF-8, then 400 naming id in params', async () => {
    const response = await api.get('/api/admin/users/%FF', superadmin.auth);

    assert.ok(problemFields(response).includes('params:id'));
  });

  describe('a list names each entry once', () => {
    it('when a new role lists a permission twice, then 400 naming permissions and no role', async () => {
      const name = uniqueRoleName();

      const response = await roles('POST', '/roles', {
        name,
        permissions: ['users:read', 'users:read'],
      });

      assert.deepEqual(problemFields(response), ['body:permissions']);
      assert.equal((await roles('PATCH', `/roles/${name}`, { description: 'x' })).status, 404);
    });

    it('when a role is changed to list a permission twice, then 400 and its permissions stay', async () => {
      const name = uniqueRoleName();
      await roles('POST', '/roles', { name, permissions: ['jobs:read'] });

      const response = await roles('PATCH', `/roles/${name}`, {
        permissions: ['users:read', 'jobs:read', 'users:read'],
      });

      assert.deepEqual(problemFields(response), ['body:permissions']);
      const role = (await roles('GET', '/roles')).body.items.find(
        (item: { name: string }) => item.name === name,
      );
      assert.deepEqual(role.permissions, ['jobs:read']);
    });
  });
});

describe('API: bodies are UTF-8 JSON or refused', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const storedUser = (email: string) =>
    api.container.cradle.database.handle('users').where({ email }).first();
  /** A sign-up sent as these very bytes, which api.post would re-encode. */
  async function register(body: string | Uint8Array, headers: Record<string, string>) {
    const url = `${api.url}/api/client/auth/register`;
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on the JSON shape they expect.
    return { status: response.status, text, body: JSON.parse(text) as any };
  }

  it('when the body holds bytes that are not UTF-8, then 400 INVALID_BODY and no user', async () => {
    const registration = aRegistration({ name: 'Ada' });
    const [before, after] = JSON.stringify(registration).split('Ada');
    const bytes = Buffer.concat([
      Buffer.from(before ?? ''),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(after ?? ''),
    ]);

    const response = await register(bytes, { 'content-type': 'application/json' });

    const { error } = response.body;
    assert.deepEqual([response.status, error.code], [400, 'INVALID_BODY']);
    assert.match(error.message, /not valid UTF-8/);
    assert.equal(await storedUser(registration.email), undefined);
  });

  it('when the body is declared charset=iso-8859-1, then 415 asking for UTF-8 and no user', async () => {
    const registration = aRegistration({ name: 'José' });

    const response = await register(Buffer.from(JSON.stringify(registration), 'latin1'), {
      'content-type': 'application/json; charset=iso-8859-1',
    });

    const { error } = response.body;
    assert.deepEqual([response.status, error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    assert.match(error.message, /UTF-8/);
    assert.equal(await storedUser(registration.email), undefined);
  });

  for (const charset of ['utf-8', 'UTF-8', 'utf8']) {
    it(`when the body is declared charset=${charset}, then it is taken as it is`, async () => {
      const registration = aRegistration({ name: 'José Ñúñez' });

      const response = await register(JSON.stringify(registration), {
        'content-type': `application/json; charset=${charset}`,
      });

      assert.equal(response.status, 201, response.text);
      assert.equal((await storedUser(registration.email)).name, 'José Ñúñez');
    });
  }

  it('when the body comes gzipped, then it is inflated and taken', async () => {
    const registration = aRegistration();

    const response = await register(gzipSync(JSON.stringify(registration)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });

    assert.equal(response.status, 201);
    assert.ok(await storedUser(registration.email));
  });

  it('when the Content-Encoding is unknown, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await register(JSON.stringify(aRegistration()), {
      'content-type': 'application/json',
      'content-encoding': 'compress',
    });

    assert.deepEqual([response.status, response.body.error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('when the body is JSON but not an object or an array, then 400 INVALID_JSON', async () => {
    const response = await register('"just a string"', { 'content-type': 'application/json' });

    assert.deepEqual([response.status, response.body.error.code], [400, 'INVALID_JSON']);
  });
});

describe('API: access tokens with odd claims are 401', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const secret = new TextEncoder().encode(testEnvironment.JWT_SECRET);

  /** The claims of a real, live session, so only the claim a test changes can be wrong. */
  async function liveClaims() {
    const { tokens } = await signUp(api);
    const { sub, sid } = decodeJwt(tokens.accessToken) as { sub: string; sid: string };
    return { sub, sid };
  }

  function aToken(
    claims: Record<string, unknown>,
    expiresAt: number | null = Date.now() / 1000 + 300,
  ) {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
    jwt.setIssuer('reference-app').setAudience('reference-app').setIssuedAt();
    if (expiresAt !== null) jwt.setExpirationTime(Math.floor(expiresAt));
    return jwt.sign(secret);
  }

  const whoAmI = (token: string) => api.get('/api/client/me', { authorization: `Bearer ${token}` });

  it('when the token is signed here with live claims, then 200 (so the 401s below are the claims)', async () => {
    const response = await whoAmI(await aToken(await liveClaims()));

    assert.equal(response.status, 200, response.text);
  });

  const oddClaims: [string, (live: { sub: string; sid: string }) => Promise<string>][] = [
    ['has no exp', (live) => aToken(live, null)],
    ['expired a year ago', (live) => aToken(live, Date.now() / 1000 - 365 * 24 * 3600)],
    ['has a sid that is not a UUID', (live) => aToken({ ...live, sid: 'not-a-uuid' })],
    ['has a sid that is a number', (live) => aToken({ ...live, sid: 42 })],
    ['has a sub that is not a UUID', (live) => aToken({ ...live, sub: `${live.sub}'--` })],
    ['has no sid', (live) => aToken({ sub: live.sub })],
    [
      'is unsigned (alg none)',
      async (live) =>
        new UnsecuredJWT({ sid: live.sid })
          .setSubject(live.sub)
          .setIssuer('reference-app')
          .setAudience('reference-app')
          .setExpirationTime('5m')
          .encode(),
    ],
  ];
  for (const [what, makeToken] of oddClaims) {
    it(`when the token ${what}, then 401 UNAUTHENTICATED`, async () => {
      const token = await makeToken(await liveClaims());

      const response = await whoAmI(token);

      assert.deepEqual([response.status, response.body.error.code], [401, 'UNAUTHENTICATED']);
    });
  }
});
