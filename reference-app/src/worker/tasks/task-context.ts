// #region task-context
/** What the worker hands every task besides its payload. */
export interface TaskContext {
  /** Aborted when the job's time is up: a long task should stop at the next chance. */
  signal: AbortSignal;
  /**
   * The job's id, which is its outbox row's: a task whose effect is a PostgreSQL change passes it
   * to its service, which acknowledges the row in the same transaction as the change.
   */
  jobId: string;
}
// #endregion task-context
