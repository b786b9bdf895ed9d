import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { routeTable } from '../../src/api/route-table.ts';
import { DeadLetterRepository } from '../../src/database/repositories/dead-letter-repository.ts';
import { RoleRepository } from '../../src/database/repositories/role-repository.ts';
import type { TestApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';
import { recordingsDir } from '../support/recorder.ts';
import { isolatedApi } from '../support/stack.ts';

/** The operations whose answer is not worth an example: the document describes itself. */
const notRecorded = new Set(['getOpenApiDocument']);

/**
 * One recorded exchange per operation, for the API reference's examples: a tour of the whole API
 * on a database of its own, so every list and count in the recordings is the tour's alone.
 */
describe('recorded example of every operation (a database of its own)', () => {
  let api: TestApi;
  const password = 'correct horse battery';
  const internalKey = testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '';

  before(async () => {
    ({ api } = await isolatedApi());
  });
  after(() => api.close());

  /** Calls the operation and records the exchange as `operation-<operationId>`. */
  async function call(
    operationId: string,
    method: string,
    pathname: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await api.request(method, pathname, {
      ...options,
      record: `operation-${operationId}`,
    });
    assert.ok(response.status < 300, `${operationId}: ${response.status} ${response.text}`);
    return response;
  }

  /** Signs a person up and in; only Ada's sign-up and sign-in are the recorded examples. */
  async function person(email: string, name: string, role?: string) {
    const recorded = role === undefined;
    const send = (operationId: string, pathname: string, body: unknown) =>
      recorded
        ? call(operationId, 'POST', pathname, { body })
        : api.request('POST', pathname, { body });
    const registered = await send('register', '/api/client/auth/register', {
      email,
      name,
      password,
    });
    if (role) {
      await new RoleRepository().grant(api.container.cradle.database.handle, {
        userId: registered.body.id,
        roleName: role,
        grantedBy: null,
      });
    }
    const login = await send('logIn', '/api/client/auth/login', { email, password });
    return {
      id: registered.body.id as string,
      auth: { authorization: `Bearer ${login.body.accessToken}` },
      refreshToken: login.body.refreshToken as string,
    };
  }

  it('when the tour calls every operation, then each answers as its recording shows', async () => {
    const internal = { 'x-internal-key': internalKey };
    await call('getHealth', 'GET', '/api/health');
    await call('getReadiness', 'GET', '/api/ready');
    const boss = await person('grace@example.com', 'Grace Hopper', 'superadmin');
    const admin = await person('alan@example.com', 'Alan Turing', 'admin');
    const ada = await person('ada@example.com', 'Ada Lovelace');

    await call('getMyAccount', 'GET', '/api/client/me', { headers: ada.auth });
    await call('renameMe', 'PATCH', '/api/client/me', {
      body: { name: 'Augusta Ada King' },
      headers: ada.auth,
    });
    await call('changeMyPassword', 'POST', '/api/client/me/password', {
      body: { currentPassword: password, newPassword: 'a new correct horse battery' },
      headers: ada.auth,
    });
    const refreshed = await call('refreshTokens', 'POST', '/api/client/auth/refresh', {
      body: { refreshToken: admin.refreshToken },
    });
    await call('getPublicProfile', 'GET', `/api/public/profiles/${ada.id}`);

    await call('listUsers', 'GET', '/api/admin/users?limit=2', { headers: admin.auth });
    await call('getUser', 'GET', `/api/admin/users/${ada.id}`, { headers: admin.auth });
    await call('suspendUser', 'POST', `/api/admin/users/${ada.id}/suspend`, {
      headers: admin.auth,
    });
    await call('reactivateUser', 'POST', `/api/admin/users/${ada.id}/reactivate`, {
      headers: admin.auth,
    });
    const exported = await call('requestUsersExport', 'POST', '/api/admin/exports/users', {
      headers: admin.auth,
    });
    await call('getExport', 'GET', `/api/admin/exports/${exported.body.exportId}`, {
      headers: admin.auth,
    });
    await new DeadLetterRepository().add(api.container.cradle.database.handle, {
      queue: 'email',
      task: 'send-welcome-email',
      jobId: randomUUID(),
      payload: { userId: ada.id },
      requestId: null,
      reason: 'retries-exhausted',
      error: 'connect ECONNREFUSED 127.0.0.1:587',
      attempts: 26,
    });
    const failed = await call('listFailedJobs', 'GET', '/api/admin/jobs/failed?limit=1', {
      headers: admin.auth,
    });
    await call(
      'retryFailedJob',
      'POST',
      `/api/admin/jobs/failed/${failed.body.items[0].id}/retry`,
      {
        headers: admin.auth,
      },
    );
    await call('retryFailedJobs', 'POST', '/api/admin/jobs/failed/retry', {
      body: { task: 'send-welcome-email', limit: 100 },
      headers: admin.auth,
    });

    await call('listRoles', 'GET', '/api/superadmin/roles', { headers: boss.auth });
    await call('createRole', 'POST', '/api/superadmin/roles', {
      body: { name: 'support', description: 'Reads accounts to answer questions.' },
      headers: boss.auth,
    });
    await call('updateRole', 'PATCH', '/api/superadmin/roles/support', {
      body: { permissions: ['users:read'] },
      headers: boss.auth,
    });
    await call('grantRole', 'PUT', `/api/superadmin/users/${ada.id}/roles/support`, {
      headers: boss.auth,
    });
    await call('revokeRole', 'DELETE', `/api/superadmin/users/${ada.id}/roles/support`, {
      headers: boss.auth,
    });
    await call('deleteRole', 'DELETE', '/api/superadmin/roles/support', { headers: boss.auth });
    await call('whoAmI', 'GET', '/api/internal/whoami', { headers: internal });
    await call('getQueueReport', 'GET', '/api/internal/queues', { headers: internal });

    await call('deleteUser', 'DELETE', `/api/admin/users/${ada.id}`, { headers: admin.auth });
    await call('logOut', 'POST', '/api/client/auth/logout', {
      headers: { authorization: `Bearer ${refreshed.body.accessToken}` },
    });
  });

  it('when the route table is read, then every operation but the document itself has its recording', () => {
    const operations = routeTable.flatMap((group) =>
      group.routes.map((route) => route.operationId),
    );

    const missing = operations.filter(
      (id) => !notRecorded.has(id) && !existsSync(path.join(recordingsDir, `operation-${id}.http`)),
    );

    assert.deepEqual(missing, []);
  });
});
