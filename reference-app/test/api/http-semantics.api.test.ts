import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';

describe('API HTTP semantics: methods, the auth scheme, caching', () => {
  let api: TestApi;
  let person: Actor;
  before(async () => {
    api = await startApi();
    person = await signUp(api);
  });
  after(() => api.close());

  // #region method-not-allowed-test
  it('when a known path gets another method, then 405 METHOD_NOT_ALLOWED with the Allow header', async () => {
    const wrong = await api.get('/api/client/auth/login');
    const unknownMethod = await api.request('PURGE', '/api/client/me');

    assert.deepEqual([wrong.status, wrong.body.error.code], [405, 'METHOD_NOT_ALLOWED']);
    assert.equal(wrong.headers.get('allow'), 'POST');
    assert.deepEqual(
      [unknownMethod.status, unknownMethod.body.error.code],
      [405, 'METHOD_NOT_ALLOWED'],
    );
    assert.equal(unknownMethod.headers.get('allow'), 'HEAD, GET, PATCH');
  });
  // #endregion method-not-allowed-test

  it('when OPTIONS asks about a known path, then 200 with Allow; about an unknown one, or any method there, 404', async () => {
    const known = await api.request('OPTIONS', '/api/superadmin/roles/support');
    const unknown = await api.request('OPTIONS', `/api/${randomUUID()}`);
    const unknownMethod = await api.request('PURGE', `/api/${randomUUID()}`);

    assert.deepEqual([known.status, known.headers.get('allow')], [200, 'PATCH, DELETE']);
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'ROUTE_NOT_FOUND']);
    assert.deepEqual(
      [unknownMethod.status, unknownMethod.body.error.code],
      [404, 'ROUTE_NOT_FOUND'],
    );
  });

  it('when the auth scheme is written in another case, then the token is still accepted', async () => {
    const token = person.tokens.accessToken;

    const statuses = await Promise.all(
      ['bearer', 'BEARER', 'Bearer'].map(
        async (scheme) =>
          (await api.get('/api/client/me', { authorization: `${scheme} ${token}` })).status,
      ),
    );

    assert.deepEqual(statuses, [200, 200, 200]);
  });

  // #region no-store-test
  it('when an answer carries tokens, personal data or an error, then Cache-Control: no-store', async () => {
    const login = await api.post('/api/client/auth/login', {
      email: person.user.email,
      password: person.password,
    });
    const me = await api.get('/api/client/me', person.auth);
    const refused = await api.get('/api/admin/users', person.auth);
    const missing = await api.get(`/api/${randomUUID()}`);
    const wrongMethod = await api.get('/api/client/auth/login');
    const options = await api.request('OPTIONS', '/api/client/me');
    const profile = await api.get(`/api/public/profiles/${person.user.id}`);

    assert.deepEqual(
      [login, me, refused, missing, wrongMethod, options].map((response) =>
        response.headers.get('cache-control'),
      ),
      Array(6).fill('no-store'),
    );
    assert.equal(profile.headers.get('cache-control'), 'public, max-age=60');
  });
  // #endregion no-store-test
});
