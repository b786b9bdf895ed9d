import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { migrateLatest } from '../../src/database/migrator.ts';
import { startApi } from './api.ts';
import { serverAdminUrl, testEnvironment } from './environment.ts';

// #region isolated-stack
/**
 * A database (migrated), a queue prefix and a mail folder of their own, for tests whose workers
 * must see only their own jobs: a worker's relay publishes every pending outbox row it finds.
 */
export async function isolatedStack(extra: NodeJS.ProcessEnv = {}) {
  const id = randomUUID().slice(0, 8);
  const name = `refapp_stack_${process.pid}_${id}`;
  const admin = knex({ client: 'pg', connection: serverAdminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = testEnvironment.DATABASE_URL.replace(/\/[^/]+$/, `/${name}`);
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await migrateLatest(db).finally(() => db.destroy());
  const mailDir = await mkdtemp(path.join(tmpdir(), 'refapp-stack-mail-'));
  const env = {
    DATABASE_URL: url,
    QUEUE_PREFIX: `${testEnvironment.QUEUE_PREFIX}-${id}`,
    REDIS_KEY_PREFIX: `${testEnvironment.QUEUE_PREFIX}-${id}-app`,
    MAIL_FILE_DIR: mailDir,
    ...extra,
  };
  return {
    env,
    async destroy() {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
      await rm(mailDir, { recursive: true, force: true });
    },
  };
}
// #endregion isolated-stack

export type IsolatedStack = Awaited<ReturnType<typeof isolatedStack>>;

/** An isolated stack with the real API in front of it; closing the API also drops the stack. */
export async function isolatedApi(extra: NodeJS.ProcessEnv = {}) {
  const stack = await isolatedStack(extra);
  const api = await startApi({ env: stack.env });
  const close = async () => {
    await api.close();
    await stack.destroy();
  };
  return { stack, api: { ...api, close } };
}
