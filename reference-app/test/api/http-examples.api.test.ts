import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';

/**
 * The exchanges the docs show, recorded from the real API (see support/recorder.ts). A response
 * that changes shape fails here until its recording is updated on purpose.
 */
describe('recorded HTTP examples for the docs', () => {
  let api: TestApi;
  let client: Actor;
  let admin: Actor;
  before(async () => {
    api = await startApi();
    client = await signUp(api);
    admin = await signUp(api, 'admin');
  });
  after(() => api.close());

  it('when someone registers, then the exchange matches the "register" recording', async () => {
    const body = {
      email: `ada-${randomUUID()}@example.com`,
      name: 'Ada Lovelace',
      password: 'correct horse battery',
    };

    const response = await api.request('POST', '/api/client/auth/register', {
      body,
      record: 'register',
    });

    assert.equal(response.status, 201);
  });

  it('when someone signs in, then the exchange matches the "login" recording', async () => {
    const body = { email: client.user.email, password: client.password };

    const response = await api.request('POST', '/api/client/auth/login', { body, record: 'login' });

    assert.equal(response.status, 200);
  });

  it('when a registration is invalid, then the exchange matches the "validation-error" recording', async () => {
    const body = { email: 'not-an-email', name: '', password: 'short', role: 'admin' };

    const response = await api.request('POST', '/api/client/auth/register', {
      body,
      record: 'validation-error',
    });

    assert.equal(response.status, 400);
  });

  it('when a client calls an admin route, then the exchange matches the "forbidden" recording', async () => {
    const response = await api.request('GET', '/api/admin/users', {
      headers: client.auth,
      record: 'forbidden',
    });

    assert.equal(response.status, 403);
  });

  it('when an admin pages through users, then the exchange matches the "user-list" recording', async () => {
    const marker = randomUUID();
    for (const name of ['Grace Hopper', 'Alan Turing', 'Edsger Dijkstra']) {
      await api.post('/api/client/auth/register', {
        email: `${name.split(' ')[0]?.toLowerCase()}-${marker}@example.com`,
        name,
        password: 'correct horse battery',
      });
    }

    const response = await api.request('GET', `/api/admin/users?limit=2&q=${marker}`, {
      headers: admin.auth,
      record: 'user-list',
    });

    assert.equal(response.status, 200);
    assert.equal(response.body.items.length, 2);
  });

  it('when a profile is revalidated with its ETag, then the exchange matches the "not-modified" recording', async () => {
    const first = await api.get(`/api/public/profiles/${client.user.id}`);
    // As a browser or fetch() revalidates: If-None-Match with Cache-Control: no-cache.
    const headers = {
      'if-none-match': first.headers.get('etag') ?? '',
      'cache-control': 'no-cache',
    };

    const response = await api.request('GET', `/api/public/profiles/${client.user.id}`, {
      headers,
      record: 'not-modified',
    });

    assert.equal(response.status, 304);
  });
});
