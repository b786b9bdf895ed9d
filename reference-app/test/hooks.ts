import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import knex from 'knex';
import { migrateLatest } from '../src/database/migrator.ts';
import { serverAdminUrl, testDatabaseName, testEnvironment } from './support/environment.ts';
import { killLeftoverProcesses } from './support/processes.ts';

async function onServer(work: (db: knex.Knex) => Promise<unknown>) {
  const db = knex({ client: 'pg', connection: serverAdminUrl, pool: { min: 0, max: 1 } });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
}

async function deleteQueueKeys() {
  const redis = new Redis(testEnvironment.REDIS_URL);
  const keys = await redis.keys(`${testEnvironment.QUEUE_PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

// #region test-database
/** Root hooks: the run's own database, migrated once; everything it made is removed at the end. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await onServer((db) => db.raw(`CREATE DATABASE ${testDatabaseName}`));
    const db = knex({
      client: 'pg',
      connection: testEnvironment.DATABASE_URL,
      pool: { min: 0, max: 1 },
    });
    await migrateLatest(db).finally(() => db.destroy());
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    killLeftoverProcesses();
    await onServer((db) => db.raw(`DROP DATABASE IF EXISTS ${testDatabaseName} WITH (FORCE)`));
    await deleteQueueKeys();
    await rm(testEnvironment.MAIL_FILE_DIR, { recursive: true, force: true });
  },
};
// #endregion test-database
