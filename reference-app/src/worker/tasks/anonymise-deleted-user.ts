import type { TaskPayloads } from '../../entities/tasks.ts';
import type { AnonymisationService } from '../../services/users/anonymisation-service.ts';
import type { TaskContext } from './task-context.ts';

// #region anonymise-deleted-user-task
/** Thin, like a controller: the payload in, one service call, the outcome out. */
export function makeAnonymiseDeletedUserTask({
  anonymisationService,
}: {
  anonymisationService: AnonymisationService;
}) {
  return async (payload: TaskPayloads['anonymise-deleted-user'], { jobId }: TaskContext) =>
    anonymisationService.anonymise(payload.userId, jobId);
}
// #endregion anonymise-deleted-user-task
