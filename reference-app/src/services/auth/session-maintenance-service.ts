import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { SessionRepository } from '../../database/repositories/session-repository.ts';
import type { Database } from '../../libs/database/index.ts';

interface SessionMaintenanceServiceDeps {
  database: Database;
  sessionRepository: SessionRepository;
  outboxRepository: OutboxRepository;
}

export class SessionMaintenanceService {
  readonly #deps: SessionMaintenanceServiceDeps;

  constructor(deps: SessionMaintenanceServiceDeps) {
    this.#deps = deps;
  }

  // #region purge-expired
  /** Deletes the sessions past their end, with their refresh tokens; the job ends with it. */
  async purgeExpired(jobId: string): Promise<string> {
    const { database, sessionRepository, outboxRepository } = this.#deps;
    const deleted = await database.transaction(async (trx) => {
      await outboxRepository.acknowledge(trx, jobId);
      return sessionRepository.deleteExpired(trx, new Date());
    });
    return `deleted ${deleted} expired sessions`;
  }
  // #endregion purge-expired
}
