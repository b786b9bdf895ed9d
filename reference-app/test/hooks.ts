import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import knex from 'knex';
import S3rver from 's3rver';
import { migrateLatest } from '../src/database/migrator.ts';
import { serverAdminUrl, testDatabaseName, testEnvironment } from './support/environment.ts';
import { killLeftoverProcesses } from './support/processes.ts';
import { manifestName, recordingsDir } from './support/recorder.ts';

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
let s3: { server: S3rver; directory: string } | undefined;

/** The run's own S3-compatible server (s3rver), on a free port, storing in a temporary folder. */
async function startS3() {
  const directory = await mkdtemp(path.join(tmpdir(), 'refapp-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  testEnvironment.S3_ENDPOINT = `http://127.0.0.1:${port}`;
  s3 = { server, directory };
}

/** Databases left by runs that were killed before their end (their process is gone). */
async function dropAbandonedDatabases(db: knex.Knex) {
  const { rows } = await db.raw(
    "SELECT datname FROM pg_database WHERE datname ~ '^refapp_(test|stack|scratch)_[0-9]+_'",
  );
  for (const { datname } of rows as { datname: string }[]) {
    const pid = Number(datname.split('_')[2]);
    const alive = (() => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    })();
    if (!alive) await db.raw(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

/** Root hooks: the run's own database (migrated once) and S3 server; all removed at the end. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await startS3();
    await rm(path.join(recordingsDir, manifestName), { force: true });
    await onServer(async (db) => {
      await dropAbandonedDatabases(db);
      await db.raw(`CREATE DATABASE ${testDatabaseName}`);
    });
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
    await s3?.server.close();
    await rm(s3?.directory ?? '', { recursive: true, force: true });
  },
};
// #endregion test-database
