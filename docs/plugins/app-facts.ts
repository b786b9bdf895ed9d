// Numbers the pages quote, read from the app's own code and defaults when the site is built:
// a page that writes {facts.relayBatchSize} cannot fall behind a change of RELAY_BATCH_SIZE.

import { IDLE_GRACE_MS } from '../../reference-app/src/api/http-server.ts';
import { type Config, loadConfig } from '../../reference-app/src/common/config.ts';
import { errorCatalogue } from '../../reference-app/src/common/errors.ts';
import { EXPORT_PAGE_SIZE } from '../../reference-app/src/database/repositories/user-repository.ts';
import {
  DELETE_BATCH_SIZE,
  READ_TIMEOUT_MARGIN_MS,
} from '../../reference-app/src/libs/database/index.ts';
import { REDIS_PROBE_INTERVAL_MS } from '../../reference-app/src/libs/rate-limit/index.ts';
import { REDIS_COMMAND_TIMEOUT_MS } from '../../reference-app/src/libs/redis/index.ts';
import { IN_USE_LOCK_MS } from '../../reference-app/src/services/idempotency/idempotency-service.ts';
import { retryBudgetMs } from '../../reference-app/src/services/jobs/retry-backoff.ts';
import { leaseMs } from '../../reference-app/src/services/outbox/lease.ts';
import { OUTBOX_UNREACHABLE_RETRY_MS } from '../../reference-app/src/worker/app.ts';
import { brokers } from '../../reference-app/src/worker/brokers/index.ts';
import { RELAY_BATCH_SIZE } from '../../reference-app/src/worker/relay.ts';

/** Every variable at its default, as a process with only the required ones set reads them. */
export const defaults: Config = loadConfig({
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
});
export const productionDefaults: Config = loadConfig({
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
  NODE_ENV: 'production',
});

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/** A duration as a person says it: 500 ms, 2 s, 5 minutes, 1 hour 11 minutes. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.round(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  if (ms < 3_600_000 && seconds > 0) return `${Math.floor(ms / 60_000)} min ${seconds} s`;
  if (minutes < 120) {
    return minutes < 60
      ? plural(minutes, 'minute')
      : `1 hour${minutes > 60 ? ` ${plural(minutes - 60, 'minute')}` : ''}`;
  }
  const hours = Math.round(minutes / 60);
  return hours % 24 === 0 ? plural(hours / 24, 'day') : plural(hours, 'hour');
}

export const tasks = brokers.flatMap((broker) =>
  Object.entries(broker.tasks).map(([name, route]) => ({
    name,
    queue: broker.queue,
    concurrency: broker.concurrency,
    route,
    budget: retryBudgetMs(route.backoff, route.retries),
    leaseMs: leaseMs(route, defaults.OUTBOX_LEASE_MARGIN_MS),
  })),
);

const welcome = tasks.find((task) => task.name === 'send-welcome-email');
if (!welcome) throw new Error('the email broker carries no send-welcome-email task');

export const facts = {
  idleGraceMs: IDLE_GRACE_MS,
  idempotencyLockMs: IN_USE_LOCK_MS,
  relayBatchSize: RELAY_BATCH_SIZE,
  exportPageSize: EXPORT_PAGE_SIZE.toLocaleString('en-US'),
  deleteBatchSize: DELETE_BATCH_SIZE.toLocaleString('en-US'),
  redisCommandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
  redisProbeIntervalMs: REDIS_PROBE_INTERVAL_MS,
  outboxUnreachableRetryMs: OUTBOX_UNREACHABLE_RETRY_MS,
  welcome,
  readTimeoutMarginMs: READ_TIMEOUT_MARGIN_MS,
  /** The longest a request waits on a frozen PostgreSQL before its 503. */
  databaseBoundMs:
    defaults.DATABASE_ACQUIRE_TIMEOUT_MS +
    defaults.DATABASE_STATEMENT_TIMEOUT_MS +
    READ_TIMEOUT_MARGIN_MS,
  retryAfter: (code: keyof typeof errorCatalogue) =>
    (errorCatalogue[code] as { retryAfterSeconds?: number }).retryAfterSeconds,
};
