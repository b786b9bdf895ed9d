import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { Database } from '../../libs/database/index.ts';
import type { QueueClient } from '../../libs/queue/index.ts';

interface OutboxRelayDeps {
  database: Database;
  outboxRepository: OutboxRepository;
  queue: Pick<QueueClient, 'publishAll'>;
}

// #region outbox-relay
/** Moves outbox rows to the queue. A row is marked published only after the queue took it. */
export class OutboxRelay {
  readonly #deps: OutboxRelayDeps;

  constructor(deps: OutboxRelayDeps) {
    this.#deps = deps;
  }

  async publishPending(batchSize: number): Promise<{ published: number; failed: boolean }> {
    const { database, outboxRepository, queue } = this.#deps;
    return database.transaction(async (trx) => {
      const entries = await outboxRepository.claimPending(trx, batchSize);
      // The outbox id is the job id: publishing a row twice adds nothing while its job exists.
      const failures = await queue.publishAll(entries);
      const [firstFailure] = failures.values();
      if (firstFailure) {
        // Most likely Redis is away: the rows that failed wait for the next round.
        await outboxRepository.recordPublishFailure(
          trx,
          [...failures.keys()],
          firstFailure.message,
        );
      }
      const published = entries.filter((entry) => !failures.has(entry.id));
      await outboxRepository.markPublished(
        trx,
        published.map((entry) => entry.id),
      );
      return { published: published.length, failed: failures.size > 0 };
    });
  }
}
// #endregion outbox-relay
