import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';

export const defaultMigrationsDir = fileURLToPath(new URL('../../../migrations', import.meta.url));

const CHECKSUM_TABLE = 'schema_migration_checksums';
const HISTORY_TABLE = 'knex_migrations';

// #region flyway-names
/** Flyway's versioned migrations: V<version>__<description>.sql, e.g. V2__add_roles.sql or V2.1__fix.sql. */
const FLYWAY_NAME = /^V(\d+(?:[._]\d+)*)__(\w+)\.sql$/;

export interface SqlMigration {
  file: string;
  version: number[];
  sql: string;
  checksum: string;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
// #endregion flyway-names

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function checksumOf(sql: string): string {
  // Line endings are normalised so a checkout with CRLF does not look like an edit.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export async function readMigrations(dir: string): Promise<SqlMigration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql'));
  const migrations: SqlMigration[] = [];
  for (const file of files) {
    const match = FLYWAY_NAME.exec(file);
    if (!match?.[1]) {
      throw new MigrationError(
        `Migration file ${file} does not follow Flyway's naming: V<version>__<description>.sql`,
      );
    }
    const sql = await readFile(path.join(dir, file), 'utf8');
    const version = match[1].split(/[._]/).map(Number);
    migrations.push({ file, version, sql, checksum: checksumOf(sql) });
  }
  migrations.sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < migrations.length; i++) {
    const [previous, current] = [migrations[i - 1], migrations[i]];
    if (previous && current && compareVersions(previous.version, current.version) === 0) {
      throw new MigrationError(`Migrations ${previous.file} and ${current.file} share a version`);
    }
  }
  return migrations;
}

async function ensureChecksumTable(db: Knex): Promise<void> {
  try {
    await db.raw(`CREATE TABLE IF NOT EXISTS ${CHECKSUM_TABLE} (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  } catch (error) {
    // Two migrators starting together can both try to create it; the loser's error is harmless.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw error;
  }
}

// #region validate-checksums
/** Flyway's validate: an applied migration whose file changed since stops everything. */
async function validateApplied(db: Knex, migrations: SqlMigration[]): Promise<void> {
  const recorded: { name: string; checksum: string }[] = await db(CHECKSUM_TABLE).select(
    'name',
    'checksum',
  );
  for (const { name, checksum } of recorded) {
    const migration = migrations.find((candidate) => candidate.file === name);
    if (migration && migration.checksum !== checksum) {
      throw new MigrationError(
        `Migration ${name} was edited after it was applied (checksum ${checksum.slice(0, 12)}… ` +
          `recorded, ${migration.checksum.slice(0, 12)}… on disk). Restore the file and put the ` +
          'change in a new migration.',
      );
    }
  }
}
// #endregion validate-checksums

// #region migration-source
/** Knex runs these (its lock, its transaction); each one also records its checksum. */
function sqlMigrationSource(
  migrations: SqlMigration[],
  onApply: (migration: SqlMigration) => void,
): Knex.MigrationSource<SqlMigration> {
  return {
    getMigrations: async () => migrations,
    getMigrationName: (migration) => migration.file,
    getMigration: async (migration) => ({
      async up(trx: Knex) {
        onApply(migration);
        // Knex reads `?` as a value placeholder; escaped, it reaches PostgreSQL as written.
        await trx.raw(migration.sql.replaceAll('?', '\\?'));
        await trx(CHECKSUM_TABLE).insert({ name: migration.file, checksum: migration.checksum });
      },
      async down() {
        throw new MigrationError('SQL migrations only move forward: add a new migration instead');
      },
    }),
  };
}
// #endregion migration-source

export interface MigrateOptions {
  dir?: string;
  onApply?: (migration: SqlMigration) => void;
}

// #region migrate-latest
/** Validates what was applied, then applies what is pending. Returns the files it applied. */
export async function migrateLatest(db: Knex, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = await readMigrations(options.dir ?? defaultMigrationsDir);
  await ensureChecksumTable(db);
  await validateApplied(db, migrations);
  const [, applied] = await db.migrate.latest({
    tableName: HISTORY_TABLE,
    migrationSource: sqlMigrationSource(migrations, options.onApply ?? (() => {})),
  });
  return applied as string[];
}
// #endregion migrate-latest
