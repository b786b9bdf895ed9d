import knex, { type Knex } from 'knex';
import { pino } from 'pino';
import { createDatabase } from '../../src/libs/database/index.ts';
import { serverAdminUrl, testEnvironment } from './environment.ts';

/** The app's own database lib, pointed at the run's test database. */
export function openTestDatabase() {
  return createDatabase({
    config: {
      DATABASE_URL: testEnvironment.DATABASE_URL,
      DATABASE_POOL_MAX: 4,
      DATABASE_ACQUIRE_TIMEOUT_MS: 1_000,
      DATABASE_STATEMENT_TIMEOUT_MS: 1_500,
    },
    logger: pino({ level: 'silent' }),
  });
}

/** A brand-new empty database for tests that need a blank schema (the migrator's). */
export async function withScratchDatabase(work: (db: Knex, url: string) => Promise<void>) {
  const name = `refapp_scratch_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = knex({ client: 'pg', connection: serverAdminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = testEnvironment.DATABASE_URL.replace(/\/[^/]+$/, `/${name}`);
  // Silent: the migrator tests make migrations fail on purpose, and knex would print them.
  const quiet = () => {};
  const log = { warn: quiet, error: quiet, debug: quiet, deprecate: quiet };
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 2 }, log });
  try {
    await work(db, url);
  } finally {
    await db.destroy();
    await admin.raw(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}
