import type { TaskPayloads } from '../../entities/tasks.ts';
import type { IdempotencyService } from '../../services/idempotency/idempotency-service.ts';
import type { TaskContext } from './task-context.ts';

// #region purge-expired-idempotency-keys-task
/** Idempotent by nature: keys past their expiry are deleted; a second run finds none. */
export function makePurgeExpiredIdempotencyKeysTask({
  idempotencyService,
}: {
  idempotencyService: IdempotencyService;
}) {
  return (_payload: TaskPayloads['purge-expired-idempotency-keys'], { jobId }: TaskContext) =>
    idempotencyService.purgeExpired(jobId);
}
// #endregion purge-expired-idempotency-keys-task
