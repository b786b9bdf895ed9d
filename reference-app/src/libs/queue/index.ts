import BeeQueue from 'bee-queue';
import type { TaskMessage, TaskName, TaskRoute } from '../../entities/tasks.ts';
import { withTimeout } from '../../utils/timeout.ts';
import type { Logger } from '../log/index.ts';

// #region received-job
export interface ReceivedJob {
  id: string;
  /** 1 for the first run, 2 for the first retry, … (a redelivery after a stall keeps its number). */
  attempt: number;
  retriesLeft: number;
  message: TaskMessage;
}
// #endregion received-job

/** A message to publish; its id becomes the job's id. */
export interface Publication {
  id: string;
  message: TaskMessage;
}

/** What a job carries: the message, and the retries it was published with. */
interface JobData {
  message: TaskMessage;
  retries: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  succeeded: number;
  failed: number;
  delayed: number;
}

interface QueueClientDeps {
  config: { REDIS_URL: string; QUEUE_PREFIX: string; QUEUE_STALL_INTERVAL_MS: number };
  logger: Logger;
  taskRoutes: Record<TaskName, TaskRoute>;
}

const PUBLISH_TIMEOUT_MS = 2_000;

// #region queue-client
/** Bee-Queue behind a small surface: the relay publishes by task name, the worker consumes by queue. */
export class QueueClient {
  readonly #deps: QueueClientDeps;
  readonly #producers = new Map<string, BeeQueue<JobData>>();
  readonly #consumers: BeeQueue<JobData>[] = [];
  #closing: Promise<void> | undefined;

  constructor(deps: QueueClientDeps) {
    this.#deps = deps;
  }

  // #region queue-publish
  /**
   * Publishes messages as jobs whose ids are given (while a job exists, publishing it again
   * changes nothing), one pipeline per queue. Returns the ids it could not publish, with why.
   */
  async publishAll(publications: Publication[]): Promise<Map<string, Error>> {
    const { taskRoutes } = this.#deps;
    const byQueue = Map.groupBy(publications, ({ message }) => taskRoutes[message.task].queue);
    const failures = new Map<string, Error>();
    for (const outcome of await Promise.all(
      [...byQueue].map(([queue, batch]) => this.#saveAll(queue, batch)),
    )) {
      for (const [id, error] of outcome) failures.set(id, error);
    }
    return failures;
  }

  async #saveAll(
    queue: string,
    batch: Publication[],
    retried = false,
  ): Promise<Map<string, Error>> {
    const producer = this.#producer(queue);
    const jobs = batch.map(({ id, message }) => {
      const route = this.#deps.taskRoutes[message.task];
      return producer
        .createJob({ message, retries: route.retries })
        .setId(id)
        .retries(route.retries)
        .backoff(route.backoff.strategy, route.backoff.delayMs);
    });
    let failures: Map<string, Error>;
    try {
      // node_redis queues commands while Redis is away; the relay would rather fail and retry.
      const errors = await withTimeout(
        producer.saveAll(jobs),
        PUBLISH_TIMEOUT_MS,
        `Could not publish to queue ${queue}`,
      );
      failures = new Map([...errors].map(([job, error]) => [job.id, error]));
    } catch (error) {
      failures = new Map(batch.map(({ id }) => [id, error as Error]));
    }
    const forgotten = batch.filter(({ id }) => /NOSCRIPT/.test(failures.get(id)?.message ?? ''));
    if (retried || !forgotten.length) return failures;
    // A restarted Redis forgot Bee-Queue's Lua scripts; a fresh queue instance loads them again.
    await this.#reopenProducer(queue, producer);
    const stillFailing = await this.#saveAll(queue, forgotten, true);
    for (const { id } of forgotten) {
      const error = stillFailing.get(id);
      if (error) failures.set(id, error);
      else failures.delete(id);
    }
    return failures;
  }
  // #endregion queue-publish

  // #region queue-consume
  async consume(
    queue: string,
    concurrency: number,
    handler: (job: ReceivedJob) => Promise<void>,
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
    consumer.process(concurrency, (job) => {
      const retriesLeft = job.options.retries ?? 0;
      const attempt = job.data.retries - retriesLeft + 1;
      return handler({ id: job.id, attempt, retriesLeft, message: job.data.message });
    });
    // Bee-Queue checks for stalled jobs once at start-up unless asked to keep checking.
    await consumer.checkStalledJobs(this.#deps.config.QUEUE_STALL_INTERVAL_MS);
  }
  // #endregion queue-consume

  // #region queue-counts-close
  async counts(queue: string): Promise<QueueCounts> {
    const { waiting, active, succeeded, failed, delayed } = await withTimeout(
      this.#producer(queue).checkHealth(),
      PUBLISH_TIMEOUT_MS,
      `Queue ${queue} did not answer`,
    );
    return { waiting, active, succeeded, failed, delayed };
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
        queue.close(timeoutMs).catch((error: Error) => {
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

  #reloading: Promise<void> | undefined;

  /** A restarted Redis forgot the Lua scripts that stall checks and delayed retries use. */
  #reloadScripts(): Promise<void> {
    this.#reloading ??= (async () => {
      const loader = this.#open('script-loader', { isWorker: false, getEvents: false });
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
      producer = this.#open(queue, { isWorker: false, getEvents: false });
      this.#producers.set(queue, producer);
    }
    return producer;
  }

  // #region queue-open
  #open(queue: string, settings: BeeQueue.QueueSettings): BeeQueue<JobData> {
    const { config, logger } = this.#deps;
    // Bee-Queue speaks node_redis v3: it gets connection settings, never our ioredis client.
    const instance = new BeeQueue<JobData>(queue, {
      prefix: config.QUEUE_PREFIX,
      redis: {
        url: config.REDIS_URL,
        // Reconnect within a second once Redis is back, instead of node_redis's growing delays.
        retry_strategy: ({ attempt }: { attempt: number }) => Math.min(attempt * 100, 1_000),
      },
      stallInterval: config.QUEUE_STALL_INTERVAL_MS,
      ...settings,
    });
    instance.on('error', (error) => {
      logger.error({ err: error, queue }, 'queue error');
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
