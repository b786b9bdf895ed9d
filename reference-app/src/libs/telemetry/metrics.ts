import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxTaskState } from '../../entities/jobs.ts';
import type { QueueCounts } from '../queue/index.ts';

// #region metric-sets
/** Seconds; from a fast indexed read to a request that waited on a timeout. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds; jobs run from milliseconds (an email) to minutes (an export). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

/** The API's own figures. Labels are route templates and status codes, never ids. */
export function createHttpMetrics(registry: Registry) {
  const registers = [registry];
  return {
    requestDuration: new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Time from the request reaching the app to its answer, by route template.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    requestsInFlight: new Gauge({
      name: 'http_server_requests_in_flight',
      help: 'Requests being answered now.',
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: 'rate_limit_refusals_total',
      help: 'Requests refused with 429, by rate-limited action.',
      labelNames: ['action'] as const,
      registers,
    }),
  };
}

/** The worker's own figures, by task name. */
export function createJobMetrics(registry: Registry) {
  const registers = [registry];
  return {
    jobDuration: new Histogram({
      name: 'job_duration_seconds',
      help: 'Time one attempt of a job took, by task and how it ended.',
      labelNames: ['task', 'outcome'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    jobsInFlight: new Gauge({
      name: 'jobs_in_flight',
      help: 'Jobs running in this worker now.',
      labelNames: ['task'] as const,
      registers,
    }),
  };
}
// #endregion metric-sets

export type HttpMetrics = ReturnType<typeof createHttpMetrics>;
export type JobMetrics = ReturnType<typeof createJobMetrics>;
/** How a job attempt ended, as the `outcome` label says it. */
export type JobOutcome = 'succeeded' | 'retried' | 'dead_lettered';

// #region backlog-gauges
/** The backlog as PostgreSQL and Redis see it (the queue report's shape), read once per scrape. */
export interface BacklogSnapshot {
  tasks: (OutboxTaskState & { deadLettered: number })[];
  queues: ({ name: string } & Partial<QueueCounts>)[];
}

/** Connections as the pools see them, read at each scrape. */
export interface PoolSnapshot {
  database: { used: number; free: number; pendingAcquires: number; max: number };
  redis: { client: string; connected: number; total: number }[];
}

/** One read shared by every gauge of a scrape, whose collect functions each ask for it. */
function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let latest: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!latest || performance.now() - latest.at > 1_000) {
      latest = { at: performance.now(), value: read() };
    }
    return latest.value;
  };
}

type Fill<L extends string> = (
  set: (labels: Record<L, string>, value: number) => void,
) => Promise<void> | void;

/** A gauge whose series are read afresh at each scrape. */
function scrapedGauge<L extends string>(
  registry: Registry,
  { name, help, labelNames }: { name: string; help: string; labelNames: readonly L[] },
  fill: Fill<L>,
) {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      // While PostgreSQL or Redis is away, the scrape still answers, without these series.
      await Promise.resolve(fill((labels, value) => this.set(labels as never, value))).catch(
        () => {},
      );
    },
  });
}

function registerBacklogGauges(registry: Registry, readBacklog: () => Promise<BacklogSnapshot>) {
  const backlog = sharedRead(readBacklog);
  const tasks = async () => (await backlog()).tasks;
  scrapedGauge(
    registry,
    {
      name: 'outbox_rows',
      help: 'Outbox rows not done, by task and state.',
      labelNames: ['task', 'state'],
    },
    async (set) => {
      for (const { task, pending, inFlight, overdue } of await tasks()) {
        set({ task, state: 'pending' }, pending);
        set({ task, state: 'in_flight' }, inFlight);
        set({ task, state: 'overdue' }, overdue);
      }
    },
  );
  scrapedGauge(
    registry,
    {
      name: 'outbox_oldest_row_age_seconds',
      help: 'Age of the oldest outbox row not done, by task (0 when none).',
      labelNames: ['task'],
    },
    async (set) => {
      for (const { task, oldestAgeSeconds } of await tasks()) set({ task }, oldestAgeSeconds ?? 0);
    },
  );
  scrapedGauge(
    registry,
    {
      name: 'outbox_republished_rows',
      help: 'Rows still kept whose job Redis lost and the sweeper published again, by task.',
      labelNames: ['task'],
    },
    async (set) => {
      for (const { task, republished } of await tasks()) set({ task }, republished);
    },
  );
  scrapedGauge(
    registry,
    { name: 'dead_letters', help: 'Dead letters not retried yet, by task.', labelNames: ['task'] },
    async (set) => {
      for (const { task, deadLettered } of await tasks()) set({ task }, deadLettered);
    },
  );
  scrapedGauge(
    registry,
    {
      name: 'queue_jobs',
      help: 'Jobs in Redis, by queue and state.',
      labelNames: ['queue', 'state'],
    },
    async (set) => {
      for (const queue of (await backlog()).queues) {
        for (const state of ['waiting', 'active', 'delayed'] as const) {
          const count = queue[state];
          if (count !== undefined) set({ queue: queue.name, state }, count);
        }
      }
    },
  );
}

function registerPoolGauges(registry: Registry, readPools: () => PoolSnapshot) {
  scrapedGauge(
    registry,
    {
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections open, by state: sum() is the connections held.',
      labelNames: ['state'],
    },
    (set) => {
      const { database } = readPools();
      set({ state: 'used' }, database.used);
      set({ state: 'free' }, database.free);
    },
  );
  scrapedGauge(
    registry,
    {
      name: 'db_pool_max_connections',
      help: 'The most connections the pool opens.',
      labelNames: [],
    },
    (set) => set({}, readPools().database.max),
  );
  scrapedGauge(
    registry,
    {
      name: 'db_pool_pending_acquires',
      help: 'Queries waiting for a connection of the pool.',
      labelNames: [],
    },
    (set) => set({}, readPools().database.pendingAcquires),
  );
  scrapedGauge(
    registry,
    {
      name: 'redis_connections',
      help: 'Redis connections, by client and state.',
      labelNames: ['client', 'state'],
    },
    (set) => {
      for (const { client, connected, total } of readPools().redis) {
        set({ client, state: 'connected' }, connected);
        set({ client, state: 'disconnected' }, total - connected);
      }
    },
  );
}

/**
 * What every process reports when it serves metrics: its runtime (event-loop lag, memory, CPU),
 * its pools, and the backlog. The backlog comes from the database, so an API still shows it
 * when no worker runs: aggregate it with max(), not sum().
 */
export function registerProcessGauges(
  registry: Registry,
  readBacklog: () => Promise<BacklogSnapshot>,
  readPools: () => PoolSnapshot,
): void {
  collectDefaultMetrics({ register: registry });
  registerBacklogGauges(registry, readBacklog);
  registerPoolGauges(registry, readPools);
}
// #endregion backlog-gauges

export { Registry };
