import assert from 'node:assert/strict';
import { logIn, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';

describe('API /api/client/auth', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  describe('register', () => {
    it('when a valid registration is posted, then 201 returns the user without any password field', async () => {
      const registration = aRegistration();

      const response = await api.post('/api/client/auth/register', registration);

      assert.equal(response.status, 201);
      assert.deepEqual(Object.keys(response.body).sort(), ['createdAt', 'email', 'id', 'name']);
      assert.equal(response.body.email, registration.email);
      assert.doesNotMatch(response.text, /password|argon2/i);
    });

    it('when the email is already registered in another case, then 409 EMAIL_TAKEN names the field', async () => {
      const registration = aRegistration();
      await api.post('/api/client/auth/register', registration);

      const response = await api.post('/api/client/auth/register', {
        ...registration,
        email: registration.email.toUpperCase(),
      });

      assert.equal(response.status, 409);
      assert.equal(response.body.error.code, 'EMAIL_TAKEN');
      assert.deepEqual(response.body.error.details, { field: 'email' });
    });

    // #region validation-failed-test
    it('when fields are invalid or unknown, then 400 VALIDATION_FAILED lists each failing field', async () => {
      const response = await api.post('/api/client/auth/register', {
        email: 'not-an-email',
        name: '',
        password: 'short',
        role: 'admin',
      });

      assert.equal(response.status, 400);
      assert.equal(response.body.error.code, 'VALIDATION_FAILED');
      const fields = response.body.error.details.fields.map(
        (problem: { field: string }) => problem.field,
      );
      assert.deepEqual(fields, ['email', 'name', 'password', 'role']);
    });
    // #endregion validation-failed-test
  });

  describe('login', () => {
    it('when the password is right, then 200 returns an access token, a refresh token and expiresIn', async () => {
      const registration = aRegistration();
      await api.post('/api/client/auth/register', registration);

      const response = await api.post('/api/client/auth/login', {
        email: registration.email,
        password: registration.password,
      });

      assert.equal(response.status, 200);
      assert.equal(response.body.expiresIn, 900);
      const me = await api.get('/api/client/me', {
        authorization: `Bearer ${response.body.accessToken}`,
      });
      assert.equal(me.body.email, registration.email);
    });

    it('when the password is wrong or the account unknown, then the same 401 INVALID_CREDENTIALS', async () => {
      const registration = aRegistration();
      await api.post('/api/client/auth/register', registration);

      const wrongPassword = await api.post('/api/client/auth/login', {
        email: registration.email,
        password: 'wrong password!',
      });
      const unknown = await api.post('/api/client/auth/login', {
        email: aRegistration().email,
        password: 'whatever it is',
      });

      assert.deepEqual([wrongPassword.status, unknown.status], [401, 401]);
      assert.equal(wrongPassword.body.error.code, 'INVALID_CREDENTIALS');
      assert.equal(unknown.body.error.message, wrongPassword.body.error.message);
    });
  });

  describe('refresh', () => {
    it('when a refresh token is used, then a new pair comes back and the old token stops working', async () => {
      const { tokens } = await signUp(api);

      const first = await api.post('/api/client/auth/refresh', {
        refreshToken: tokens.refreshToken,
      });

      assert.equal(first.status, 200);
      assert.notEqual(first.body.refreshToken, tokens.refreshToken);
      const second = await api.post('/api/client/auth/refresh', {
        refreshToken: first.body.refreshToken,
      });
      assert.equal(second.status, 200);
    });

    // #region refresh-reuse-test
    it('when an already used refresh token comes back, then the whole session is revoked', async () => {
      const { tokens } = await signUp(api);
      const rotated = await api.post('/api/client/auth/refresh', {
        refreshToken: tokens.refreshToken,
      });

      const replay = await api.post('/api/client/auth/refresh', {
        refreshToken: tokens.refreshToken,
      });

      assert.equal(replay.status, 401);
      assert.equal(replay.body.error.code, 'INVALID_REFRESH_TOKEN');
      const newestRefresh = await api.post('/api/client/auth/refresh', {
        refreshToken: rotated.body.refreshToken,
      });
      assert.equal(newestRefresh.status, 401, 'the rotated token of the same session is dead too');
      const me = await api.get('/api/client/me', {
        authorization: `Bearer ${rotated.body.accessToken}`,
      });
      assert.equal(me.status, 401, "the session's access tokens are dead too");
    });
    // #endregion refresh-reuse-test

    it('when the refresh token is made up, then 401 INVALID_REFRESH_TOKEN', async () => {
      const madeUp = `00000000-0000-4000-8000-000000000000.${'x'.repeat(43)}`;

      const responses = await Promise.all(
        [madeUp, 'garbage', 'a.b.c'].map((refreshToken) =>
          api.post('/api/client/auth/refresh', { refreshToken }),
        ),
      );

      assert.deepEqual(
        responses.map((response) => response.status),
        [401, 401, 401],
      );
    });
  });

  describe('logout', () => {
    it('when signed out, then the access token and the refresh token of that session stop working', async () => {
      const { tokens, auth } = await signUp(api);

      const response = await api.post('/api/client/auth/logout', undefined, auth);

      assert.equal(response.status, 204);
      assert.equal((await api.get('/api/client/me', auth)).status, 401);
      const refresh = await api.post('/api/client/auth/refresh', {
        refreshToken: tokens.refreshToken,
      });
      assert.equal(refresh.status, 401);
    });

    it('when signed out on one device, then the other session goes on', async () => {
      const actor = await signUp(api);
      const otherDevice = await logIn(api, { email: actor.user.email, password: actor.password });

      await api.post('/api/client/auth/logout', undefined, actor.auth);

      assert.equal((await api.get('/api/client/me', otherDevice.auth)).status, 200);
    });
  });
});
