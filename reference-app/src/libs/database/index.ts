import knex, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import type { ClientBase as PgConnection, QueryResultRow } from 'pg';
import { withTimeout } from '../../utils/timeout.ts';
import type { Logger } from '../log/index.ts';

// #region db-handle
/** An open connection or transaction: services pass it along without looking inside. */
export type DbHandle = Knex;
export type Transaction = Knex.Transaction;

export interface Database {
  handle: DbHandle;
  transaction<T>(work: (trx: Transaction) => Promise<T>): Promise<T>;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}
// #endregion db-handle

// #region prepared-statement
/** A query that runs on nearly every request, written once in SQL and prepared by name. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Runs a prepared statement with the pg driver itself, on the handle's connection (the pool's, or
 * the transaction's). PostgreSQL plans it once per connection instead of once per call, and the
 * query builder's work (compiling, mapping identifiers) is skipped: columns come back as the SQL
 * names them.
 */
export async function runPrepared<Row extends QueryResultRow>(
  db: DbHandle,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> {
  const connection: PgConnection = await db.client.acquireConnection();
  try {
    const { rows } = await connection.query<Row>({ ...statement, values });
    return rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}
// #endregion prepared-statement

// #region create-database
export function createDatabase({
  config,
  logger,
}: {
  config: { DATABASE_URL: string; DATABASE_POOL_MAX: number };
  logger: Pick<Logger, 'warn' | 'error' | 'debug'>;
}): Database {
  const handle = knex({
    client: 'pg',
    connection: config.DATABASE_URL,
    pool: { min: 0, max: config.DATABASE_POOL_MAX },
    acquireConnectionTimeout: 5_000,
    // Columns are snake_case in SQL and camelCase in TypeScript.
    ...knexSnakeCaseMappers(),
    // Knex's own warnings go to our log instead of the console.
    log: {
      warn: (message: unknown) => logger.warn({ knex: message }, 'knex warning'),
      error: (message: unknown) => logger.error({ knex: message }, 'knex error'),
      deprecate: (method: string, alternative: string) =>
        logger.warn({ method, alternative }, 'knex deprecation'),
      debug: (message: unknown) => logger.debug({ knex: message }, 'knex debug'),
    },
  });
  return {
    handle,
    transaction: (work) => handle.transaction(work),
    async ping(timeoutMs) {
      await withTimeout(handle.raw('select 1'), timeoutMs, 'PostgreSQL did not answer');
    },
    close: () => handle.destroy(),
  };
}
// #endregion create-database
