import type { SessionRepository } from '../../database/repositories/session-repository.ts';
import type { Database } from '../../libs/database/index.ts';

export class SessionMaintenanceService {
  readonly #deps: { database: Database; sessionRepository: SessionRepository };

  constructor(deps: { database: Database; sessionRepository: SessionRepository }) {
    this.#deps = deps;
  }

  // #region purge-expired
  /** Deletes the sessions past their end, with their refresh tokens. */
  async purgeExpired(): Promise<string> {
    const { database, sessionRepository } = this.#deps;
    const deleted = await database.transaction((trx) =>
      sessionRepository.deleteExpired(trx, new Date()),
    );
    return `deleted ${deleted} expired sessions`;
  }
  // #endregion purge-expired
}
