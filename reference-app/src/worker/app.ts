import { z } from 'zod';
import { runInContext } from '../common/request-context.ts';
import type { DeadLetterReason } from '../entities/dead-letter.ts';
import type { JobAttempt } from '../entities/jobs.ts';
import { type TaskName, taskPayloadSchemas } from '../entities/tasks.ts';
import { type BurstLog, createBurstLog } from '../libs/log/burst-log.ts';
import type { Logger } from '../libs/log/index.ts';
import type { JobVerdict, QueueClient, ReceivedJob } from '../libs/queue/index.ts';
import type { JobMetrics, JobOutcome } from '../libs/telemetry/metrics.ts';
import { failSpan, SpanKind, withSpan } from '../libs/telemetry/tracing.ts';
import type { JobAttemptService } from '../services/jobs/job-attempt-service.ts';
import type { Broker, BrokerTask } from './brokers/index.ts';
import type { TaskContext } from './tasks/task-context.ts';
import type { TaskHandlers } from './tasks/task-handlers.ts';

type TaskHandler = (payload: unknown, context: TaskContext) => Promise<unknown>;

/** What the consumers run with, taken from the container once when the worker starts. */
export interface WorkerDependencies {
  queue: QueueClient;
  logger: Logger;
  jobAttemptService: JobAttemptService;
  taskHandlers: TaskHandlers;
  jobMetrics: JobMetrics;
}

/** What a job's span and metrics learn as the job goes: its attempt, then how it ended. */
interface JobObserver {
  begun(attempt: { attempt: number; deliveries: number }): void;
  ended(outcome: JobOutcome): void;
}

/** When the outbox cannot be read or written, the job waits this long and comes back unrecorded. */
export const OUTBOX_UNREACHABLE_RETRY_MS = 5_000;

// #region with-deadline
/** Runs the handler, aborting its signal and failing the job when its time is up. */
async function withDeadline(task: BrokerTask, run: (signal: AbortSignal) => Promise<unknown>) {
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
    return await Promise.race([run(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
// #endregion with-deadline

// #region run-attempt
/**
 * One attempt of a begun job: the task's handler under the task's deadline, then
 * the outbox told how it went. One log line whatever happens.
 */
async function runAttempt(
  dependencies: WorkerDependencies,
  route: BrokerTask,
  job: JobAttempt,
  observer: JobObserver,
): Promise<JobVerdict> {
  const { logger, jobAttemptService, taskHandlers } = dependencies;
  const startedAt = performance.now();
  const line = () => ({
    task: job.message.task,
    jobId: job.jobId,
    attempt: job.attempt,
    durationMs: Math.round(performance.now() - startedAt),
  });
  let outcome: unknown;
  try {
    const handler = taskHandlers[job.message.task] as TaskHandler;
    outcome = await withDeadline(route, (signal) =>
      handler(job.message.payload, { signal, jobId: job.jobId }),
    );
  } catch (error) {
    const next = await jobAttemptService.failed(job, error as Error);
    const retry = next === 'dead-lettered' ? undefined : next;
    const result = retry ? 'retrying' : 'dead-lettered';
    observer.ended(retry ? 'retried' : 'dead_lettered');
    logger.warn(
      { ...line(), err: error, outcome: result, retryInMs: retry?.retryInMs },
      'job failed',
    );
    return retry ? { ...retry, error: error as Error } : 'finished';
  }
  // Not in the try above: an acknowledgement that fails is no failure of the task.
  await jobAttemptService.succeeded(job.jobId);
  observer.ended('succeeded');
  logger.info({ ...line(), outcome }, 'job succeeded');
  return 'finished';
}
// #endregion run-attempt

/** A job for a task that its queue's broker does not route: the route of whichever broker does. */
function routeOf(brokers: Broker[], broker: Broker, task: TaskName): BrokerTask | undefined {
  return broker.tasks[task] ?? brokers.find((other) => other.tasks[task])?.tasks[task];
}

// #region run-job
/**
 * A job as Redis delivered it: counted in its outbox row first. A copy of a job already done is
 * skipped; a job whose task nothing routes, whose payload breaks its task's schema, or that
 * stalled too often becomes a dead letter without running.
 */
async function runJob(
  dependencies: WorkerDependencies,
  outages: BurstLog,
  route: BrokerTask | undefined,
  queue: string,
  job: ReceivedJob,
  observer: JobObserver,
): Promise<JobVerdict> {
  const { logger, jobAttemptService } = dependencies;
  const { task } = job.message;
  try {
    const begun = await jobAttemptService.begin(job.id, task, job.unrecordedRetries);
    if (!begun) {
      logger.info({ task, jobId: job.id, outcome: 'already-done' }, 'job skipped');
      return 'finished';
    }
    observer.begun(begun);
    const attempt = { jobId: job.id, queue, message: job.message, ...begun };
    const giveUp = async (reason: Exclude<DeadLetterReason, 'retries-exhausted'>, why: string) => {
      await jobAttemptService.deadLetter(attempt, reason, why);
      observer.ended('dead_lettered');
      logger.error({ task, jobId: job.id, ...begun, outcome: 'dead-lettered', reason }, why);
      return 'finished' as const;
    };
    if (!route) return giveUp('unknown-task', `No broker routes the task ${task}`);
    const payload = taskPayloadSchemas[task].safeParse(job.message.payload);
    if (!payload.success) {
      return giveUp('invalid-payload', `Invalid payload: ${z.prettifyError(payload.error)}`);
    }
    if (begun.stalls > route.maxStalls) {
      const why = `Delivered ${begun.deliveries} times for ${begun.attempt} attempt(s)`;
      return giveUp('stalled-too-often', why);
    }
    const checked = { ...attempt, message: { ...job.message, payload: payload.data } };
    return await runAttempt(dependencies, route, checked, observer);
  } catch (error) {
    observer.ended('retried');
    // The outbox could not be read or written: try again later, whatever the task did.
    outages.warn(
      'jobs:postgres',
      { dependency: 'postgres', reason: (error as Error).message },
      'jobs cannot reach the outbox: retrying them later',
    );
    return { retryInMs: OUTBOX_UNREACHABLE_RETRY_MS, error: error as Error, unrecorded: true };
  }
}
// #endregion run-job

// #region observed-job
/**
 * Runs a job inside its span, a child of the span that published it: the message carries that
 * context, so the job continues its request's trace. Its duration goes into the histogram under
 * the outcome it ended with; a copy skipped as already done is not a run and is not counted.
 */
function observedJob(
  { jobMetrics }: WorkerDependencies,
  queue: string,
  job: ReceivedJob,
  run: (observer: JobObserver) => Promise<JobVerdict>,
): Promise<JobVerdict> {
  const { requestId, traceContext } = job.message;
  // The label and the span name come from a fixed list: a stray message cannot add series.
  const task = Object.hasOwn(taskPayloadSchemas, job.message.task) ? job.message.task : 'unknown';
  const attributes = {
    'messaging.system': 'bee-queue',
    'messaging.operation.type': 'process',
    'messaging.destination.name': queue,
    'messaging.message.id': job.id,
    'job.task': task,
  };
  const options = { kind: SpanKind.CONSUMER, parent: traceContext, attributes };
  return runInContext({ requestId: requestId ?? `job-${job.id}` }, () =>
    withSpan(`job ${task}`, options, async (span) => {
      const stopTimer = jobMetrics.jobDuration.startTimer({ task });
      jobMetrics.jobsInFlight.inc({ task });
      let ended: JobOutcome | undefined;
      const observer: JobObserver = {
        begun: ({ attempt, deliveries }) =>
          span.setAttributes({ 'job.attempt': attempt, 'job.deliveries': deliveries }),
        ended(outcome) {
          ended = outcome;
          span.setAttribute('job.outcome', outcome);
          stopTimer({ outcome });
        },
      };
      try {
        const verdict = await run(observer);
        // A retry or a dead letter is an answer, not a throw: the span still says it failed.
        if (verdict !== 'finished') failSpan(span, verdict.error);
        else if (ended === 'dead_lettered') failSpan(span, new Error('dead-lettered'));
        return verdict;
      } finally {
        jobMetrics.jobsInFlight.dec({ task });
      }
    }),
  );
}
// #endregion observed-job

// #region worker-app
/** Subscribes every broker's queue; each job runs the handler of its task's name. */
export async function startConsumers(
  dependencies: WorkerDependencies,
  brokers: Broker[],
): Promise<void> {
  const { queue, logger } = dependencies;
  const outages = createBurstLog(logger);
  for (const broker of brokers) {
    await queue.consume(broker.queue, broker.concurrency, (job) =>
      observedJob(dependencies, broker.queue, job, (observer) => {
        const route = routeOf(brokers, broker, job.message.task);
        return runJob(dependencies, outages, route, broker.queue, job, observer);
      }),
    );
    logger.info({ queue: broker.queue, tasks: Object.keys(broker.tasks) }, 'consuming');
  }
}
// #endregion worker-app
