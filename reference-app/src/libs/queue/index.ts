import BeeQueue from 'bee-queue';
import type { TaskMessage, TaskName, TaskPayloads, TaskRoute } from '../../entities/tasks.ts';
import { withTimeout } from '../../utils/timeout.ts';
import type { Logger } from '../log/index.ts';

export interface ReceivedJob {
  id: string;
  retriesLeft: number;
  message: TaskMessage;
}

interface QueueClientDeps {
  config: { REDIS_URL: string; QUEUE_PREFIX: string };
  logger: Logger;
  taskRoutes: Record<TaskName, TaskRoute>;
}

const ENQUEUE_TIMEOUT_MS = 2_000;
const STALL_CHECK_INTERVAL_MS = 5_000;

// #region queue-client
/** Bee-Queue behind a small surface: producers enqueue by task name, the worker consumes by queue. */
export class QueueClient {
  readonly #deps: QueueClientDeps;
  readonly #producers = new Map<string, BeeQueue<TaskMessage>>();
  readonly #consumers: BeeQueue<TaskMessage>[] = [];
  #closing: Promise<void> | undefined;

  constructor(deps: QueueClientDeps) {
    this.#deps = deps;
  }

  async enqueue<T extends TaskName>(task: T, payload: TaskPayloads[T], requestId?: string) {
    const route = this.#deps.taskRoutes[task];
    const job = this.#producer(route.queue)
      .createJob({ task, payload, requestId })
      .retries(route.retries)
      .backoff(route.backoff.strategy, route.backoff.delayMs)
      .timeout(route.timeoutMs);
    // node_redis queues commands while Redis is away; we would rather fail than hang a request.
    const saved = await withTimeout(job.save(), ENQUEUE_TIMEOUT_MS, `Could not enqueue ${task}`);
    return saved.id;
  }

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
    });
    this.#consumers.push(consumer);
    await consumer.ready();
    consumer.process(concurrency, (job) =>
      handler({ id: job.id, retriesLeft: job.options.retries ?? 0, message: job.data }),
    );
    // Bee-Queue checks for stalled jobs once at start-up unless asked to keep checking.
    await consumer.checkStalledJobs(STALL_CHECK_INTERVAL_MS);
  }

  /** Stops taking jobs and waits up to `timeoutMs` for the running ones. */
  close(timeoutMs: number): Promise<void> {
    const queues = [...this.#consumers, ...this.#producers.values()];
    this.#closing ??= Promise.all(queues.map((queue) => queue.close(timeoutMs))).then(() => {});
    return this.#closing;
  }

  #producer(queue: string): BeeQueue<TaskMessage> {
    let producer = this.#producers.get(queue);
    if (!producer) {
      producer = this.#open(queue, { isWorker: false, getEvents: false });
      this.#producers.set(queue, producer);
    }
    return producer;
  }

  #open(queue: string, settings: BeeQueue.QueueSettings): BeeQueue<TaskMessage> {
    const { config, logger } = this.#deps;
    // Bee-Queue speaks node_redis v3: it gets connection settings, never our ioredis client.
    const instance = new BeeQueue<TaskMessage>(queue, {
      prefix: config.QUEUE_PREFIX,
      redis: { url: config.REDIS_URL },
      stallInterval: STALL_CHECK_INTERVAL_MS,
      ...settings,
    });
    instance.on('error', (error) => logger.error({ err: error, queue }, 'queue error'));
    return instance;
  }
}
// #endregion queue-client

export function createQueueClient(deps: QueueClientDeps): QueueClient {
  return new QueueClient(deps);
}
