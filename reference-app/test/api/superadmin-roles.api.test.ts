import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuditLogRepository } from '../../src/database/repositories/audit-log-repository.ts';
import {
  type Actor,
  logIn,
  type SuperadminRoutes,
  signUp,
  superadminRoutesAs,
} from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { uniqueRoleName } from '../support/data.ts';

describe('API /api/superadmin', () => {
  let api: TestApi;
  let superadmin: Actor;
  let send: SuperadminRoutes;
  before(async () => {
    api = await startApi();
    superadmin = await signUp(api, 'superadmin');
    send = superadminRoutesAs(api, superadmin);
  });
  after(() => api.close());

  it('when roles are listed, then the built-in ones come with their permissions', async () => {
    const response = await send('GET', '/roles');

    assert.equal(response.status, 200);
    const admin = response.body.items.find((role: { name: string }) => role.name === 'admin');
    assert.deepEqual(
      [admin.builtIn, admin.permissions],
      [
        true,
        [
          'exports:create',
          'exports:read',
          'jobs:read',
          'jobs:retry',
          'users:delete',
          'users:read',
          'users:suspend',
        ],
      ],
    );
  });

  it('when a role is created, changed and deleted, then each step shows in the answer', async () => {
    const name = uniqueRoleName();

    const created = await send('POST', '/roles', {
      name,
      description: 'Support desk',
      permissions: ['users:read'],
    });
    const changed = await send('PATCH', `/roles/${name}`, {
      permissions: ['users:read', 'users:suspend'],
    });
    const deleted = await send('DELETE', `/roles/${name}`);

    assert.deepEqual(
      [created.status, created.body.builtIn, created.body.permissions],
      [201, false, ['users:read']],
    );
    assert.deepEqual(changed.body.permissions, ['users:read', 'users:suspend']);
    assert.equal(changed.body.description, 'Support desk');
    assert.equal(deleted.status, 204);
    assert.equal((await send('PATCH', `/roles/${name}`, { description: 'gone' })).status, 404);
  });

  it('when a role name is taken or a permission unknown, then 409 ROLE_EXISTS and 400 naming permissions', async () => {
    const taken = await send('POST', '/roles', { name: 'admin' });
    const unknown = await send('POST', '/roles', {
      name: uniqueRoleName(),
      permissions: ['rockets:launch'],
    });

    assert.deepEqual([taken.status, taken.body.error.code], [409, 'ROLE_EXISTS']);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.details.fields[0].field, 'permissions');
  });

  it('when a built-in role is deleted, then 409 ROLE_BUILT_IN', async () => {
    const response = await send('DELETE', '/roles/admin');

    assert.deepEqual([response.status, response.body.error.code], [409, 'ROLE_BUILT_IN']);
  });

  it('when a role still granted is deleted, then 409 ROLE_IN_USE and the grant stays', async () => {
    const name = uniqueRoleName();
    const client = await signUp(api);
    await send('POST', '/roles', { name });
    await send('PUT', `/users/${client.user.id}/roles/${name}`);

    const response = await send('DELETE', `/roles/${name}`);

    assert.deepEqual([response.status, response.body.error.code], [409, 'ROLE_IN_USE']);
    assert.ok((await api.get('/api/client/me', client.auth)).body.roles.includes(name));
  });

  it('when superadmin grants admin to a user, then that user can list users; revoking takes it away', async () => {
    const client = await signUp(api);
    assert.equal((await api.get('/api/admin/users', client.auth)).status, 403);

    const granted = await send('PUT', `/users/${client.user.id}/roles/admin`);

    assert.equal(granted.status, 204);
    assert.equal((await api.get('/api/admin/users', client.auth)).status, 200);
    assert.equal((await send('DELETE', `/users/${client.user.id}/roles/admin`)).status, 204);
    assert.equal((await api.get('/api/admin/users', client.auth)).status, 403);
  });

  it('when superadmin is granted, then the audit log records who granted it to whom', async () => {
    const client = await signUp(api);

    await send('PUT', `/users/${client.user.id}/roles/superadmin`);
    await send('PUT', `/users/${client.user.id}/roles/superadmin`);

    const entries = await new AuditLogRepository().entriesAbout(
      api.container.cradle.database.handle,
      client.user.id,
    );
    assert.deepEqual(entries, [
      {
        actorId: superadmin.user.id,
        action: 'role.granted',
        targetUserId: client.user.id,
        details: { role: 'superadmin' },
      },
    ]);
    const promoted = await logIn(api, { email: client.user.email, password: client.password });
    assert.equal((await api.get('/api/superadmin/roles', promoted.auth)).status, 200);
  });

  it('when the user or the role does not exist, then 404 names which', async () => {
    const noUser = await send('PUT', `/users/${randomUUID()}/roles/admin`);
    const noRole = await send('PUT', `/users/${superadmin.user.id}/roles/${uniqueRoleName()}`);

    assert.deepEqual([noUser.status, noUser.body.error.code], [404, 'USER_NOT_FOUND']);
    assert.deepEqual([noRole.status, noRole.body.error.code], [404, 'ROLE_NOT_FOUND']);
  });

  it('when an admin calls a superadmin route, then 403 FORBIDDEN', async () => {
    const admin = await signUp(api, 'admin');

    const response = await api.get('/api/superadmin/roles', admin.auth);

    assert.equal(response.status, 403);
  });
});
