import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createApiClient } from '../../client/index.ts';
import { signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';

// Every call below goes through the generated types: a path, a field or an error code the contract
// no longer has fails `tsc` (run by npm test) before it fails here.

// #region assert-code
/** Asserts an error answer's code; one the route does not declare does not compile. */
function assertCode<Code extends string>(
  error: { error: { code: Code } } | undefined,
  expected: NoInfer<Code>,
) {
  assert.equal(error?.error.code, expected);
}
// #endregion assert-code

/** A person signed up and signed in through the client, which then sends their current token. */
async function signUpThroughClient(api: TestApi) {
  const registration = aRegistration();
  const session: { accessToken?: string } = {};
  const client = createApiClient(api.url, { accessToken: () => session.accessToken });
  const registered = await client.POST('/api/client/auth/register', { body: registration });
  assert.ok(registered.data, `register: ${JSON.stringify(registered.error)}`);
  const { email, password } = registration;
  const loggedIn = await client.POST('/api/client/auth/login', { body: { email, password } });
  assert.ok(loggedIn.data, `login: ${JSON.stringify(loggedIn.error)}`);
  session.accessToken = loggedIn.data.accessToken;
  return { client, session, registration, user: registered.data, tokens: loggedIn.data };
}

/** A client signed in as a freshly made admin or super admin. */
async function staffClient(api: TestApi, kind: 'admin' | 'superadmin') {
  const { tokens } = await signUp(api, kind);
  return createApiClient(api.url, { accessToken: () => tokens.accessToken });
}

describe('typed client (client/index.ts), against the real API', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('when a person registers and signs in, then the client returns the user and a token pair', async () => {
    const { user, tokens, registration } = await signUpThroughClient(api);

    assert.equal(user.email, registration.email);
    assert.equal(user.name, registration.name);
    assert.ok(tokens.accessToken && tokens.refreshToken);
    assert.ok(tokens.expiresIn > 0);
  });

  it('when the email is taken, then register answers the declared EMAIL_TAKEN', async () => {
    const { client, registration } = await signUpThroughClient(api);

    const { error, response } = await client.POST('/api/client/auth/register', {
      body: registration,
    });

    assert.equal(response.status, 409);
    assertCode(error, 'EMAIL_TAKEN');
  });

  it('when I read and rename my account, then /me answers it with the new name', async () => {
    const { client, user } = await signUpThroughClient(api);

    const before = await client.GET('/api/client/me');
    const renamed = await client.PATCH('/api/client/me', { body: { name: 'Grace Hopper' } });

    assert.ok(before.data && renamed.data);
    assert.deepEqual(
      [before.data.id, before.data.status, before.data.roles],
      [user.id, 'active', ['user']],
    );
    assert.equal(renamed.data.name, 'Grace Hopper');
    assert.equal(renamed.response.headers.get('cache-control'), 'no-store');
  });

  it('when I change my password, then only the new one signs me in', async () => {
    const { client, registration } = await signUpThroughClient(api);
    const newPassword = 'a whole new passphrase';

    const changed = await client.POST('/api/client/me/password', {
      body: { currentPassword: registration.password, newPassword },
    });
    const { email, password } = registration;
    const withOld = await client.POST('/api/client/auth/login', { body: { email, password } });
    const withNew = await client.POST('/api/client/auth/login', {
      body: { email: registration.email, password: newPassword },
    });

    assert.equal(changed.response.status, 204);
    assertCode(withOld.error, 'INVALID_CREDENTIALS');
    assert.ok(withNew.data?.accessToken);
  });

  it('when I refresh, then the new pair works, and the old refresh token sent again ends the session', async () => {
    const { client, session, tokens } = await signUpThroughClient(api);
    const refresh = (refreshToken: string) =>
      client.POST('/api/client/auth/refresh', { body: { refreshToken } });

    const refreshed = await refresh(tokens.refreshToken);
    assert.ok(refreshed.data, `refresh: ${JSON.stringify(refreshed.error)}`);
    session.accessToken = refreshed.data.accessToken;
    const meWithNewToken = await client.GET('/api/client/me');
    const reused = await refresh(tokens.refreshToken);
    const meAfterReuse = await client.GET('/api/client/me');

    assert.notEqual(refreshed.data.refreshToken, tokens.refreshToken);
    assert.equal(meWithNewToken.response.status, 200);
    assertCode(reused.error, 'INVALID_REFRESH_TOKEN');
    assertCode(meAfterReuse.error, 'UNAUTHENTICATED');
  });

  it('when I log out, then my access token is refused with the declared UNAUTHENTICATED', async () => {
    const { client } = await signUpThroughClient(api);

    const loggedOut = await client.POST('/api/client/auth/logout');
    const me = await client.GET('/api/client/me');

    assert.equal(loggedOut.response.status, 204);
    assertCode(me.error, 'UNAUTHENTICATED');
    assert.equal(me.response.headers.get('www-authenticate'), 'Bearer');
  });

  // #region typed-client-admin-test
  it('when an admin lists users and reads one, then the page and the account are typed', async () => {
    const admin = await staffClient(api, 'admin');
    const { user, registration } = await signUpThroughClient(api);

    const page = await admin.GET('/api/admin/users', {
      params: { query: { q: registration.email, limit: 10 } },
    });
    const account = await admin.GET('/api/admin/users/{id}', { params: { path: { id: user.id } } });
    const missing = await admin.GET('/api/admin/users/{id}', {
      params: { path: { id: randomUUID() } },
    });

    assert.ok(page.data && account.data);
    assert.deepEqual(
      page.data.items.map((item) => item.id),
      [user.id],
    );
    assert.equal(page.data.nextCursor, null);
    assert.deepEqual([account.data.email, account.data.roles], [registration.email, ['user']]);
    assertCode(missing.error, 'USER_NOT_FOUND');
  });
  // #endregion typed-client-admin-test

  it('when a person who is no admin lists users, then the declared FORBIDDEN', async () => {
    const { client } = await signUpThroughClient(api);

    const { error, response } = await client.GET('/api/admin/users');

    assert.equal(response.status, 403);
    assertCode(error, 'FORBIDDEN');
  });

  it('when a super admin lists roles and creates one, then the new role is typed and a second is refused', async () => {
    const superadmin = await staffClient(api, 'superadmin');
    const role = { name: `r-${randomUUID().slice(0, 8)}`, permissions: ['users:read'] };
    const create = () =>
      superadmin.POST('/api/superadmin/roles', {
        params: { header: { 'idempotency-key': randomUUID() } },
        body: role,
      });

    const roles = await superadmin.GET('/api/superadmin/roles');
    const created = await create();
    const again = await create();

    assert.ok(roles.data && created.data);
    assert.ok(roles.data.items.some((item) => item.name === 'admin' && item.builtIn));
    assert.deepEqual(
      [created.data.name, created.data.description, created.data.permissions, created.data.builtIn],
      [role.name, '', ['users:read'], false],
    );
    assertCode(again.error, 'ROLE_EXISTS');
  });

  it('when the public profile is read again with its ETag, then 304 with the same ETag', async () => {
    const { user, registration } = await signUpThroughClient(api);
    const reader = createApiClient(api.url);
    const read = (headers: Record<string, string> = {}) =>
      reader.GET('/api/public/profiles/{id}', { params: { path: { id: user.id } }, headers });

    const first = await read();
    const etag = first.response.headers.get('etag');
    assert.ok(etag, 'the 200 carries an ETag');
    const second = await read({ 'if-none-match': etag });

    assert.deepEqual([first.data?.id, first.data?.name], [user.id, registration.name]);
    assert.match(first.response.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
    assert.equal(second.response.status, 304);
    assert.equal(second.response.headers.get('etag'), etag);
  });
});
