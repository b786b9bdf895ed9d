import DataLoader from 'dataloader';
import type { DeadLetterRepository } from '../../database/repositories/dead-letter-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { DeadLetterReason } from '../../entities/dead-letter.ts';
import type { AttemptRecord, JobAttempt } from '../../entities/jobs.ts';
import type { TaskName, TaskRoute } from '../../entities/tasks.ts';
import type { Database } from '../../libs/database/index.ts';
import { leaseMs } from '../outbox/lease.ts';
import { retryDelayMs } from './retry-backoff.ts';

interface JobAttemptServiceDeps {
  config: { OUTBOX_LEASE_MARGIN_MS: number };
  database: Database;
  outboxRepository: OutboxRepository;
  deadLetterRepository: DeadLetterRepository;
  taskRoutes: Record<TaskName, TaskRoute>;
}

/** The start of an attempt, as the outbox counted it. */
export interface BegunAttempt {
  attempt: number;
  deliveries: number;
  /** Deliveries that a dead worker left unfinished. */
  stalls: number;
}

// #region job-attempt-service
/**
 * The outbox row is the job's source of truth: each attempt is counted there and renews the
 * lease, a failure decides between a retry and a dead letter, and success marks the row done.
 */
export class JobAttemptService {
  readonly #deps: JobAttemptServiceDeps;
  readonly #begins: DataLoader<{ id: string; leaseMs: number }, AttemptRecord | null>;
  readonly #acknowledgements: DataLoader<string, null>;

  constructor(deps: JobAttemptServiceDeps) {
    this.#deps = deps;
    const { database, outboxRepository } = deps;
    // Jobs that start (or end) in the same turn of the event loop share one statement: a round
    // trip and a commit for many, where each would wait for its own.
    const batching = { cache: false, maxBatchSize: 500, batchScheduleFn: setImmediate };
    this.#begins = new DataLoader(async (attempts) => {
      const records = await outboxRepository.beginAttempts(database.handle, [...attempts]);
      return attempts.map(({ id }) => records.get(id) ?? null);
    }, batching);
    this.#acknowledgements = new DataLoader(async (ids) => {
      await outboxRepository.acknowledge(database.handle, ...ids);
      return ids.map(() => null);
    }, batching);
  }

  /**
   * Undefined when the job is done already: a copy that Redis delivered after all. Deliveries
   * that ended in a retry the outbox could not record (`unrecorded`) do not count as stalls.
   */
  async begin(jobId: string, task: TaskName, unrecorded = 0): Promise<BegunAttempt | undefined> {
    const { config, taskRoutes } = this.#deps;
    // A task no broker routes has no deadline; it is dead-lettered right after this.
    const route = taskRoutes[task] ?? { timeoutMs: 0 };
    const lease = leaseMs(route, config.OUTBOX_LEASE_MARGIN_MS);
    const record = await this.#begins.load({ id: jobId, leaseMs: lease });
    if (!record) return undefined;
    const attempt = record.failures + 1;
    const stalls = Math.max(0, record.deliveries - attempt - unrecorded);
    return { attempt, deliveries: record.deliveries, stalls };
  }

  /** Marks the row done; a task that acknowledged in its own transaction makes this a no-op. */
  async succeeded(jobId: string): Promise<void> {
    await this.#acknowledgements.load(jobId);
  }

  /** Schedules the next attempt after the task's backoff, or dead-letters the job at the end. */
  async failed(job: JobAttempt, error: Error): Promise<{ retryInMs: number } | 'dead-lettered'> {
    const { config, database, outboxRepository, taskRoutes } = this.#deps;
    const route = taskRoutes[job.message.task];
    if (job.attempt > route.retries) {
      await this.deadLetter(job, 'retries-exhausted', error.message);
      return 'dead-lettered';
    }
    const retryInMs = retryDelayMs(route.backoff, job.attempt);
    const lease = leaseMs(route, config.OUTBOX_LEASE_MARGIN_MS, retryInMs);
    await outboxRepository.recordFailure(database.handle, job.jobId, lease, error.message);
    return { retryInMs };
  }

  /** The dead letter and the end of the row commit together: the job is finished either way. */
  async deadLetter(job: JobAttempt, reason: DeadLetterReason, error: string): Promise<void> {
    const { database, outboxRepository, deadLetterRepository } = this.#deps;
    await database.transaction(async (trx) => {
      await deadLetterRepository.add(trx, {
        queue: job.queue,
        task: job.message.task,
        jobId: job.jobId,
        payload: job.message.payload,
        requestId: job.message.requestId ?? null,
        reason,
        error,
        attempts: job.attempt,
      });
      await outboxRepository.acknowledge(trx, job.jobId);
    });
  }
}
// #endregion job-attempt-service
