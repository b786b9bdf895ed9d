import type { AwilixContainer } from 'awilix';
import { runInContext } from '../common/request-context.ts';
import type { Logger } from '../libs/log/index.ts';
import type { QueueClient, ReceivedJob } from '../libs/queue/index.ts';
import type { Broker } from './brokers/index.ts';

type TaskHandler = (payload: unknown) => Promise<unknown>;
type WorkerContainer = AwilixContainer<{ queue: QueueClient; logger: Logger }>;

// #region run-job
/** One job: its own dependency scope, the request id that caused it, one log line whatever happens. */
async function runJob(container: WorkerContainer, broker: Broker, job: ReceivedJob) {
  const { logger } = container.cradle;
  const { task, payload, requestId } = job.message;
  const route = broker.tasks[task];
  if (!route) throw new Error(`Queue ${broker.queue} carries no task named ${task}`);
  const attempt = route.retries - job.retriesLeft + 1;
  const startedAt = performance.now();
  await runInContext({ requestId: requestId ?? `job-${job.id}` }, async () => {
    const scope = container.createScope();
    const line = () => ({
      task,
      jobId: job.id,
      attempt,
      durationMs: Math.round(performance.now() - startedAt),
    });
    try {
      const outcome = await scope.resolve<TaskHandler>(route.handler)(payload);
      logger.info({ ...line(), outcome }, 'job succeeded');
    } catch (error) {
      logger.warn({ ...line(), err: error, retriesLeft: job.retriesLeft }, 'job failed');
      throw error;
    } finally {
      await scope.dispose();
    }
  });
}
// #endregion run-job

// #region worker-app
/** Subscribes every broker's queue; handlers are looked up by name in the container. */
export async function startWorker(container: WorkerContainer, brokers: Broker[]): Promise<void> {
  const { queue, logger } = container.cradle;
  for (const broker of brokers) {
    await queue.consume(broker.queue, broker.concurrency, (job) => runJob(container, broker, job));
    logger.info({ queue: broker.queue, tasks: Object.keys(broker.tasks) }, 'consuming');
  }
}
// #endregion worker-app
