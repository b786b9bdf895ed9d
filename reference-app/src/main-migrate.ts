import knex from 'knex';
import { loadConfigOrExit, loadDatabaseConfig } from './common/config.ts';
import { MigrationError, migrateLatest } from './database/migrator.ts';

// #region main-migrate
const config = loadConfigOrExit(loadDatabaseConfig);
const db = knex({ client: 'pg', connection: config.DATABASE_URL, pool: { min: 0, max: 1 } });
try {
  const applied = await migrateLatest(db, {
    onApply: (migration) => console.log(`Applying ${migration.file}`),
  });
  console.log(
    applied.length ? `Applied ${applied.length} migration(s).` : 'Database is up to date.',
  );
} catch (error) {
  console.error(error instanceof MigrationError ? `Migration refused: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
// #endregion main-migrate
