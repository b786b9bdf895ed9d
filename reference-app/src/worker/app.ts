import type { AwilixContainer } from 'awilix';
import { runInContext } from '../common/request-context.ts';
import type { Logger } from '../libs/log/index.ts';
import type { QueueClient, ReceivedJob } from '../libs/queue/index.ts';
import type { RedisLib } from '../libs/redis/index.ts';
import type { JobService } from '../services/jobs/job-service.ts';
import type { Broker, BrokerTask } from './brokers/index.ts';
import type { TaskContext } from './tasks/task-context.ts';

type TaskHandler = (payload: unknown, context: TaskContext) => Promise<unknown>;
type WorkerContainer = AwilixContainer<{
  queue: QueueClient;
  logger: Logger;
  redis: RedisLib;
  config: { REDIS_KEY_PREFIX: string };
}>;

const DELIVERY_COUNT_TTL_SECONDS = 7 * 24 * 3600;

// #region with-deadline
/** Runs the handler, aborting its signal and failing the job when its time is up. */
async function withDeadline(task: BrokerTask, run: (context: TaskContext) => Promise<unknown>) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`Timed out after ${task.timeoutMs} ms`);
      // Rejected before the abort, so a task that returns on abort cannot pass for a success.
      reject(error);
      controller.abort(error);
    }, task.timeoutMs);
  });
  try {
    return await Promise.race([run({ signal: controller.signal }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
// #endregion with-deadline

// #region run-job
/**
 * One job: the request id that caused it, its handler from the container, one log line whatever
 * happens. A job that stalled too often, or failed its last retry, becomes a dead letter.
 */
async function runJob(container: WorkerContainer, broker: Broker, job: ReceivedJob) {
  const { logger, redis, config } = container.cradle;
  const { task, payload, requestId } = job.message;
  const route = broker.tasks[task];
  if (!route) throw new Error(`Queue ${broker.queue} carries no task named ${task}`);
  const { attempt } = job;
  const deliveries = await redis
    .increment(
      `${config.REDIS_KEY_PREFIX}:deliveries:${broker.queue}:${job.id}`,
      DELIVERY_COUNT_TTL_SECONDS,
    )
    .catch((error) => {
      // Without the count a stall cannot be seen; running the job beats dropping it.
      logger.warn({ err: error, jobId: job.id }, 'delivery not counted');
      return attempt;
    });
  const startedAt = performance.now();
  await runInContext({ requestId: requestId ?? `job-${job.id}` }, async () => {
    const line = () => ({
      task,
      jobId: job.id,
      attempt,
      durationMs: Math.round(performance.now() - startedAt),
    });
    const deadLetter = (reason: 'retries-exhausted' | 'stalled-too-often', error: string) =>
      container.resolve<JobService>('jobService').recordDeadLetter({
        queue: broker.queue,
        task,
        jobId: job.id,
        payload,
        requestId: requestId ?? null,
        reason,
        error,
        attempts: attempt,
      });
    try {
      // Each delivery beyond the attempt number is one that a dead worker left unfinished.
      if (deliveries - attempt > route.maxStalls) {
        await deadLetter(
          'stalled-too-often',
          `Delivered ${deliveries} times for ${attempt} attempt(s)`,
        );
        logger.error({ ...line(), outcome: 'dead-lettered', deliveries }, 'job stalled too often');
        return;
      }
      const handler = container.resolve<TaskHandler>(route.handler);
      const outcome = await withDeadline(route, (context) => handler(payload, context));
      logger.info({ ...line(), outcome }, 'job succeeded');
    } catch (error) {
      const retriesLeft = job.retriesLeft;
      if (retriesLeft === 0) await deadLetter('retries-exhausted', (error as Error).message);
      logger.warn(
        { ...line(), err: error, retriesLeft, outcome: retriesLeft ? 'retrying' : 'dead-lettered' },
        'job failed',
      );
      throw error;
    }
  });
}
// #endregion run-job

// #region worker-app
/** Subscribes every broker's queue; handlers are looked up by name in the container. */
export async function startConsumers(container: WorkerContainer, brokers: Broker[]): Promise<void> {
  const { queue, logger } = container.cradle;
  for (const broker of brokers) {
    await queue.consume(broker.queue, broker.concurrency, (job) => runJob(container, broker, job));
    logger.info({ queue: broker.queue, tasks: Object.keys(broker.tasks) }, 'consuming');
  }
}
// #endregion worker-app
