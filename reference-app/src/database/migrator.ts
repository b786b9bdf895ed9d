import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import type { Knex } from 'knex';

export const defaultMigrationsDir = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Flyway's own history table: Flyway and this migrator each continue what the other started. */
export const HISTORY_TABLE = 'flyway_schema_history';

// #region flyway-names
/** Flyway's versioned migrations: V<version>__<description>.sql, e.g. V2__add_roles.sql or V2.1__fix.sql. */
const FLYWAY_NAME = /^V(\d+(?:[._]\d+)*)__(\w+)\.sql$/;

export interface SqlMigration {
  file: string;
  version: number[];
  /** As Flyway writes it in the history: `2.1` for V2_1 or V2.1. */
  versionText: string;
  /** As Flyway writes it: the name's words, `create users` for V1__create_users.sql. */
  description: string;
  sql: string;
  checksum: number;
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

// #region flyway-checksum
/**
 * Flyway's checksum of a script (flyway-core, ChecksumCalculator): the CRC-32 of the UTF-8 bytes of
 * its lines, read as Java's BufferedReader reads them (\n, \r\n or \r ends a line and is left out),
 * a leading byte-order mark dropped, stored as a signed 32-bit integer. So line endings never
 * change it, and Flyway and this migrator agree on every file.
 */
export function flywayChecksum(sql: string): number {
  const lines = sql.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return crc32(Buffer.from(lines.join(''), 'utf8')) | 0;
}
// #endregion flyway-checksum

function parseMigration(file: string, sql: string): SqlMigration {
  const match = FLYWAY_NAME.exec(file);
  if (!match?.[1] || !match[2]) {
    throw new MigrationError(
      `Migration file ${file} does not follow Flyway's naming: V<version>__<description>.sql`,
    );
  }
  const version = match[1].split(/[._]/).map(Number);
  return {
    file,
    version,
    versionText: match[1].replaceAll('_', '.'),
    description: match[2].replaceAll('_', ' '),
    sql,
    checksum: flywayChecksum(sql),
  };
}

export async function readMigrations(dir: string): Promise<SqlMigration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql'));
  const migrations = await Promise.all(
    files.map(async (file) => parseMigration(file, await readFile(path.join(dir, file), 'utf8'))),
  );
  migrations.sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < migrations.length; i++) {
    const [previous, current] = [migrations[i - 1], migrations[i]];
    if (previous && current && compareVersions(previous.version, current.version) === 0) {
      throw new MigrationError(`Migrations ${previous.file} and ${current.file} share a version`);
    }
  }
  return migrations;
}

// #region flyway-lock
/**
 * The advisory lock Flyway takes on PostgreSQL (PostgreSQLAdvisoryLockTemplate): "Flyway" in ASCII
 * plus the Java hash code of the quoted history table's name. Taken here too, Flyway and this
 * migrator never run at the same time on one database.
 */
function flywayLockNumber(schema: string): bigint {
  const table = `"${schema}"."${HISTORY_TABLE}"`;
  let hash = 0;
  for (let i = 0; i < table.length; i++) hash = (Math.imul(hash, 31) + table.charCodeAt(i)) | 0;
  return BigInt('0x466C79776179') + BigInt(hash);
}
// #endregion flyway-lock

// #region history-table
/** Flyway's DDL for PostgreSQL (PostgreSQLDatabase.getRawCreateScript), so Flyway takes the table as its own. */
async function ensureHistoryTable(trx: Knex.Transaction): Promise<void> {
  const { rows } = await trx.raw('SELECT to_regclass(?) AS found', [HISTORY_TABLE]);
  if (rows[0]?.found) return;
  await trx.raw(`CREATE TABLE ${HISTORY_TABLE} (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
  );
  ALTER TABLE ${HISTORY_TABLE} ADD CONSTRAINT "${HISTORY_TABLE}_pk" PRIMARY KEY ("installed_rank");
  CREATE INDEX "${HISTORY_TABLE}_s_idx" ON ${HISTORY_TABLE} ("success");`);
}
// #endregion history-table

// #region adopt-knex-history
/**
 * Databases migrated before this migrator kept Flyway's history had Knex's (`knex_migrations`, and
 * SHA-256 checksums in `schema_migration_checksums`). Their rows move to Flyway's table, each file
 * checked against its old checksum first, and the old tables go.
 */
async function adoptKnexHistory(trx: Knex.Transaction, migrations: SqlMigration[]): Promise<void> {
  const { rows } = await trx.raw("SELECT to_regclass('knex_migrations') AS found");
  if (!rows[0]?.found) return;
  const { rows: old } = await trx.raw(`SELECT m.name AS script, c.checksum AS sha256
    FROM knex_migrations m LEFT JOIN schema_migration_checksums c ON c.name = m.name ORDER BY m.id`);
  let rank = 0;
  for (const { script, sha256 } of old as { script: string; sha256: string | null }[]) {
    const migration = migrations.find((candidate) => candidate.file === script);
    const now = migration && createHash('sha256').update(migration.sql.replace(/\r\n/g, '\n'));
    if (!migration || (sha256 && now?.digest('hex') !== sha256)) {
      throw new MigrationError(`Migration ${script} was edited or removed after it was applied`);
    }
    await recordApplied(trx, ++rank, migration, 0);
  }
  await trx.raw('DROP TABLE knex_migrations, knex_migrations_lock, schema_migration_checksums');
}
// #endregion adopt-knex-history

async function recordApplied(
  trx: Knex.Transaction,
  rank: number,
  migration: SqlMigration,
  executionMs: number,
): Promise<void> {
  await trx.raw(
    `INSERT INTO ${HISTORY_TABLE} (installed_rank, version, description, type, script, checksum,
       installed_by, execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, current_user, ?, true)`,
    [
      rank,
      migration.versionText,
      migration.description,
      migration.file,
      migration.checksum,
      executionMs,
    ],
  );
}

interface AppliedMigration {
  rank: number;
  version: string;
  script: string;
  checksum: number | null;
}

async function appliedMigrations(trx: Knex.Transaction): Promise<AppliedMigration[]> {
  const { rows } = await trx.raw(
    `SELECT installed_rank AS rank, version, script, checksum FROM ${HISTORY_TABLE}
     WHERE success ORDER BY installed_rank`,
  );
  return rows as AppliedMigration[];
}

// #region validate-checksums
/** Flyway's validate: an applied migration whose file changed since stops everything. */
function validateApplied(applied: AppliedMigration[], migrations: SqlMigration[]): void {
  for (const { script, checksum } of applied) {
    const migration = migrations.find((candidate) => candidate.file === script);
    if (migration && migration.checksum !== checksum) {
      throw new MigrationError(
        `Migration ${script} was edited after it was applied (checksum ${checksum} recorded, ` +
          `${migration.checksum} on disk). Restore the file and put the change in a new migration.`,
      );
    }
  }
}
// #endregion validate-checksums

/** What is left to apply; like Flyway without outOfOrder, a file older than the newest applied is refused. */
function pendingMigrations(applied: AppliedMigration[], migrations: SqlMigration[]) {
  const done = new Set(applied.map((row) => row.script));
  const pending = migrations.filter((migration) => !done.has(migration.file));
  const newest = migrations.filter((migration) => done.has(migration.file)).at(-1);
  const late = newest && pending.find((m) => compareVersions(m.version, newest.version) < 0);
  if (late) {
    throw new MigrationError(
      `Migration ${late.file} is older than ${newest.file}, which was applied already: give it a newer version`,
    );
  }
  return pending;
}

export interface MigrateOptions {
  dir?: string;
  onApply?: (migration: SqlMigration) => void;
}

// #region migrate-latest
/**
 * Validates what was applied, then applies what is pending, all in one transaction under Flyway's
 * lock, writing each to Flyway's history as Flyway would. Returns the files it applied.
 */
export async function migrateLatest(db: Knex, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = await readMigrations(options.dir ?? defaultMigrationsDir);
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw('SELECT current_schema() AS schema');
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [
      String(flywayLockNumber(rows[0].schema)),
    ]);
    await ensureHistoryTable(trx);
    await adoptKnexHistory(trx, migrations);
    const applied = await appliedMigrations(trx);
    validateApplied(applied, migrations);
    const pending = pendingMigrations(applied, migrations);
    let rank = Math.max(0, ...applied.map((row) => row.rank));
    for (const migration of pending) {
      options.onApply?.(migration);
      const started = performance.now();
      // Knex reads `?` as a value placeholder; escaped, it reaches PostgreSQL as written.
      await trx.raw(migration.sql.replaceAll('?', '\\?'));
      await recordApplied(trx, ++rank, migration, Math.round(performance.now() - started));
    }
    return pending.map((migration) => migration.file);
  });
}
// #endregion migrate-latest
