// The route × role table of the Permissions page: each route's declared access, from the route
// table, against what the built-in roles are granted once every migration has run. The migrations
// run in an in-memory PGlite at build time, so the page shows their grants, not a copy of them
// (the migrated database is cached until a migration or PGlite changes).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Access, permits } from '../../reference-app/src/api/route-definition.ts';
import { routeTable } from '../../reference-app/src/api/route-table.ts';
import { defaultMigrationsDir, readMigrations } from '../../reference-app/src/database/migrator.ts';
import { builtInRoles } from '../../reference-app/src/entities/role.ts';

const cacheDir = path.join(process.cwd(), 'node_modules/.cache/refapp-docs');

/**
 * A database with every migration run. Starting PGlite empty runs its initdb, about three seconds
 * of a thirty-second build; so the migrated data directory is kept in a cache, named after
 * PGlite's version and the migrations' text: a migration that changes makes a new one.
 */
async function migratedDatabase(): Promise<PGlite> {
  const migrations = await readMigrations(defaultMigrationsDir);
  const key = createHash('sha256')
    .update(
      readFileSync(path.join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json')),
    )
    .update(migrations.map((migration) => migration.sql).join('\0'))
    .digest('hex')
    .slice(0, 16);
  const cached = path.join(cacheDir, `migrated-${key}.tar`);
  if (existsSync(cached)) return PGlite.create({ loadDataDir: new Blob([readFileSync(cached)]) });
  const db = await PGlite.create();
  for (const migration of migrations) await db.exec(migration.sql);
  const dump = await db.dumpDataDir('none');
  mkdirSync(cacheDir, { recursive: true });
  // Renamed into place whole: a build stopped halfway leaves no half-written cache behind.
  writeFileSync(`${cached}.${process.pid}`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${cached}.${process.pid}`, cached);
  return db;
}

/** Each built-in role and the permissions the migrations grant it. */
async function migratedGrants(): Promise<Map<string, string[]>> {
  const db = await migratedDatabase();
  try {
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
