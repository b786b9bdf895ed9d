import assert from 'node:assert/strict';
import { logIn, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';

describe('API /api/client/me', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('when signed in, then GET /me returns my account with my roles', async () => {
    const { user, auth } = await signUp(api);

    const response = await api.get('/api/client/me', auth);

    assert.equal(response.status, 200);
    assert.deepEqual(
      { ...response.body, createdAt: undefined },
      {
        id: user.id,
        email: user.email,
        name: user.name,
        status: 'active',
        roles: ['user'],
        createdAt: undefined,
      },
    );
  });

  it('when there is no token, or a bad one, then 401 UNAUTHENTICATED with WWW-Authenticate', async () => {
    const responses = await Promise.all([
      api.get('/api/client/me'),
      api.get('/api/client/me', { authorization: 'Bearer not.a.jwt' }),
      api.get('/api/client/me', { authorization: 'Basic dXNlcjpwYXNz' }),
    ]);

    for (const response of responses) {
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'UNAUTHENTICATED');
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('when PATCH /me sends a new name, then the account shows it', async () => {
    const { auth } = await signUp(api);

    const response = await api.request('PATCH', '/api/client/me', {
      body: { name: '  Grace Hopper ' },
      headers: auth,
    });

    assert.equal(response.status, 200);
    assert.equal(response.body.name, 'Grace Hopper');
  });

  it('when PATCH /me tries to change anything but the name, then 400 names the field', async () => {
    const { auth } = await signUp(api);

    const response = await api.request('PATCH', '/api/client/me', {
      body: { name: 'Ok', email: 'x@y.z' },
      headers: auth,
    });

    assert.equal(response.status, 400);
    assert.equal(response.body.error.details.fields[0].field, 'email');
  });

  it('when the password changes, then 204, the other sessions end and the new password signs in', async () => {
    const actor = await signUp(api);
    const otherDevice = await logIn(api, { email: actor.user.email, password: actor.password });
    const newPassword = 'a brand new passphrase';

    const response = await api.post(
      '/api/client/me/password',
      { currentPassword: actor.password, newPassword },
      actor.auth,
    );

    assert.equal(response.status, 204);
    assert.equal((await api.get('/api/client/me', otherDevice.auth)).status, 401);
    assert.equal((await api.get('/api/client/me', actor.auth)).status, 200, 'this session goes on');
    const oldPassword = await api.post('/api/client/auth/login', {
      email: actor.user.email,
      password: actor.password,
    });
    assert.equal(oldPassword.status, 401);
    await logIn(api, { email: actor.user.email, password: newPassword });
  });

  it('when the current password is wrong, then 403 WRONG_PASSWORD and nothing changes', async () => {
    const actor = await signUp(api);

    const response = await api.post(
      '/api/client/me/password',
      { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
      actor.auth,
    );

    assert.equal(response.status, 403);
    assert.equal(response.body.error.code, 'WRONG_PASSWORD');
    await logIn(api, { email: actor.user.email, password: actor.password });
  });
});
