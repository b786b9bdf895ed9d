import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Route } from '../../src/api/route-definition.ts';
import { routeTable } from '../../src/api/route-table.ts';
import { DeadLetterRepository } from '../../src/database/repositories/dead-letter-repository.ts';
import { ExportRepository } from '../../src/database/repositories/export-repository.ts';
import { RoleRepository } from '../../src/database/repositories/role-repository.ts';
import { builtInRoles, permissionNames } from '../../src/entities/role.ts';
import type { DbHandle } from '../../src/libs/database/index.ts';
import { type Actor, logIn, signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { uniqueRoleName } from '../support/data.ts';
import { testEnvironment } from '../support/environment.ts';

/** The callers: no credentials, an internal service, and a signed-in user per role. */
const signedInCallers = [
  'client',
  'admin',
  'superadmin',
  'reader',
  'admin-without-suspend',
] as const;
type SignedInCaller = (typeof signedInCallers)[number];
const callers = ['anonymous', 'internal', ...signedInCallers] as const;
type Caller = (typeof callers)[number];

/** A request that reaches the route's handler with valid input: fresh data where it changes something. */
type RequestFactory = (context: Context) => Promise<{ path: string; body?: unknown }>;
interface Context {
  api: TestApi;
  target: Actor;
  caller?: Actor | undefined;
}

const freshUser = async ({ api }: Context) => (await signUp(api)).user;
const freshRole = async ({ api }: Context) => {
  const name = uniqueRoleName();
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
/** How to call each route with valid input; routes that need no path ids or body are not listed. */
const requests: Record<string, RequestFactory> = {
  'GET /api/public/profiles/:id': async ({ target }) => ({
    path: `/api/public/profiles/${target.user.id}`,
  }),
  'POST /api/client/auth/register': async () => ({
    path: '/api/client/auth/register',
    body: {
      email: `${randomUUID()}@example.test`,
      name: 'New',
      password: 'correct horse battery',
    },
  }),
  'POST /api/client/auth/login': async ({ target }) => ({
    path: '/api/client/auth/login',
    body: { email: target.user.email, password: target.password },
  }),
  'POST /api/client/auth/refresh': async ({ api, target }) => ({
    path: '/api/client/auth/refresh',
    body: {
      refreshToken: (await logIn(api, { email: target.user.email, password: target.password }))
        .tokens.refreshToken,
    },
  }),
  'PATCH /api/client/me': async () => ({ path: '/api/client/me', body: { name: 'Renamed' } }),
  'POST /api/client/me/password': async ({ caller }) => ({
    path: '/api/client/me/password',
    body: {
      currentPassword: caller?.password ?? 'none',
      newPassword: caller?.password ?? 'none of it matters',
    },
  }),
  'GET /api/admin/users/:id': async ({ target }) => ({
    path: `/api/admin/users/${target.user.id}`,
  }),
  'POST /api/admin/users/:id/suspend': async (context) => ({
    path: `/api/admin/users/${(await freshUser(context)).id}/suspend`,
  }),
  'POST /api/admin/users/:id/reactivate': async (context) => ({
    path: `/api/admin/users/${(await freshUser(context)).id}/reactivate`,
  }),
  // #region delete-user-request
  'DELETE /api/admin/users/:id': async (context) => ({
    path: `/api/admin/users/${(await freshUser(context)).id}`,
  }),
  // #endregion delete-user-request
  'GET /api/admin/exports/:id': async (context) => ({
    path: `/api/admin/exports/${await freshExport(context)}`,
  }),
  'POST /api/admin/jobs/failed/:id/retry': async (context) => ({
    path: `/api/admin/jobs/failed/${await freshDeadLetter(context)}/retry`,
  }),
  'POST /api/admin/jobs/failed/retry': async () => ({
    path: '/api/admin/jobs/failed/retry',
    body: { task: 'send-welcome-email', limit: 1 },
  }),
  'POST /api/superadmin/roles': async () => ({
    path: '/api/superadmin/roles',
    body: { name: uniqueRoleName() },
  }),
  'PATCH /api/superadmin/roles/:name': async (context) => ({
    path: `/api/superadmin/roles/${await freshRole(context)}`,
    body: { description: 'Changed' },
  }),
  'DELETE /api/superadmin/roles/:name': async (context) => ({
    path: `/api/superadmin/roles/${await freshRole(context)}`,
  }),
  'PUT /api/superadmin/users/:id/roles/:name': async (context) => ({
    path: `/api/superadmin/users/${(await freshUser(context)).id}/roles/admin`,
  }),
  'DELETE /api/superadmin/users/:id/roles/:name': async (context) => ({
    path: `/api/superadmin/users/${(await freshUser(context)).id}/roles/user`,
  }),
};
// #endregion authorization-matrix

const allRoutes = routeTable.flatMap((group) =>
  group.routes.map((route) => ({
    key: `${route.method.toUpperCase()} ${group.prefix}${route.path}`,
    route,
    group,
  })),
);

// #region expected-status
/** What the route answers a caller whose roles grant `permissions`, from its declared access alone. */
function expectedStatus(route: Route, caller: Caller, permissions: readonly string[]): number {
  const success = Number(Object.keys(route.responses).find((status) => status.startsWith('2')));
  if (route.access.caller === 'anonymous') return success;
  if (route.access.caller === 'internal') return caller === 'internal' ? success : 401;
  if (caller === 'anonymous' || caller === 'internal') return 401;
  // Said again here rather than imported: a bug in the app's own rule must not hide itself.
  const needed = route.access.permission;
  return needed === undefined || permissions.includes(needed) ? success : 403;
}
// #endregion expected-status

/** The grants migrations gave the built-in roles, read from the migrated database. */
async function builtInGrants(db: DbHandle): Promise<Map<string, string[]>> {
  const rows: { roleName: string; permissionName: string }[] = await db('rolePermissions')
    .whereIn('roleName', [...builtInRoles])
    .select('roleName', 'permissionName');
  const grants = new Map<string, string[]>(builtInRoles.map((role) => [role, []]));
  for (const row of rows) grants.get(row.roleName)?.push(row.permissionName);
  return grants;
}

describe('authorization matrix: every route × every caller, expected from the grants', () => {
  let api: TestApi;
  let target: Actor;
  const actors = new Map<SignedInCaller, Actor>();
  /** What each signed-in caller's roles grant (every user also holds the role user). */
  const permissionsOf = new Map<Caller, string[]>();
  const internalKey = testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '';

  /** A custom role with exactly these permissions, and a user who holds it. */
  async function holderOf(permissions: string[]): Promise<Actor> {
    const db = api.container.cradle.database.handle;
    const name = uniqueRoleName();
    await new RoleRepository().insert(db, { name, description: '' });
    await new RoleRepository().replacePermissions(db, name, permissions);
    return signUp(api, name);
  }

  /** What migrations granted each built-in role. */
  let grants: Map<string, string[]>;

  before(async () => {
    api = await startApi();
    grants = await builtInGrants(api.container.cradle.database.handle);
    const of = (role: string) => [...(grants.get(role) ?? []), ...(grants.get('user') ?? [])];
    const adminWithoutSuspend = of('admin').filter((name) => name !== 'users:suspend');
    permissionsOf
      .set('client', of('user'))
      .set('admin', of('admin'))
      .set('superadmin', of('superadmin'))
      .set('reader', ['users:read', ...of('user')])
      .set('admin-without-suspend', adminWithoutSuspend);
    actors
      .set('client', await signUp(api))
      .set('admin', await signUp(api, 'admin'))
      .set('superadmin', await signUp(api, 'superadmin'))
      .set('reader', await holderOf(['users:read']))
      .set('admin-without-suspend', await holderOf(adminWithoutSuspend));
    target = await signUp(api);
  });
  after(() => api.close());

  /** Each request gets a session of its own, so a logout or a password change cannot spoil the next. */
  async function headersFor(
    caller: Caller,
    actor: Actor | undefined,
  ): Promise<Record<string, string>> {
    if (caller === 'internal') return { 'x-internal-key': internalKey };
    if (!actor) return {};
    return (await logIn(api, { email: actor.user.email, password: actor.password })).auth;
  }

  it('when the route table is compared with the requests, then no request is for a route that is gone', () => {
    const keys = new Set(allRoutes.map(({ key }) => key));
    assert.deepEqual(
      Object.keys(requests).filter((key) => !keys.has(key)),
      [],
    );
  });

  it('when a route names a permission, then it is one the migrations store and some built-in role holds', async () => {
    const db = api.container.cradle.database.handle;
    const stored = (await db('permissions').select('name')).map(
      (row: { name: string }) => row.name,
    );
    assert.deepEqual([...stored].sort(), [...permissionNames].sort());
    const named = allRoutes.flatMap(({ route }) =>
      route.access.caller === 'user' && route.access.permission ? [route.access.permission] : [],
    );
    assert.deepEqual([...new Set(named)].sort(), [...permissionNames].sort());
    const held = new Set([...grants.values()].flat());
    assert.deepEqual(
      permissionNames.filter((name) => !held.has(name)),
      [],
    );
  });

  for (const { key, route, group } of allRoutes) {
    it(`when each kind of caller sends ${key}, then each gets what its roles' permissions decide`, async () => {
      const expected: Partial<Record<Caller, number>> = {};
      const actual: Partial<Record<Caller, number>> = {};
      for (const caller of callers) {
        const actor = actors.get(caller as SignedInCaller);
        const request = requests[key];
        const { path, body } = request
          ? await request({ api, target, caller: actor })
          : { path: `${group.prefix}${route.path}`, body: undefined };
        const response = await api.request(route.method.toUpperCase(), path, {
          body,
          headers: await headersFor(caller, actor),
        });
        actual[caller] = response.status;
        expected[caller] = expectedStatus(route, caller, permissionsOf.get(caller) ?? []);
      }
      assert.deepEqual(actual, expected);
    });
  }
});
