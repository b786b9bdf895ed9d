import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import { buildWelcomeEmail } from '../../helpers/welcome-email.ts';
import type { Database, Transaction } from '../../libs/database/index.ts';
import type { Logger } from '../../libs/log/index.ts';
import type { Mailer } from '../../libs/mail/index.ts';

interface WelcomeEmailServiceDeps {
  database: Database;
  userRepository: UserRepository;
  outboxRepository: OutboxRepository;
  mailer: Mailer;
  logger: Logger;
}

export type WelcomeOutcome = 'sent' | 'already-sent' | 'user-gone';

// #region welcome-email-service
export class WelcomeEmailService {
  readonly #deps: WelcomeEmailServiceDeps;

  constructor(deps: WelcomeEmailServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Sends the welcome once per user: the row stays locked while we send, so a duplicate job
   * waits (past the statement timeout, it fails and is retried) and then finds it sent. The
   * mark and the job's acknowledgement commit together. A
   * failed send rolls back and the retry sends again; only a crash between sending and
   * committing can send it twice (delivery is at least once).
   */
  async send(userId: string, jobId: string): Promise<WelcomeOutcome> {
    const { database, outboxRepository } = this.#deps;
    return database.transaction(async (trx) => {
      const outcome = await this.#sendOnce(trx, userId);
      // The job is done when this commits, with the mark: a failed send undoes neither.
      await outboxRepository.acknowledge(trx, jobId);
      return outcome;
    });
  }

  async #sendOnce(trx: Transaction, userId: string): Promise<WelcomeOutcome> {
    const { userRepository, mailer } = this.#deps;
    const user = await userRepository.findByIdForUpdate(trx, userId);
    if (!user) return 'user-gone';
    if (user.welcomeEmailSentAt) return 'already-sent';
    await mailer.send(buildWelcomeEmail(user));
    await userRepository.markWelcomeEmailSent(trx, user.id, new Date());
    return 'sent';
  }
}
// #endregion welcome-email-service
