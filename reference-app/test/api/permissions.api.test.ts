import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RoleRepository } from '../../src/database/repositories/role-repository.ts';
import { UserRepository } from '../../src/database/repositories/user-repository.ts';
import {
  type Actor,
  type SuperadminRoutes,
  signUp,
  superadminRoutesAs,
} from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { uniqueRoleName } from '../support/data.ts';

describe('permissions decide access, as the roles grant them now', () => {
  let api: TestApi;
  let superadmin: Actor;
  let asSuperadmin: SuperadminRoutes;
  before(async () => {
    api = await startApi();
    superadmin = await signUp(api, 'superadmin');
    asSuperadmin = superadminRoutesAs(api, superadmin);
  });
  after(() => api.close());

  const suspend = async (actor: Actor) =>
    api.post(`/api/admin/users/${(await signUp(api)).user.id}/suspend`, {}, actor.auth);

  // #region custom-role-test
  it('when a custom role grants only users:read, then its holder lists users but may not suspend', async () => {
    const name = uniqueRoleName();
    await asSuperadmin('POST', '/roles', { name, permissions: ['users:read'] });
    const support = await signUp(api);
    const granted = await asSuperadmin('PUT', `/users/${support.user.id}/roles/${name}`);

    const list = await api.get('/api/admin/users?limit=1', support.auth);
    const suspended = await suspend(support);

    assert.equal(granted.status, 204);
    assert.equal(list.status, 200);
    assert.deepEqual(
      [suspended.status, suspended.body.error.code, suspended.body.error.details],
      [403, 'FORBIDDEN', { permission: 'users:suspend' }],
    );
  });
  // #endregion custom-role-test

  // #region revoke-at-once-test
  it('when users:suspend is taken from admin, then admins get 403 at once; given back, they suspend at once', async () => {
    const admin = await signUp(api, 'admin');
    const before = (await asSuperadmin('GET', '/roles')).body.items.find(
      (role: { name: string }) => role.name === 'admin',
    ).permissions as string[];
    try {
      const without = before.filter((permission) => permission !== 'users:suspend');
      await asSuperadmin('PATCH', '/roles/admin', { permissions: without });
      const refused = await suspend(admin);
      await asSuperadmin('PATCH', '/roles/admin', { permissions: before });
      const allowed = await suspend(admin);

      assert.deepEqual([refused.status, refused.body.error.code], [403, 'FORBIDDEN']);
      assert.equal(allowed.status, 200);
    } finally {
      await asSuperadmin('PATCH', '/roles/admin', { permissions: before });
    }
  });
  // #endregion revoke-at-once-test

  it('when a role is revoked from its holder, then the next request is refused with the same token', async () => {
    const admin = await signUp(api, 'admin');
    assert.equal((await api.get('/api/admin/users?limit=1', admin.auth)).status, 200);

    await asSuperadmin('DELETE', `/users/${admin.user.id}/roles/admin`);

    assert.equal((await api.get('/api/admin/users?limit=1', admin.auth)).status, 403);
  });

  describe('what a role manager may not do', () => {
    let manager: Actor;
    let as: SuperadminRoutes;
    before(async () => {
      const name = uniqueRoleName();
      await asSuperadmin('POST', '/roles', {
        name,
        permissions: ['roles:manage', 'users:suspend'],
      });
      manager = await signUp(api, name);
      as = superadminRoutesAs(api, manager);
    });

    it('when a role manager grants or revokes superadmin, or changes its role, then 403 and nothing changes', async () => {
      const someone = await signUp(api);
      const other = await signUp(api, 'superadmin');

      const grant = await as('PUT', `/users/${someone.user.id}/roles/superadmin`);
      const revoke = await as('DELETE', `/users/${other.user.id}/roles/superadmin`);
      const change = await as('PATCH', '/roles/superadmin', { permissions: [] });

      assert.deepEqual([grant.status, revoke.status, change.status], [403, 403, 403]);
      const roles = (await asSuperadmin('GET', '/roles')).body.items;
      const superadminRole = roles.find((role: { name: string }) => role.name === 'superadmin');
      assert.ok(superadminRole.permissions.includes('roles:manage'));
      const me = await api.get('/api/client/me', other.auth);
      assert.ok(me.body.roles.includes('superadmin'));
    });

    // #region hand-out-test
    it('when a role manager hands out a permission they lack, then 403 naming it; what they hold, they may', async () => {
      const someone = await signUp(api);
      const name = uniqueRoleName();

      const createWider = await as('POST', '/roles', { name, permissions: ['jobs:retry'] });
      const create = await as('POST', '/roles', { name, permissions: ['users:suspend'] });
      const widen = await as('PATCH', `/roles/${name}`, { permissions: ['users:read'] });
      const grantAdmin = await as('PUT', `/users/${someone.user.id}/roles/admin`);
      const grantOwn = await as('PUT', `/users/${someone.user.id}/roles/${name}`);

      assert.deepEqual(
        [createWider.status, createWider.body.error.details, widen.status, grantAdmin.status],
        [403, { permissions: ['jobs:retry'] }, 403, 403],
      );
      assert.deepEqual([create.status, grantOwn.status], [201, 204]);
    });
    // #endregion hand-out-test

    it('when someone who may suspend users suspends a super admin, then 403 unless they are one', async () => {
      const target = await signUp(api, 'superadmin');

      const refused = await api.post(
        `/api/admin/users/${target.user.id}/suspend`,
        {},
        manager.auth,
      );
      const allowed = await api.post(
        `/api/admin/users/${target.user.id}/suspend`,
        {},
        superadmin.auth,
      );

      assert.deepEqual(
        [refused.status, refused.body.error.message],
        [403, 'Only a super admin can suspend a super admin.'],
      );
      assert.equal(allowed.status, 200);
    });
  });

  // #region suspend-race-test
  it('when a suspension races a grant of superadmin, then it waits for the grant and refuses', async () => {
    const admin = await signUp(api, 'admin');
    const target = await signUp(api);
    const { database } = api.container.cradle;
    let answer: Promise<{ status: number }> | undefined;

    await database.transaction(async (trx) => {
      // What RoleService.grant does: lock the user's row, then add the role.
      await new UserRepository().findByIdForUpdate(trx, target.user.id);
      await new RoleRepository().grant(trx, {
        userId: target.user.id,
        roleName: 'superadmin',
        grantedBy: superadmin.user.id,
      });
      answer = api.post(`/api/admin/users/${target.user.id}/suspend`, {}, admin.auth);
      const settled = await Promise.race([answer.then(() => true), sleep(300, false)]);
      assert.equal(settled, false, 'the suspension must wait for the grant to commit');
    });

    assert.equal((await answer)?.status, 403);
    const me = await api.get('/api/client/me', target.auth);
    assert.equal(me.status, 200);
  });
  // #endregion suspend-race-test
});
