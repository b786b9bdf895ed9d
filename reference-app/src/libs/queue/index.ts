import BeeQueue from 'bee-queue';
import type { TaskMessage, TaskName, TaskRoute } from '../../entities/tasks.ts';
import { withTimeout } from '../../utils/timeout.ts';
import { type BurstLog, createBurstLog } from '../log/burst-log.ts';
import type { Logger } from '../log/index.ts';

// #region received-job
export interface ReceivedJob {
  id: string;
  message: TaskMessage;
  /** Earlier deliveries that ended in a retry the outbox could not record. */
  unrecordedRetries: number;
}

/**
 * What the handler decided: the job is finished (done, skipped or dead-lettered), or it runs
 * again after a wait the handler chose; `unrecorded` when the outbox could not count the attempt.
 */
export type JobVerdict =
  | 'finished'
  | { retryInMs: number; error: Error; unrecorded?: boolean | undefined };
// #endregion received-job

/** A message to publish; its id becomes the job's id. */
export interface Publication {
  id: string;
  message: TaskMessage;
}

/** What publishing did: the ids Redis refused (with why), and those it already held. */
export interface PublishOutcome {
  failed: Map<string, Error>;
  alreadyQueued: Set<string>;
}

/** What a job carries in Redis. */
interface JobData {
  message: TaskMessage;
  unrecordedRetries?: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
}

interface QueueClientDeps {
  config: { REDIS_URL: string; QUEUE_PREFIX: string; QUEUE_STALL_INTERVAL_MS: number };
  logger: Logger;
  taskRoutes: Record<TaskName, TaskRoute>;
}

export const PUBLISH_TIMEOUT_MS = 2_000;
/** The longest wait between two reconnection attempts to Redis. */
export const RECONNECT_MAX_DELAY_MS = 1_000;

// #region queue-client
/** Bee-Queue behind a small surface: the outbox publisher publishes by task name, the worker consumes by queue. */
export class QueueClient {
  readonly #deps: QueueClientDeps;
  readonly #producers = new Map<string, BeeQueue<JobData>>();
  readonly #consumers: BeeQueue<JobData>[] = [];
  readonly #outages: BurstLog;
  #closing: Promise<void> | undefined;

  constructor(deps: QueueClientDeps) {
    this.#deps = deps;
    this.#outages = createBurstLog(deps.logger);
  }

  // #region queue-publish
  /**
   * Publishes messages as jobs whose ids are given, one pipeline per queue. While a job exists,
   * publishing it again adds nothing: Redis still holds it (`alreadyQueued`).
   */
  async publishAll(publications: Publication[]): Promise<PublishOutcome> {
    const { taskRoutes } = this.#deps;
    const byQueue = Map.groupBy(publications, ({ message }) => taskRoutes[message.task].queue);
    const outcome: PublishOutcome = { failed: new Map(), alreadyQueued: new Set() };
    for (const { failed, alreadyQueued } of await Promise.all(
      [...byQueue].map(([queue, batch]) => this.#saveAll(queue, batch)),
    )) {
      for (const [id, error] of failed) outcome.failed.set(id, error);
      for (const id of alreadyQueued) outcome.alreadyQueued.add(id);
    }
    return outcome;
  }

  async #saveAll(queue: string, batch: Publication[], retried = false): Promise<PublishOutcome> {
    const producer = this.#producer(queue);
    const jobs = batch.map(({ id, message }) => producer.createJob({ message }).setId(id));
    const outcome: PublishOutcome = { failed: new Map(), alreadyQueued: new Set() };
    try {
      // node_redis queues commands while Redis is away; the relay would rather fail and retry.
      const errors = await withTimeout(
        producer.saveAll(jobs),
        PUBLISH_TIMEOUT_MS,
        `Could not publish to queue ${queue}`,
      );
      batch.forEach(({ id }, index) => {
        const job = jobs[index] as BeeQueue.Job<JobData>;
        const error = errors.get(job);
        if (error) outcome.failed.set(id, error);
        // Bee-Queue leaves the id empty when a job with that id already existed.
        else if (!job.id) outcome.alreadyQueued.add(id);
      });
    } catch (error) {
      for (const { id } of batch) outcome.failed.set(id, error as Error);
    }
    const forgotten = batch.filter(({ id }) =>
      /NOSCRIPT/.test(outcome.failed.get(id)?.message ?? ''),
    );
    if (retried || !forgotten.length) return outcome;
    // A restarted Redis forgot Bee-Queue's Lua scripts; a fresh queue instance loads them again.
    await this.#reopenProducer(queue, producer);
    const again = await this.#saveAll(queue, forgotten, true);
    for (const { id } of forgotten) {
      outcome.failed.delete(id);
      const error = again.failed.get(id);
      if (error) outcome.failed.set(id, error);
      if (again.alreadyQueued.has(id)) outcome.alreadyQueued.add(id);
    }
    return outcome;
  }
  // #endregion queue-publish

  // #region queue-consume
  async consume(
    queue: string,
    concurrency: number,
    handler: (job: ReceivedJob) => Promise<JobVerdict>,
  ): Promise<void> {
    const consumer = this.#open(queue, {
      isWorker: true,
      // Without this, retries with backoff would sit in the delayed set forever.
      activateDelayedJobs: true,
      removeOnSuccess: true,
      // Failed jobs are kept in PostgreSQL (dead letters), not in Redis.
      removeOnFailure: true,
    });
    this.#consumers.push(consumer);
    await consumer.ready();
    consumer.process(concurrency, async (job) => {
      const unrecordedRetries = job.data.unrecordedRetries ?? 0;
      const verdict = await handler({ id: job.id, message: job.data.message, unrecordedRetries });
      if (verdict === 'finished') return;
      if (verdict.unrecorded) job.data.unrecordedRetries = unrecordedRetries + 1;
      // Bee-Queue keeps each failure's stack with the job: the outbox keeps the last error.
      (job.options as { stacktraces?: string[] }).stacktraces = [];
      // Bee-Queue retries a job that throws, after the wait its backoff names: the handler's.
      job.options.retries = Math.max(job.options.retries ?? 0, 1);
      job.options.backoff = {
        strategy: 'fixed',
        delay: Math.max(1, Math.round(verdict.retryInMs)),
      };
      throw verdict.error;
    });
    // Bee-Queue checks for stalled jobs once at start-up unless asked to keep checking.
    await consumer.checkStalledJobs(this.#deps.config.QUEUE_STALL_INTERVAL_MS);
  }
  // #endregion queue-consume

  // #region queue-counts-close
  async counts(queue: string): Promise<QueueCounts> {
    const { waiting, active, delayed } = await withTimeout(
      this.#producer(queue).checkHealth(),
      PUBLISH_TIMEOUT_MS,
      `Queue ${queue} did not answer`,
    );
    return { waiting, active, delayed };
  }

  /**
   * Stops taking jobs and waits up to `timeoutMs` for the running ones. Jobs still running then
   * stay active in Redis, and another worker's stall check delivers them again.
   */
  close(timeoutMs: number): Promise<void> {
    const { logger } = this.#deps;
    const queues = [...this.#consumers, ...this.#producers.values()];
    this.#closing ??= Promise.all(
      queues.map((queue) =>
        queue.close(timeoutMs).catch((error: Error & { code?: string }) => {
          // A queue that never reached Redis ran no job: its retry, stopped by the close, says so.
          if (error.code === 'CONNECTION_BROKEN') return;
          logger.warn(
            { err: error, queue: queue.name },
            'jobs still running at shutdown are left for redelivery',
          );
        }),
      ),
    ).then(() => {});
    return this.#closing;
  }
  // #endregion queue-counts-close

  /** The queues opened so far, and how many of them are connected to Redis now (metrics). */
  connections(): { connected: number; total: number } {
    const queues = [...this.#consumers, ...this.#producers.values()];
    const connected = queues.filter(
      (queue) => (queue as unknown as { client?: { connected?: boolean } }).client?.connected,
    ).length;
    return { connected, total: queues.length };
  }

  #reloading: Promise<void> | undefined;

  /** A restarted Redis forgot the Lua scripts that stall checks and delayed retries use. */
  #reloadScripts(): Promise<void> {
    this.#reloading ??= (async () => {
      const loader = this.#open('script-loader', { isWorker: false });
      try {
        await loader.ready();
      } finally {
        await loader.close(0).catch(() => {});
        this.#reloading = undefined;
      }
    })();
    return this.#reloading;
  }

  /** Replaces the producer that failed, once: publishes that failed together share the new one. */
  async #reopenProducer(queue: string, failed: BeeQueue<JobData>): Promise<void> {
    if (this.#producers.get(queue) === failed) {
      this.#producers.delete(queue);
      await failed.close(0).catch(() => {});
    }
    await this.#producer(queue).ready();
  }

  #producer(queue: string): BeeQueue<JobData> {
    let producer = this.#producers.get(queue);
    if (!producer) {
      producer = this.#open(queue, { isWorker: false });
      this.#producers.set(queue, producer);
    }
    return producer;
  }

  // #region queue-open
  #open(queue: string, settings: BeeQueue.QueueSettings): BeeQueue<JobData> {
    const { config } = this.#deps;
    // Bee-Queue speaks node_redis v3: it gets connection settings, never our ioredis client.
    const instance = new BeeQueue<JobData>(queue, {
      prefix: config.QUEUE_PREFIX,
      redis: {
        url: config.REDIS_URL,
        // Reconnect quickly once Redis is back, instead of node_redis's growing delays;
        // once closed, stop: a Redis never reached would otherwise be retried for ever.
        retry_strategy: ({ attempt }: { attempt: number }) =>
          this.#closing
            ? new Error('queue client closed')
            : Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
      },
      stallInterval: config.QUEUE_STALL_INTERVAL_MS,
      // The outbox, not Redis's job events, says how a job went. Bee-Queue's defaults publish an
      // event for every job, and keep every Job this queue creates in a Map that only an event
      // empties: a producer without events would hold all it ever published.
      getEvents: false,
      sendEvents: false,
      storeJobs: false,
      ...settings,
    });
    instance.on('error', (error) => {
      this.#outages.warn(
        `queue:${queue}`,
        { dependency: 'redis', queue, reason: error.message },
        'queue cannot reach Redis',
      );
      if (/NOSCRIPT/.test(error.message)) void this.#reloadScripts();
    });
    return instance;
  }
  // #endregion queue-open
}
// #endregion queue-client

export function createQueueClient(deps: QueueClientDeps): QueueClient {
  return new QueueClient(deps);
}
