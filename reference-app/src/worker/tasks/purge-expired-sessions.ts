import type { TaskPayloads } from '../../entities/tasks.ts';
import type { SessionMaintenanceService } from '../../services/auth/session-maintenance-service.ts';
import type { TaskContext } from './task-context.ts';

// #region purge-expired-sessions-task
/** Idempotent by nature: deleting what has expired twice deletes nothing the second time. */
export function makePurgeExpiredSessionsTask({
  sessionMaintenanceService,
}: {
  sessionMaintenanceService: SessionMaintenanceService;
}) {
  return (_payload: TaskPayloads['purge-expired-sessions'], { jobId }: TaskContext) =>
    sessionMaintenanceService.purgeExpired(jobId);
}
// #endregion purge-expired-sessions-task
