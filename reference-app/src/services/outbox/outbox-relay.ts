import type { Lease, OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { OutboxEntry } from '../../entities/jobs.ts';
import type { TaskName, TaskRoute } from '../../entities/tasks.ts';
import type { Database, Transaction } from '../../libs/database/index.ts';
import type { QueueClient } from '../../libs/queue/index.ts';
import { leaseMs } from './lease.ts';

interface OutboxRelayDeps {
  config: { OUTBOX_LEASE_MARGIN_MS: number };
  database: Database;
  outboxRepository: OutboxRepository;
  queue: Pick<QueueClient, 'publishAll'>;
  taskRoutes: Record<TaskName, TaskRoute>;
}

/** One round of publishing: how many rows it took, published, found lost; why some failed. */
export interface RelayRound {
  claimed: number;
  published: number;
  republished: number;
  failure?: Error | undefined;
}

// #region outbox-relay
/**
 * Moves outbox rows to the queue: new rows (the relay), and rows in flight past their lease (the
 * sweeper). A published row stays in flight under a lease until its job acknowledges it.
 */
export class OutboxRelay {
  readonly #deps: OutboxRelayDeps;

  constructor(deps: OutboxRelayDeps) {
    this.#deps = deps;
  }

  publishPending(batchSize: number): Promise<RelayRound> {
    const { outboxRepository } = this.#deps;
    return this.#publish((trx) => outboxRepository.claimPending(trx, batchSize), false);
  }

  /** Publishes overdue rows again, with the same job id: Redis adds only the jobs it lost. */
  republishOverdue(batchSize: number): Promise<RelayRound> {
    const { outboxRepository } = this.#deps;
    return this.#publish((trx) => outboxRepository.claimOverdue(trx, batchSize), true);
  }

  async #publish(
    claim: (trx: Transaction) => Promise<OutboxEntry[]>,
    sweeping: boolean,
  ): Promise<RelayRound> {
    const { config, database, outboxRepository, queue, taskRoutes } = this.#deps;
    return database.transaction(async (trx) => {
      const entries = await claim(trx);
      if (!entries.length) return { claimed: 0, published: 0, republished: 0 };
      const { failed, alreadyQueued } = await queue.publishAll(entries);
      const [failure] = failed.values();
      if (failure) {
        // Most likely Redis is away: the rows that failed wait for the next round.
        await outboxRepository.recordPublishFailure(trx, [...failed.keys()], failure.message);
      }
      const leases: Lease[] = entries
        .filter((entry) => !failed.has(entry.id))
        .map((entry) => ({
          id: entry.id,
          ms: leaseMs(taskRoutes[entry.message.task], config.OUTBOX_LEASE_MARGIN_MS),
          republished: sweeping && !alreadyQueued.has(entry.id),
        }));
      await outboxRepository.lease(trx, leases);
      const republished = leases.filter((lease) => lease.republished).length;
      return { claimed: entries.length, published: leases.length, republished, failure };
    });
  }
}
// #endregion outbox-relay
