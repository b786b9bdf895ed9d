import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';

describe('API /api/public/profiles', () => {
  let api: TestApi;
  let person: Actor;
  before(async () => {
    api = await startApi();
    person = await signUp(api);
  });
  after(() => api.close());

  it('when anyone asks for a profile, then only public fields come, with Cache-Control and an ETag', async () => {
    const response = await api.get(`/api/public/profiles/${person.user.id}`);

    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), ['id', 'memberSince', 'name']);
    assert.doesNotMatch(response.text, new RegExp(person.user.email));
    assert.equal(response.headers.get('cache-control'), 'public, max-age=60');
    assert.match(response.headers.get('etag') ?? '', /^"[\w-]+"$/);
  });

  // #region etag-test
  it('when If-None-Match carries the current ETag, then 304 with no body, whatever Cache-Control says; after a change, 200 again', async () => {
    const first = await api.get(`/api/public/profiles/${person.user.id}`);
    const etag = first.headers.get('etag') ?? '';
    // fetch() and browsers revalidate with "Cache-Control: no-cache"; CDNs with max-age=0.
    const revalidations = ['no-cache', 'max-age=0'].map((cacheControl) => ({
      'if-none-match': `W/"other", ${etag}`,
      'cache-control': cacheControl,
    }));

    const unchanged = await Promise.all(
      revalidations.map((headers) => api.get(`/api/public/profiles/${person.user.id}`, headers)),
    );
    await api.request('PATCH', '/api/client/me', {
      body: { name: 'New Name' },
      headers: person.auth,
    });
    const changed = await api.get(`/api/public/profiles/${person.user.id}`, revalidations[0]);

    assert.deepEqual(
      unchanged.map((response) => [response.status, response.text]),
      [
        [304, ''],
        [304, ''],
      ],
    );
    assert.deepEqual([changed.status, changed.body.name], [200, 'New Name']);
  });
  // #endregion etag-test

  it('when the profile does not exist, then 404 USER_NOT_FOUND', async () => {
    const response = await api.get(`/api/public/profiles/${randomUUID()}`);

    assert.deepEqual([response.status, response.body.error.code], [404, 'USER_NOT_FOUND']);
  });
});

describe('API /api/internal', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('when a known key calls whoami, then the answer names that caller', async () => {
    const [billingKey, reportsKey] = (
      testEnvironment.INTERNAL_API_KEYS.match(/=([^,]+)/g) ?? []
    ).map((pair) => pair.slice(1));

    const billing = await api.get('/api/internal/whoami', { 'x-internal-key': billingKey ?? '' });
    const reports = await api.get('/api/internal/whoami', { 'x-internal-key': reportsKey ?? '' });

    assert.deepEqual([billing.status, billing.body], [200, { caller: 'billing' }]);
    assert.deepEqual(reports.body, { caller: 'reports' });
  });

  it('when the key is unknown or missing, then 401 UNAUTHENTICATED', async () => {
    const unknown = await api.get('/api/internal/whoami', { 'x-internal-key': 'x'.repeat(40) });
    const missing = await api.get('/api/internal/whoami');

    assert.deepEqual([unknown.status, missing.status], [401, 401]);
    assert.equal(unknown.body.error.code, 'UNAUTHENTICATED');
  });
});
