import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, logIn, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';

describe('API /api/admin/users', () => {
  let api: TestApi;
  let admin: Actor;
  before(async () => {
    api = await startApi();
    admin = await signUp(api, 'admin');
  });
  after(() => api.close());

  async function listAll(query: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await api.get(`/api/admin/users?${query}${suffix}`, admin.auth);
      assert.equal(response.status, 200, response.text);
      ids.push(...response.body.items.map((user: { id: string }) => user.id));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor);
    return { ids, pages };
  }

  it('when paging with a small limit, then every matching user comes once, newest first', async () => {
    const marker = randomUUID().slice(0, 8);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await api.post('/api/client/auth/register', {
        email: `page-${marker}-${i}@example.test`,
        name: `Paged ${marker}`,
        password: 'correct horse battery',
      });
      created.push(response.body.id);
    }

    const { ids, pages } = await listAll(`limit=2&q=${marker}`);

    assert.deepEqual(ids, [...created].reverse());
    assert.equal(pages, 3);
  });

  it('when users were created within one millisecond, then paging one by one still returns each', async () => {
    const marker = randomUUID().slice(0, 8);
    // Microseconds apart: more precise than the JavaScript dates a cursor carries.
    const rows = ['123456', '123457', '123458'].map((micros, n) => ({
      email: `same-ms-${marker}-${n}@example.test`,
      name: `Same ${marker}`,
      passwordHash: 'not used',
      createdAt: `2026-06-01T10:00:00.${micros}Z`,
    }));
    await api.container.cradle.database.handle('users').insert(rows);

    const { ids } = await listAll(`limit=1&q=same-ms-${marker}`);

    assert.equal(new Set(ids).size, 3);
  });

  it('when the limit is above the cap, then the page is capped at 100', async () => {
    const response = await api.get('/api/admin/users?limit=5000', admin.auth);

    assert.equal(response.status, 200);
    assert.ok(response.body.items.length <= 100);
  });

  it('when the cursor is not one of ours, then 400 names the cursor', async () => {
    const response = await api.get('/api/admin/users?cursor=bm90LWEtY3Vyc29y', admin.auth);

    assert.equal(response.status, 400);
    assert.deepEqual(response.body.error.details.fields, [
      { field: 'cursor', location: 'query', message: 'Not a cursor from this API' },
    ]);
  });

  it('when the search has LIKE wildcards, then they match literally', async () => {
    const response = await api.get('/api/admin/users?q=%25%25%25_', admin.auth);

    assert.equal(response.status, 200);
    assert.deepEqual(response.body.items, []);
  });

  it('when an admin asks for one user, then it comes with roles; an unknown id is 404', async () => {
    const client = await signUp(api);

    const found = await api.get(`/api/admin/users/${client.user.id}`, admin.auth);
    const missing = await api.get(`/api/admin/users/${randomUUID()}`, admin.auth);

    assert.deepEqual([found.status, found.body.roles], [200, ['user']]);
    assert.equal(missing.status, 404);
  });

  // #region suspend-test
  it('when a user is suspended, then their token stops at the next request and they cannot log in', async () => {
    const client = await signUp(api);
    assert.equal((await api.get('/api/client/me', client.auth)).status, 200);

    const suspended = await api.post(
      `/api/admin/users/${client.user.id}/suspend`,
      undefined,
      admin.auth,
    );

    assert.deepEqual([suspended.status, suspended.body.status], [200, 'suspended']);
    assert.equal((await api.get('/api/client/me', client.auth)).status, 401);
    const login = await api.post('/api/client/auth/login', {
      email: client.user.email,
      password: client.password,
    });
    assert.deepEqual([login.status, login.body.error.code], [403, 'ACCOUNT_SUSPENDED']);
    const refresh = await api.post('/api/client/auth/refresh', {
      refreshToken: client.tokens.refreshToken,
    });
    assert.equal(refresh.status, 401);
  });
  // #endregion suspend-test

  it('when a suspended user is reactivated, then they can log in again', async () => {
    const client = await signUp(api);
    await api.post(`/api/admin/users/${client.user.id}/suspend`, undefined, admin.auth);

    const reactivated = await api.post(
      `/api/admin/users/${client.user.id}/reactivate`,
      undefined,
      admin.auth,
    );

    assert.deepEqual([reactivated.status, reactivated.body.status], [200, 'active']);
    await logIn(api, { email: client.user.email, password: client.password });
  });

  it('when suspended users are listed by status, then only suspended ones come', async () => {
    const client = await signUp(api);
    await api.post(`/api/admin/users/${client.user.id}/suspend`, undefined, admin.auth);

    const { ids } = await listAll('status=suspended&limit=100');

    assert.ok(ids.includes(client.user.id));
    const active = await listAll(
      `status=active&limit=100&q=${encodeURIComponent(client.user.email)}`,
    );
    assert.deepEqual(active.ids, []);
  });

  it('when an admin tries to suspend themselves or a super admin, then 409 and 403', async () => {
    const superadmin = await signUp(api, 'superadmin');

    const self = await api.post(`/api/admin/users/${admin.user.id}/suspend`, undefined, admin.auth);
    const boss = await api.post(
      `/api/admin/users/${superadmin.user.id}/suspend`,
      undefined,
      admin.auth,
    );

    assert.deepEqual([self.status, self.body.error.code], [409, 'CANNOT_SUSPEND_SELF']);
    assert.deepEqual([boss.status, boss.body.error.code], [403, 'FORBIDDEN']);
  });

  it('when a client calls an admin route, then 403 FORBIDDEN', async () => {
    const client = await signUp(api);

    const response = await api.get('/api/admin/users', client.auth);

    assert.deepEqual([response.status, response.body.error.code], [403, 'FORBIDDEN']);
  });
});
