import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { SessionRepository } from '../../database/repositories/session-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { Database } from '../../libs/database/index.ts';

interface AnonymisationServiceDeps {
  database: Database;
  userRepository: UserRepository;
  sessionRepository: SessionRepository;
  outboxRepository: OutboxRepository;
}

export type AnonymisationOutcome = 'anonymised' | 'nothing-left';

// #region anonymisation-service
/** What the worker does after an account is deleted: nothing that named the person is kept. */
export class AnonymisationService {
  readonly #deps: AnonymisationServiceDeps;

  constructor(deps: AnonymisationServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Replaces the deleted account's email, name and password hash and deletes its sessions, then
   * acknowledges the job in the same transaction. The row stays locked meanwhile, so a second
   * delivery waits and then finds it already anonymised.
   */
  async anonymise(userId: string, jobId: string): Promise<AnonymisationOutcome> {
    const { database, userRepository, sessionRepository, outboxRepository } = this.#deps;
    return database.transaction(async (trx) => {
      const account = await userRepository.findDeletedForUpdate(trx, userId);
      if (account) {
        await userRepository.anonymise(trx, userId, new Date());
        await sessionRepository.deleteAllOfUser(trx, userId);
      }
      await outboxRepository.acknowledge(trx, jobId);
      return account ? 'anonymised' : 'nothing-left';
    });
  }
}
// #endregion anonymisation-service
