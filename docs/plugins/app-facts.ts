// Numbers the pages quote, read from the app's own code and defaults when the site is built:
// a page that writes {facts.relayBatchSize} cannot fall behind a change of RELAY_BATCH_SIZE.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_S3_PORT } from '../../reference-app/dev/launcher.ts';
import { ETAG_LENGTH } from '../../reference-app/src/api/controllers/public/cacheable.ts';
import { PROFILE_MAX_AGE_SECONDS } from '../../reference-app/src/api/controllers/public/profiles-controller.ts';
import { IDLE_GRACE_MS } from '../../reference-app/src/api/http-server.ts';
import {
  listDeadLettersQuery,
  retryManyBody,
} from '../../reference-app/src/api/validators/dead-letters.ts';
import { MAX_TEXT_PROBLEMS } from '../../reference-app/src/api/validators/text.ts';
import { listUsersQuery, MAX_PAGE_SIZE } from '../../reference-app/src/api/validators/users.ts';
import {
  appSchema,
  type Config,
  loadConfig,
  SECRET_MIN_LENGTH,
} from '../../reference-app/src/common/config.ts';
import { errorCatalogue } from '../../reference-app/src/common/errors.ts';
import { EXPORT_PAGE_SIZE } from '../../reference-app/src/database/repositories/user-repository.ts';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../../reference-app/src/entities/idempotency.ts';
import { SHUTDOWN_MARGIN_MS } from '../../reference-app/src/graceful-shutdown.ts';
import {
  DELETE_BATCH_SIZE,
  READ_TIMEOUT_MARGIN_MS,
} from '../../reference-app/src/libs/database/index.ts';
import { BURST_REPEAT_MS } from '../../reference-app/src/libs/log/burst-log.ts';
import {
  PUBLISH_TIMEOUT_MS,
  RECONNECT_MAX_DELAY_MS,
} from '../../reference-app/src/libs/queue/index.ts';
import { REDIS_PROBE_INTERVAL_MS } from '../../reference-app/src/libs/rate-limit/index.ts';
import {
  REDIS_COMMAND_TIMEOUT_MS,
  REDIS_RETRIES_PER_REQUEST,
} from '../../reference-app/src/libs/redis/index.ts';
import { PING_TIMEOUT_MS } from '../../reference-app/src/services/health/health-service.ts';
import { IN_USE_LOCK_MS } from '../../reference-app/src/services/idempotency/idempotency-service.ts';
import { retryBudgetMs } from '../../reference-app/src/services/jobs/retry-backoff.ts';
import { leaseMs } from '../../reference-app/src/services/outbox/lease.ts';
import { RANDOM_TOKEN_BYTES } from '../../reference-app/src/utils/random-token.ts';
import { OUTBOX_UNREACHABLE_RETRY_MS } from '../../reference-app/src/worker/app.ts';
import { brokers } from '../../reference-app/src/worker/brokers/index.ts';
import { RELAY_BATCH_SIZE } from '../../reference-app/src/worker/relay.ts';
import {
  SCHEDULER_TICK_MS,
  SLOT_LOCK_TTL_SECONDS,
} from '../../reference-app/src/worker/scheduler.ts';
import { REDIS_OUTAGE_MS } from '../../reference-app/test/support/drill-timings.ts';
import { BUDGET_BYTES } from '../../scripts/page-weight.ts';

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

/** A task's delivery policy by name; the build fails when the name is no longer routed. */
export function task(name: string) {
  const found = tasks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no broker routes the task ${name}`);
  return found;
}

const welcome = task('send-welcome-email');

/** A broker's concurrency by queue name. */
export function concurrencyOf(queue: string): number {
  const found = brokers.find((broker) => broker.queue === queue);
  if (!found) throw new Error(`no broker has the queue ${queue}`);
  return found.concurrency;
}

/** The grace period compose.yaml gives a service before SIGKILL, as written there (25s). */
function composeGracePeriod(service: string): string {
  const file = path.join(process.cwd(), 'reference-app/compose.yaml');
  const compose = parseYaml(readFileSync(file, 'utf8')) as {
    services: Record<string, { stop_grace_period?: string }>;
  };
  const period = compose.services[service]?.stop_grace_period;
  if (!period) throw new Error(`compose.yaml gives ${service} no stop_grace_period`);
  return period.replace(/^(\d+)s$/, '$1 s');
}

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
  schedulerTickMs: SCHEDULER_TICK_MS,
  slotLockMs: SLOT_LOCK_TTL_SECONDS * 1_000,
  publishTimeoutMs: PUBLISH_TIMEOUT_MS,
  reconnectMaxDelayMs: RECONNECT_MAX_DELAY_MS,
  redisRetriesPerRequest: REDIS_RETRIES_PER_REQUEST,
  pingTimeoutMs: PING_TIMEOUT_MS,
  burstRepeatMs: BURST_REPEAT_MS,
  shutdownMarginMs: SHUTDOWN_MARGIN_MS,
  profileMaxAgeSeconds: PROFILE_MAX_AGE_SECONDS,
  maxTextProblems: MAX_TEXT_PROBLEMS,
  randomTokenBytes: RANDOM_TOKEN_BYTES,
  userPage: { default: listUsersQuery.parse({}).limit, max: MAX_PAGE_SIZE },
  deadLetterPage: {
    default: listDeadLettersQuery.parse({}).limit,
    max: listDeadLettersQuery.parse({ limit: String(Number.MAX_SAFE_INTEGER) }).limit,
  },
  retryManyLimit: {
    default: retryManyBody.parse({ task: 'send-welcome-email' }).limit,
    max: retryManyBody.shape.limit.unwrap().maxValue,
  },
  devS3Port: DEFAULT_S3_PORT,
  redisOutageMs: REDIS_OUTAGE_MS,
  pageBudgetKb: BUDGET_BYTES / 1024,
  mochaTimeoutMs: (
    JSON.parse(readFileSync(path.join(process.cwd(), 'reference-app/.mocharc.json'), 'utf8')) as {
      timeout: number;
    }
  ).timeout,
  etagLength: ETAG_LENGTH,
  idempotencyKeyMaxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
  apiGracePeriod: composeGracePeriod('api'),
  workerGracePeriod: composeGracePeriod('worker'),
  secretMinLength: SECRET_MIN_LENGTH,
  poolMaxLimit: appSchema.shape.DATABASE_POOL_MAX.unwrap().maxValue,
  exportUrlTtlMaxSeconds: appSchema.shape.EXPORT_URL_TTL_SECONDS.unwrap().maxValue ?? 0,
  retryAfter: (code: keyof typeof errorCatalogue) =>
    (errorCatalogue[code] as { retryAfterSeconds?: number }).retryAfterSeconds,
};
