import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import { type Database, deleteInBatches } from '../../libs/database/index.ts';

interface OutboxMaintenanceServiceDeps {
  config: { OUTBOX_RETENTION_HOURS: number };
  database: Database;
  outboxRepository: OutboxRepository;
}

// #region outbox-maintenance-service
export class OutboxMaintenanceService {
  readonly #deps: OutboxMaintenanceServiceDeps;

  constructor(deps: OutboxMaintenanceServiceDeps) {
    this.#deps = deps;
  }

  /** Deletes rows done more than OUTBOX_RETENTION_HOURS ago; the last batch ends the job. */
  async purgeFinished(jobId: string): Promise<string> {
    const { config, database, outboxRepository } = this.#deps;
    const before = new Date(Date.now() - config.OUTBOX_RETENTION_HOURS * 3_600_000);
    const deleted = await deleteInBatches(
      database,
      (trx, limit) => outboxRepository.deleteFinished(trx, before, limit),
      (trx) => outboxRepository.acknowledge(trx, jobId),
    );
    return `deleted ${deleted} finished outbox rows`;
  }
}
// #endregion outbox-maintenance-service
