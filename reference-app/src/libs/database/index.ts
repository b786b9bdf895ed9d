import knex, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import type { Client as PgClient, ClientBase as PgConnection, QueryResultRow } from 'pg';
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
  /** The pool's connections now, for the metrics. */
  poolStats(): { used: number; free: number; pendingAcquires: number; max: number };
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

/** Rows deleted per transaction by the purges: a big backlog goes in short transactions. */
export const DELETE_BATCH_SIZE = 10_000;

// #region delete-in-batches
/**
 * Deletes in short transactions of up to `batchSize` rows until a batch comes back short;
 * `withLastBatch` commits together with that last one. Returns how many rows went.
 */
export async function deleteInBatches(
  database: Database,
  deleteBatch: (trx: Transaction, limit: number) => Promise<number>,
  withLastBatch: (trx: Transaction) => Promise<void>,
  batchSize = DELETE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await database.transaction(async (trx) => {
      const count = await deleteBatch(trx, batchSize);
      if (count < batchSize) await withLastBatch(trx);
      return count;
    });
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
// #endregion delete-in-batches

/**
 * How much longer than a statement's own timeout the client waits for its answer: PostgreSQL's
 * cancellation arrives first when the server works, and the connection stays usable.
 */
export const READ_TIMEOUT_MARGIN_MS = 500;

/** The part of Knex's pool (tarn) that the metrics read. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

// #region create-database
interface DatabaseConfig {
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  DATABASE_ACQUIRE_TIMEOUT_MS: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
}

export function createDatabase({
  config,
  logger,
}: {
  config: DatabaseConfig;
  logger: Pick<Logger, 'warn' | 'error' | 'debug'>;
}): Database {
  const handle = knex({
    client: 'pg',
    connection: {
      connectionString: config.DATABASE_URL,
      // PostgreSQL cancels a statement that runs too long; the connection stays usable.
      statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
      // A server that answers nothing at all (frozen, or a dead network) cannot hold a caller.
      query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + READ_TIMEOUT_MARGIN_MS,
      connectionTimeoutMillis: config.DATABASE_ACQUIRE_TIMEOUT_MS,
      keepAlive: true,
    },
    pool: {
      min: 0,
      max: config.DATABASE_POOL_MAX,
      afterCreate: (connection: PgClient, done: (error: null, connection: PgClient) => void) => {
        endOnReadTimeout(connection);
        done(null, connection);
      },
    },
    acquireConnectionTimeout: config.DATABASE_ACQUIRE_TIMEOUT_MS,
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
    poolStats() {
      const pool = handle.client.pool as TarnPool | undefined;
      return {
        used: pool?.numUsed() ?? 0,
        free: pool?.numFree() ?? 0,
        pendingAcquires: pool?.numPendingAcquires() ?? 0,
        max: config.DATABASE_POOL_MAX,
      };
    },
    close: () => handle.destroy(),
  };
}
// #endregion create-database

// #region end-on-read-timeout
/**
 * After a query timed out, pg keeps its connection waiting for that query's answer. Reused, the
 * connection would run the next caller's statements behind it, and a timed-out BEGIN that went
 * through after all would leave it inside a transaction nobody ends. Ending the connection
 * fails what was queued on it at once; PostgreSQL rolls back, and the pool replaces it.
 */
function endOnReadTimeout(connection: PgClient): void {
  const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  const endIfTimedOut = (error: unknown) => {
    if ((error as Error | undefined)?.message === 'Query read timeout') void connection.end();
  };
  (connection as { query: unknown }).query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        endIfTimedOut(error);
        callback(error, result);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch(endIfTimedOut);
    return result;
  };
}
// #endregion end-on-read-timeout

// #region database-unavailable
/** Node's network errors and PostgreSQL's codes that say "not now" rather than "wrong request". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled: the statement timeout
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Query read timeout|timeout expired|not queryable|Timeout acquiring a connection/;

/** True when PostgreSQL could not be reached or did not answer in time, through any wrapper. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue = [error];
  for (let current = queue.shift(); current; current = queue.shift()) {
    if (seen.has(current) || typeof current !== 'object') continue;
    seen.add(current);
    const { code, message, name, cause, nativeError, errors } = current as Record<string, unknown>;
    // A code decides when there is one: a message may quote the values of the failed query.
    if (typeof code === 'string') {
      if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
    } else if (name === 'KnexTimeoutError' || UNAVAILABLE_MESSAGES.test(String(message))) {
      return true;
    }
    queue.push(...[cause, nativeError, ...(Array.isArray(errors) ? errors : [])].filter(Boolean));
  }
  return false;
}
// #endregion database-unavailable
