import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../dev/net.ts';
import { packageBin } from '../../scripts/package-bin.ts';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import { routeTable } from '../../src/api/route-table.ts';
import { type Actor, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration, uniqueRoleName } from '../support/data.ts';
import { testEnvironment } from '../support/environment.ts';
import { eventually } from '../support/wait.ts';

interface Violation {
  location?: string[];
  message: string;
}

// #region prism-proxy
/** Stoplight Prism as a validating proxy in front of the API, reading the document the app builds. */
async function startPrism(apiUrl: string) {
  const folder = mkdtempSync(path.join(tmpdir(), 'prism-'));
  const file = path.join(folder, 'openapi.json');
  writeFileSync(file, JSON.stringify(buildOpenApiDocument(routeTable)));
  const port = await freePort();
  const args = ['proxy', file, apiUrl, '--host', '127.0.0.1', '--port', String(port)];
  const child: ChildProcess = spawn(
    process.execPath,
    [packageBin('@stoplight/prism-cli', 'prism'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await eventually(async () => (output.includes('Prism is listening') ? true : undefined), 30_000);
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      child.kill('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
// #endregion prism-proxy

describe('a realistic session through a Prism proxy: no answer breaks the document', function () {
  this.timeout(60_000);
  let api: TestApi;
  let prism: Awaited<ReturnType<typeof startPrism>>;
  let superadmin: Actor;
  /** What Prism found wrong in the answers (and in requests meant to be valid), by request. */
  const broken: string[] = [];
  let answers = 0;

  before(async () => {
    api = await startApi();
    prism = await startPrism(api.url);
    superadmin = await signUp(api, 'superadmin');
  });
  after(async () => {
    prism?.stop();
    await api?.close();
  });

  /** Sends a request through Prism; a request sent `invalid` on purpose may break the document, its answer may not. */
  async function send(
    method: string,
    path: string,
    options: {
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      invalid?: true;
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    const body =
      options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${prism.url}${path}`, { method, headers, body });
    const text = await response.text();
    answers++;
    const violations: Violation[] = JSON.parse(response.headers.get('sl-violations') ?? '[]');
    for (const violation of violations) {
      const where = violation.location?.join('.') ?? '';
      if (!options.invalid || where.startsWith('response')) {
        broken.push(`${method} ${path} → ${response.status}: ${where}: ${violation.message}`);
      }
    }
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
    };
  }

  it('when a person signs up, signs in, uses the account and errs on the way, then every answer is as documented', async () => {
    const registration = aRegistration();
    const { email, password } = registration;
    const registered = await send('POST', '/api/client/auth/register', { body: registration });
    await send('POST', '/api/client/auth/register', { body: registration });
    await send('POST', '/api/client/auth/register', {
      body: { email: 'x', name: 'A\u0000' },
      invalid: true,
    });
    await send('POST', '/api/client/auth/register', {
      raw: 'hi',
      headers: { 'content-type': 'text/plain' },
      invalid: true,
    });
    await send('POST', '/api/client/auth/register', { raw: '{"email":', invalid: true });
    await send('POST', '/api/client/auth/login', {
      body: { email, password: 'not the password' },
    });
    const login = await send('POST', '/api/client/auth/login', { body: { email, password } });
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    await send('GET', '/api/client/me', { headers: auth });
    await send('GET', '/api/client/me', { headers: { authorization: 'Bearer nope' } });
    await send('PATCH', '/api/client/me', { headers: auth, body: { name: 'Ada L.' } });
    await send('POST', '/api/client/me/password', {
      headers: auth,
      body: { currentPassword: 'not the password', newPassword: 'another good password' },
    });
    const profile = await send('GET', `/api/public/profiles/${registered.body.id}`);
    await send('GET', `/api/public/profiles/${registered.body.id}`, {
      headers: { 'if-none-match': profile.headers.get('etag') ?? '' },
    });
    await send('GET', `/api/public/profiles/${randomUUID()}`);
    await send('GET', '/api/admin/users', { headers: auth });
    await send('POST', '/api/client/auth/refresh', { body: { refreshToken: 'nope' } });
    const refreshed = await send('POST', '/api/client/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    await send('POST', '/api/client/auth/logout', {
      headers: { authorization: `Bearer ${refreshed.body.accessToken}` },
    });

    assert.deepEqual(broken, []);
  });

  it('when a super admin manages users, roles, exports and failed jobs, then every answer is as documented', async () => {
    const auth = superadmin.auth;
    const person = await signUp(api);
    const role = uniqueRoleName();
    await send('GET', '/api/admin/users?limit=2', { headers: auth });
    await send('GET', '/api/admin/users?q=%00', { headers: auth });
    await send('GET', `/api/admin/users/${person.user.id}`, { headers: auth });
    await send('GET', `/api/admin/users/${randomUUID()}`, { headers: auth });
    await send('GET', '/api/superadmin/roles', { headers: auth });
    await send('POST', '/api/superadmin/roles', {
      headers: auth,
      body: { name: role, permissions: ['users:read'] },
    });
    await send('POST', '/api/superadmin/roles', { headers: auth, body: { name: role } });
    await send('PATCH', `/api/superadmin/roles/${role}`, {
      headers: auth,
      body: { description: 'Support desk' },
    });
    await send('PUT', `/api/superadmin/users/${person.user.id}/roles/${role}`, { headers: auth });
    await send('POST', `/api/admin/users/${person.user.id}/suspend`, { headers: person.auth });
    await send('DELETE', `/api/superadmin/roles/${role}`, { headers: auth });
    await send('DELETE', `/api/superadmin/users/${person.user.id}/roles/${role}`, {
      headers: auth,
    });
    await send('DELETE', `/api/superadmin/roles/${role}`, { headers: auth });
    const requested = await send('POST', '/api/admin/exports/users', {
      headers: { ...auth, 'idempotency-key': randomUUID() },
    });
    await send('GET', `/api/admin/exports/${requested.body.exportId}`, { headers: auth });
    await send('GET', `/api/admin/exports/${randomUUID()}`, { headers: auth });
    await send('GET', '/api/admin/jobs/failed', { headers: auth });
    await send('POST', `/api/admin/jobs/failed/${randomUUID()}/retry`, { headers: auth });
    await send('POST', '/api/admin/jobs/failed/retry', {
      headers: auth,
      body: { task: 'send-welcome-email', limit: 5 },
    });
    await send('POST', `/api/admin/users/${person.user.id}/suspend`, { headers: auth });
    await send('POST', `/api/admin/users/${person.user.id}/reactivate`, { headers: auth });
    const internalKey = testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '';
    await send('GET', '/api/internal/whoami', { headers: { 'x-internal-key': internalKey } });
    await send('GET', '/api/internal/queues', { headers: { 'x-internal-key': internalKey } });
    await send('GET', '/api/internal/queues', { headers: { 'x-internal-key': 'wrong' } });
    await send('GET', '/api/health');
    await send('GET', '/api/ready');

    assert.deepEqual(broken, []);
    assert.ok(answers > 40, `only ${answers} answers went through Prism`);
  });
});
