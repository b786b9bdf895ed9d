import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { Database } from '../../libs/database/index.ts';
import type { QueueClient } from '../../libs/queue/index.ts';

interface OutboxRelayDeps {
  database: Database;
  outboxRepository: OutboxRepository;
  queue: Pick<QueueClient, 'publish'>;
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
      const published: string[] = [];
      let failed = false;
      for (const entry of entries) {
        try {
          // The outbox id is the job id: publishing twice while the job exists adds nothing.
          await queue.publish(entry.message, entry.id);
          published.push(entry.id);
        } catch (error) {
          // Most likely Redis is away: keep the rest for the next round.
          await outboxRepository.recordPublishFailure(trx, entry.id, (error as Error).message);
          failed = true;
          break;
        }
      }
      await outboxRepository.markPublished(trx, published);
      return { published: published.length, failed };
    });
  }
}
// #endregion outbox-relay
