import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { ScheduledTaskName } from '../../entities/tasks.ts';
import type { Database } from '../../libs/database/index.ts';

export class ScheduleService {
  readonly #deps: { database: Database; outboxRepository: OutboxRepository };

  constructor(deps: { database: Database; outboxRepository: OutboxRepository }) {
    this.#deps = deps;
  }

  // #region request-run
  /** Asks for one run of a scheduled task, for the slot it belongs to. */
  async requestRun(task: ScheduledTaskName, slot: Date): Promise<void> {
    const { database, outboxRepository } = this.#deps;
    await database.transaction((trx) =>
      outboxRepository.add(trx, { task, payload: { slot: slot.toISOString() } }),
    );
  }
  // #endregion request-run
}
