import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { routeTable } from '../../src/api/route-table.ts';
import { DeadLetterRepository } from '../../src/database/repositories/dead-letter-repository.ts';
import { ExportRepository } from '../../src/database/repositories/export-repository.ts';
import { RoleRepository } from '../../src/database/repositories/role-repository.ts';
import { type Actor, logIn, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';

const callers = ['anonymous', 'client', 'admin', 'superadmin', 'internal'] as const;
type Caller = (typeof callers)[number];
type Expected = Record<Caller, number>;

/** A valid request for the route: fresh data where the route changes something. */
type RequestFactory = (context: Context) => Promise<{ path: string; body?: unknown }>;
interface Context {
  api: TestApi;
  target: Actor;
  caller?: Actor | undefined;
}

const everyone = (status: number): Expected => ({
  anonymous: status,
  client: status,
  admin: status,
  superadmin: status,
  internal: status,
});
const signedIn = (status: number): Expected => ({
  anonymous: 401,
  client: status,
  admin: status,
  superadmin: status,
  internal: 401,
});
const admins = (status: number): Expected => ({
  anonymous: 401,
  client: 403,
  admin: status,
  superadmin: status,
  internal: 401,
});
const superadmins = (status: number): Expected => ({
  anonymous: 401,
  client: 403,
  admin: 403,
  superadmin: status,
  internal: 401,
});
const internalOnly = (status: number): Expected => ({
  anonymous: 401,
  client: 401,
  admin: 401,
  superadmin: 401,
  internal: status,
});

const freshUser = async ({ api }: Context) => (await signUp(api)).user;
const freshRole = async ({ api }: Context) => {
  const name = `matrix-${randomUUID().slice(0, 8)}`;
  await new RoleRepository().insert(api.container.cradle.database.handle, {
    name,
    description: '',
  });
  return name;
};

const freshExport = async ({ api, target }: Context) =>
  new ExportRepository().create(api.container.cradle.database.handle, target.user.id);
const freshDeadLetter = async ({ api }: Context) => {
  const db = api.container.cradle.database.handle;
  const jobId = randomUUID();
  await new DeadLetterRepository().add(db, {
    queue: 'email',
    task: 'send-welcome-email',
    jobId,
    payload: { userId: randomUUID() },
    requestId: null,
    reason: 'retries-exhausted',
    error: 'matrix',
    attempts: 1,
  });
  const [row] = await db('deadLetters').where({ jobId }).select('id');
  return (row as { id: string }).id;
};

// #region authorization-matrix
/** Every route × every kind of caller → the status it must get. A route missing here fails the test. */
const matrix: Record<string, { expected: Expected; request?: RequestFactory }> = {
  'GET /api/health': { expected: everyone(200) },
  'GET /api/ready': { expected: everyone(200) },
  'GET /api/openapi.json': { expected: everyone(200) },
  'GET /api/public/profiles/:id': {
    expected: everyone(200),
    request: async ({ target }) => ({ path: `/api/public/profiles/${target.user.id}` }),
  },
  'POST /api/client/auth/register': {
    expected: everyone(201),
    request: async () => ({
      path: '/api/client/auth/register',
      body: {
        email: `${randomUUID()}@example.test`,
        name: 'New',
        password: 'correct horse battery',
      },
    }),
  },
  'POST /api/client/auth/login': {
    expected: everyone(200),
    request: async ({ target }) => ({
      path: '/api/client/auth/login',
      body: { email: target.user.email, password: target.password },
    }),
  },
  'POST /api/client/auth/refresh': {
    expected: everyone(200),
    request: async ({ api, target }) => ({
      path: '/api/client/auth/refresh',
      body: {
        refreshToken: (await logIn(api, { email: target.user.email, password: target.password }))
          .tokens.refreshToken,
      },
    }),
  },
  'POST /api/client/auth/logout': { expected: signedIn(204) },
  'GET /api/client/me': { expected: signedIn(200) },
  'PATCH /api/client/me': {
    expected: signedIn(200),
    request: async () => ({ path: '/api/client/me', body: { name: 'Renamed' } }),
  },
  'POST /api/client/me/password': {
    expected: signedIn(204),
    request: async ({ caller }) => ({
      path: '/api/client/me/password',
      body: {
        currentPassword: caller?.password ?? 'none',
        newPassword: caller?.password ?? 'none of it matters',
      },
    }),
  },
  'GET /api/admin/users': { expected: admins(200) },
  'GET /api/admin/users/:id': {
    expected: admins(200),
    request: async ({ target }) => ({ path: `/api/admin/users/${target.user.id}` }),
  },
  'POST /api/admin/users/:id/suspend': {
    expected: admins(200),
    request: async (context) => ({
      path: `/api/admin/users/${(await freshUser(context)).id}/suspend`,
    }),
  },
  'POST /api/admin/users/:id/reactivate': {
    expected: admins(200),
    request: async (context) => ({
      path: `/api/admin/users/${(await freshUser(context)).id}/reactivate`,
    }),
  },
  'POST /api/admin/exports/users': { expected: admins(202) },
  'GET /api/admin/exports/:id': {
    expected: admins(200),
    request: async (context) => ({ path: `/api/admin/exports/${await freshExport(context)}` }),
  },
  'GET /api/admin/jobs/failed': { expected: admins(200) },
  'POST /api/admin/jobs/failed/:id/retry': {
    expected: admins(202),
    request: async (context) => ({
      path: `/api/admin/jobs/failed/${await freshDeadLetter(context)}/retry`,
    }),
  },
  'POST /api/admin/jobs/failed/retry': {
    expected: admins(202),
    request: async () => ({
      path: '/api/admin/jobs/failed/retry',
      body: { task: 'send-welcome-email', limit: 1 },
    }),
  },
  'GET /api/superadmin/roles': { expected: superadmins(200) },
  'POST /api/superadmin/roles': {
    expected: superadmins(201),
    request: async () => ({
      path: '/api/superadmin/roles',
      body: { name: `matrix-${randomUUID().slice(0, 8)}` },
    }),
  },
  'PATCH /api/superadmin/roles/:name': {
    expected: superadmins(200),
    request: async (context) => ({
      path: `/api/superadmin/roles/${await freshRole(context)}`,
      body: { description: 'Changed' },
    }),
  },
  'DELETE /api/superadmin/roles/:name': {
    expected: superadmins(204),
    request: async (context) => ({ path: `/api/superadmin/roles/${await freshRole(context)}` }),
  },
  'PUT /api/superadmin/users/:id/roles/:name': {
    expected: superadmins(204),
    request: async (context) => ({
      path: `/api/superadmin/users/${(await freshUser(context)).id}/roles/admin`,
    }),
  },
  'DELETE /api/superadmin/users/:id/roles/:name': {
    expected: superadmins(204),
    request: async (context) => ({
      path: `/api/superadmin/users/${(await freshUser(context)).id}/roles/user`,
    }),
  },
  'GET /api/internal/whoami': { expected: internalOnly(200) },
  'GET /api/internal/queues': { expected: internalOnly(200) },
};
// #endregion authorization-matrix

const allRoutes = routeTable.flatMap((group) =>
  group.routes.map((route) => ({
    key: `${route.method.toUpperCase()} ${group.prefix}${route.path}`,
    route,
    group,
  })),
);

describe('authorization matrix: every route × every caller', () => {
  let api: TestApi;
  let actors: Record<'client' | 'admin' | 'superadmin', Actor>;
  let target: Actor;
  const internalKey = testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '';

  before(async () => {
    api = await startApi();
    actors = {
      client: await signUp(api),
      admin: await signUp(api, 'admin'),
      superadmin: await signUp(api, 'superadmin'),
    };
    target = await signUp(api);
  });
  after(() => api.close());

  /** Each request gets a session of its own, so a logout or a password change cannot spoil the next. */
  async function headersFor(caller: Caller): Promise<Record<string, string>> {
    if (caller === 'anonymous') return {};
    if (caller === 'internal') return { 'x-internal-key': internalKey };
    const actor = actors[caller];
    return (await logIn(api, { email: actor.user.email, password: actor.password })).auth;
  }

  it('when the route table is compared with the matrix, then every route has an entry and no entry is stale', () => {
    assert.deepEqual(allRoutes.map(({ key }) => key).sort(), Object.keys(matrix).sort());
  });

  for (const { key, route, group } of allRoutes) {
    it(`when each kind of caller sends ${key}, then each gets the status the matrix expects`, async () => {
      const entry = matrix[key];
      assert.ok(entry, `${key} has no entry in the authorization matrix`);
      const actual: Partial<Expected> = {};
      for (const caller of callers) {
        const actor = caller === 'anonymous' || caller === 'internal' ? undefined : actors[caller];
        const { path, body } = entry.request
          ? await entry.request({ api, target, caller: actor })
          : { path: `${group.prefix}${route.path}`, body: undefined };
        const response = await api.request(route.method.toUpperCase(), path, {
          body,
          headers: await headersFor(caller),
        });
        actual[caller] = response.status;
      }
      assert.deepEqual(actual, entry.expected);
    });
  }
});
