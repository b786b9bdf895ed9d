import { AppError } from '../../common/errors.ts';
import type { DeadLetterRepository } from '../../database/repositories/dead-letter-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { DeadLetter, NewDeadLetter } from '../../entities/jobs.ts';
import type { TaskMessage } from '../../entities/tasks.ts';
import type { Database } from '../../libs/database/index.ts';
import type { QueueClient, QueueCounts } from '../../libs/queue/index.ts';

interface JobServiceDeps {
  database: Database;
  deadLetterRepository: DeadLetterRepository;
  outboxRepository: OutboxRepository;
  queue: Pick<QueueClient, 'counts'>;
}

export interface QueueReport extends Partial<QueueCounts> {
  name: string;
  deadLettered: number;
  /** False when Redis did not answer: the queue's own counts are then missing. */
  reachable: boolean;
}

// #region job-service
/** Dead letters and queue counts: what operators need to see and re-run failed work. */
export class JobService {
  readonly #deps: JobServiceDeps;

  constructor(deps: JobServiceDeps) {
    this.#deps = deps;
  }

  async recordDeadLetter(deadLetter: NewDeadLetter): Promise<boolean> {
    const { database, deadLetterRepository } = this.#deps;
    return deadLetterRepository.add(database.handle, deadLetter);
  }

  listDeadLetters(limit: number): Promise<DeadLetter[]> {
    return this.#deps.deadLetterRepository.list(this.#deps.database.handle, limit);
  }

  /** Puts the dead job's task back in the outbox as a new job; each dead letter is retried once. */
  async retryDeadLetter(id: string): Promise<string> {
    const { database, deadLetterRepository, outboxRepository } = this.#deps;
    return database.transaction(async (trx) => {
      const deadLetter = await deadLetterRepository.findForUpdate(trx, id);
      if (!deadLetter) throw new AppError('DEAD_LETTER_NOT_FOUND', { details: { id } });
      if (deadLetter.retriedAt)
        throw new AppError('DEAD_LETTER_ALREADY_RETRIED', { details: { id } });
      const outboxId = await outboxRepository.add(trx, {
        task: deadLetter.task,
        payload: deadLetter.payload,
        requestId: deadLetter.requestId ?? undefined,
      } as TaskMessage);
      await deadLetterRepository.markRetried(trx, id, outboxId);
      return outboxId;
    });
  }

  async report(queues: string[]): Promise<{ queues: QueueReport[]; outboxPending: number }> {
    const { database, deadLetterRepository, outboxRepository, queue } = this.#deps;
    const deadLettered = await deadLetterRepository.countOpenByQueue(database.handle);
    const reports = await Promise.all(
      queues.map(async (name) => {
        const base = { name, deadLettered: deadLettered[name] ?? 0 };
        try {
          return { ...base, ...(await queue.counts(name)), reachable: true };
        } catch {
          return { ...base, reachable: false };
        }
      }),
    );
    return { queues: reports, outboxPending: await outboxRepository.countPending(database.handle) };
  }
}
// #endregion job-service
