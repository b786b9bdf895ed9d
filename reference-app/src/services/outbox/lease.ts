import type { TaskRoute } from '../../entities/tasks.ts';

// #region lease
/**
 * How long a job may stay in flight before the sweeper publishes it again: the wait before its
 * next attempt, the attempt's deadline, and a margin for the queue and the acknowledgement.
 */
export function leaseMs(route: Pick<TaskRoute, 'timeoutMs'>, marginMs: number, waitMs = 0): number {
  return waitMs + route.timeoutMs + marginMs;
}
// #endregion lease
