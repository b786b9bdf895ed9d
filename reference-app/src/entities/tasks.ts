// #region task-payloads
/** Every task the worker knows, by name, with the payload it takes. */
export interface TaskPayloads {
  'send-welcome-email': { userId: string };
  'export-users': { exportId: string };
  'purge-expired-sessions': { slot: string };
  'purge-finished-outbox': { slot: string };
  'purge-expired-idempotency-keys': { slot: string };
}

export type TaskName = keyof TaskPayloads;

// A Record of every task name: TypeScript refuses it when a task is missing or unknown.
const everyTask: Record<TaskName, true> = {
  'send-welcome-email': true,
  'export-users': true,
  'purge-expired-sessions': true,
  'purge-finished-outbox': true,
  'purge-expired-idempotency-keys': true,
};
/** Every task name, for the code that needs them at run time (validation, routing checks). */
export const taskNames = Object.keys(everyTask) as [TaskName, ...TaskName[]];

/** Tasks run on a schedule: their payload is the slot they run for. */
export type ScheduledTaskName = {
  [K in TaskName]: TaskPayloads[K] extends { slot: string } ? K : never;
}[TaskName];

/** What travels through the queue: the task's name, its payload and the request that caused it. */
export interface TaskMessage<T extends TaskName = TaskName> {
  task: T;
  payload: TaskPayloads[T];
  requestId?: string;
}
// #endregion task-payloads

// #region task-route
/** How long to wait before the next attempt of a task that failed. */
export interface Backoff {
  strategy: 'fixed' | 'exponential';
  /** The first wait; `exponential` doubles it after each failure. */
  delayMs: number;
  /** Waits stop growing here. */
  maxDelayMs?: number;
  /** Each wait is shortened by up to this fraction, at random, so that many retries spread out. */
  jitter: number;
}

/** How one task is delivered: on which queue, how often retried, how long it may run. */
export interface TaskRoute {
  queue: string;
  /** Attempts after the first one that failed; then the job becomes a dead letter. */
  retries: number;
  backoff: Backoff;
  timeoutMs: number;
  /** Deliveries cut off by a dead worker that are tolerated before the job is dead-lettered. */
  maxStalls: number;
}
// #endregion task-route
