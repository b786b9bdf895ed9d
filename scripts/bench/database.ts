import knex from 'knex';
import { migrateLatest } from '../../reference-app/src/database/migrator.ts';

const serverUrl = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

async function onServer(work: (db: knex.Knex) => Promise<unknown>) {
  const db = knex({ client: 'pg', connection: `${serverUrl}/postgres`, pool: { min: 0, max: 1 } });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
}

/** A fresh database for one run, migrated like production; dropped by the returned function. */
export async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `refapp_bench_${process.pid}_${Date.now().toString(36)}`;
  const url = `${serverUrl}/${name}`;
  await onServer((db) => db.raw(`CREATE DATABASE ${name}`));
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await migrateLatest(db).finally(() => db.destroy());
  return {
    url,
    drop: () => onServer((db) => db.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
