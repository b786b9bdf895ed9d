// The route × role table of the Permissions page: each route's declared access, from the route
// table, against what the built-in roles are granted once every migration has run. The migrations
// run in an in-memory PGlite at build time, so the page shows their grants, not a copy of them.

import { PGlite } from '@electric-sql/pglite';
import { type Access, permits } from '../../reference-app/src/api/route-definition.ts';
import { routeTable } from '../../reference-app/src/api/route-table.ts';
import { defaultMigrationsDir, readMigrations } from '../../reference-app/src/database/migrator.ts';
import { builtInRoles } from '../../reference-app/src/entities/role.ts';

/** Each built-in role and the permissions the migrations grant it. */
async function migratedGrants(): Promise<Map<string, string[]>> {
  const db = await PGlite.create();
  try {
    for (const migration of await readMigrations(defaultMigrationsDir))
      await db.exec(migration.sql);
    const { rows } = await db.query<{ role: string; permissions: string[] }>(
      `SELECT roles.name AS role, array_remove(array_agg(permission_name ORDER BY permission_name), NULL) AS permissions
       FROM roles LEFT JOIN role_permissions ON role_name = roles.name
       WHERE built_in GROUP BY roles.name`,
    );
    return new Map(rows.map((row) => [row.role, row.permissions]));
  } finally {
    await db.close();
  }
}

export const grants = await migratedGrants();
for (const role of builtInRoles) {
  if (!grants.has(role)) throw new Error(`the migrations create no built-in role ${role}`);
}

/** Every user also holds the role user, so a role's callers have its grants and user's. */
const callerPermissions = (role: string) => [
  ...(grants.get(role) ?? []),
  ...(grants.get('user') ?? []),
];

/** Who a route is for, in words, and whether each built-in role may call it. */
export function accessOf(access: Access): { needs: string; roles: Record<string, boolean> } {
  const roles = Object.fromEntries(
    builtInRoles.map((role) => [
      role,
      access.caller === 'anonymous' || permits(access, callerPermissions(role)),
    ]),
  );
  if (access.caller === 'anonymous') return { needs: 'anyone', roles };
  if (access.caller === 'internal') return { needs: 'x-internal-key', roles };
  return { needs: access.permission ?? 'signed in', roles };
}

export const accessRows = routeTable.flatMap((group) =>
  group.routes.map((route) => ({
    method: route.method.toUpperCase(),
    path: `${group.prefix}${route.path}`,
    ...accessOf(route.access),
  })),
);
