// #region task-context
/** What the worker hands every task besides its payload. */
export interface TaskContext {
  /** Aborted when the job's time is up: a long task should stop at the next chance. */
  signal: AbortSignal;
}
// #endregion task-context
