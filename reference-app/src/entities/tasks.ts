// #region task-payloads
/** Every task the worker knows, by name, with the payload it takes. */
export interface TaskPayloads {
  'send-welcome-email': { userId: string };
  'export-users': { exportId: string };
  'purge-expired-sessions': { slot: string };
}

export type TaskName = keyof TaskPayloads;

/** What travels through the queue: the task's name, its payload and the request that caused it. */
export interface TaskMessage<T extends TaskName = TaskName> {
  task: T;
  payload: TaskPayloads[T];
  requestId?: string;
}
// #endregion task-payloads

// #region task-route
/** How one task is delivered: on which queue, how often retried, how long it may run. */
export interface TaskRoute {
  queue: string;
  retries: number;
  backoff: { strategy: 'fixed' | 'exponential'; delayMs: number };
  timeoutMs: number;
  /** Deliveries cut off by a dead worker that are tolerated before the job is dead-lettered. */
  maxStalls: number;
}
// #endregion task-route
