import { AppError } from '../../common/errors.ts';
import type { AuditLogRepository } from '../../database/repositories/audit-log-repository.ts';
import type { DeadLetterRepository } from '../../database/repositories/dead-letter-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { DeadLetter, DeadLetterFilter } from '../../entities/dead-letter.ts';
import type { Principal } from '../../entities/session.ts';
import type { TaskMessage } from '../../entities/tasks.ts';
import type { Database } from '../../libs/database/index.ts';

interface DeadLetterServiceDeps {
  database: Database;
  deadLetterRepository: DeadLetterRepository;
  outboxRepository: OutboxRepository;
  auditLogRepository: AuditLogRepository;
}

// #region dead-letter-service
/** What operators need to see failed work and run it again: one job, or all of a kind. */
export class DeadLetterService {
  readonly #deps: DeadLetterServiceDeps;

  constructor(deps: DeadLetterServiceDeps) {
    this.#deps = deps;
  }

  list(limit: number): Promise<DeadLetter[]> {
    return this.#deps.deadLetterRepository.list(this.#deps.database.handle, limit);
  }

  /** Puts the dead job's task back in the outbox as a new job; each dead letter is retried once. */
  async retry(id: string, actor: Principal): Promise<string> {
    const { database, deadLetterRepository, outboxRepository, auditLogRepository } = this.#deps;
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
      await auditLogRepository.record(trx, {
        actorId: actor.userId,
        action: 'dead-letter.retried',
        targetUserId: null,
        details: { deadLetterId: id, task: deadLetter.task, outboxId },
      });
      return outboxId;
    });
  }

  /** Retries up to `limit` dead letters of one task (and reason), oldest first, as one change. */
  async retryMatching(
    filter: DeadLetterFilter,
    limit: number,
    actor: Principal,
  ): Promise<{ retried: number; remaining: number }> {
    const { database, deadLetterRepository, auditLogRepository } = this.#deps;
    return database.transaction(async (trx) => {
      const retried = await deadLetterRepository.requeueMatching(trx, filter, limit);
      if (retried) {
        await auditLogRepository.record(trx, {
          actorId: actor.userId,
          action: 'dead-letters.retried',
          targetUserId: null,
          details: { ...filter, retried },
        });
      }
      return { retried, remaining: await deadLetterRepository.countOpen(trx, filter) };
    });
  }
}
// #endregion dead-letter-service
