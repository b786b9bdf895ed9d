import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';

// #region account-deletion-api-test
describe('API DELETE /api/admin/users/:id (account deletion)', () => {
  let api: TestApi;
  let admin: Actor;
  let superadmin: Actor;
  before(async () => {
    api = await startApi();
    admin = await signUp(api, 'admin');
    superadmin = await signUp(api, 'superadmin');
  });
  after(() => api.close());

  const db = () => api.container.cradle.database.handle;

  it('when an admin deletes a user, then the user is signed out, gone from every read, and their email is free', async () => {
    const person = await signUp(api);

    const deleted = await api.delete(`/api/admin/users/${person.user.id}`, admin.auth);

    assert.equal(deleted.status, 204, deleted.text);
    assert.equal((await api.get('/api/client/me', person.auth)).status, 401);
    assert.equal((await api.get(`/api/admin/users/${person.user.id}`, admin.auth)).status, 404);
    assert.equal((await api.get(`/api/public/profiles/${person.user.id}`)).status, 404);
    const again = await api.post('/api/client/auth/register', {
      email: person.user.email,
      name: 'Someone new',
      password: 'correct horse battery',
    });
    assert.equal(again.status, 201, again.text);
    assert.notEqual(again.body.id, person.user.id);
  });

  it('when an admin deletes a user, then the same transaction wrote the audit entry, dropped the roles and queued the anonymisation', async () => {
    const person = await signUp(api);

    await api.delete(`/api/admin/users/${person.user.id}`, admin.auth);

    const audit = await db()('auditLog').where({ targetUserId: person.user.id }).select('action');
    assert.deepEqual(
      audit.map((row: { action: string }) => row.action),
      ['user.deleted'],
    );
    assert.deepEqual(await db()('userRoles').where({ userId: person.user.id }), []);
    const queued = await db()('outbox')
      .where({ task: 'anonymise-deleted-user' })
      .whereRaw("payload->>'userId' = ?", [person.user.id])
      .select('doneAt');
    assert.deepEqual(queued, [{ doneAt: null }]);
    const sessions = await db()('sessions')
      .where({ userId: person.user.id })
      .select('revokedReason');
    assert.deepEqual(sessions, [{ revokedReason: 'user-deleted' }]);
  });

  it('when an admin deletes their own account, then 409 CANNOT_DELETE_SELF and nothing changes', async () => {
    const response = await api.delete(`/api/admin/users/${admin.user.id}`, admin.auth);

    assert.equal(response.status, 409);
    assert.equal(response.body.error.code, 'CANNOT_DELETE_SELF');
    assert.equal((await api.get('/api/client/me', admin.auth)).status, 200);
  });

  it('when the id names no live account, then 404 USER_NOT_FOUND, also for one already deleted', async () => {
    const person = await signUp(api);
    await api.delete(`/api/admin/users/${person.user.id}`, admin.auth);

    for (const id of [randomUUID(), person.user.id]) {
      const response = await api.delete(`/api/admin/users/${id}`, admin.auth);
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'USER_NOT_FOUND');
    }
  });

  it('when an admin deletes a super admin, then 403; when a super admin does, then 204', async () => {
    const other = await signUp(api, 'superadmin');

    const byAdmin = await api.delete(`/api/admin/users/${other.user.id}`, admin.auth);
    const bySuperadmin = await api.delete(`/api/admin/users/${other.user.id}`, superadmin.auth);

    assert.equal(byAdmin.status, 403);
    assert.match(byAdmin.body.error.message, /Only a super admin can delete a super admin/);
    assert.equal(bySuperadmin.status, 204, bySuperadmin.text);
  });
});
// #endregion account-deletion-api-test
