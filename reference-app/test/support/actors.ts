import { RoleRepository } from '../../src/database/repositories/role-repository.ts';
import type { TestApi } from './api.ts';
import { aRegistration } from './data.ts';

/** A plain registered user, or one who also holds the named role (admin, superadmin, a custom one). */
export type ActorKind = 'client' | (string & {});

/** A freshly registered, signed-in person; any other kind gets its role in the database. */
export async function signUp(api: TestApi, kind: ActorKind = 'client') {
  const registration = aRegistration();
  const registered = await api.post('/api/client/auth/register', registration);
  if (registered.status !== 201) throw new Error(`register failed: ${registered.text}`);
  const user = registered.body as { id: string; email: string; name: string };
  if (kind !== 'client') {
    await new RoleRepository().grant(api.container.cradle.database.handle, {
      userId: user.id,
      roleName: kind,
      grantedBy: null,
    });
  }
  return { user, password: registration.password, ...(await logIn(api, registration)) };
}

export async function logIn(api: TestApi, credentials: { email: string; password: string }) {
  const response = await api.post('/api/client/auth/login', {
    email: credentials.email,
    password: credentials.password,
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.text}`);
  const tokens = response.body as { accessToken: string; refreshToken: string; expiresIn: number };
  return { tokens, auth: { authorization: `Bearer ${tokens.accessToken}` } };
}

export type Actor = Awaited<ReturnType<typeof signUp>>;

/** Requests to the superadmin group (`/api/superadmin…`) as `actor`. */
export function superadminRoutesAs(api: TestApi, actor: Actor) {
  return (method: string, path: string, body?: unknown) =>
    api.request(method, `/api/superadmin${path}`, { body, headers: actor.auth });
}

export type SuperadminRoutes = ReturnType<typeof superadminRoutesAs>;
