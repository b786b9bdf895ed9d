import type { TaskPayloads } from '../../entities/tasks.ts';
import type { OutboxMaintenanceService } from '../../services/outbox/outbox-maintenance-service.ts';
import type { TaskContext } from './task-context.ts';

// #region purge-finished-outbox-task
/** Idempotent by nature: rows done long ago are deleted; a second run finds fewer or none. */
export function makePurgeFinishedOutboxTask({
  outboxMaintenanceService,
}: {
  outboxMaintenanceService: OutboxMaintenanceService;
}) {
  return (_payload: TaskPayloads['purge-finished-outbox'], { jobId }: TaskContext) =>
    outboxMaintenanceService.purgeFinished(jobId);
}
// #endregion purge-finished-outbox-task
