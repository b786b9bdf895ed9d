import type { TaskMessage } from './tasks.ts';

/** A task waiting in the outbox to be published; its id becomes the job id. */
export interface OutboxEntry {
  id: string;
  message: TaskMessage;
}

/** What the outbox knows of a job when an attempt starts. */
export interface AttemptRecord {
  /** Attempts started so far, this one included, redeliveries after a stall too. */
  deliveries: number;
  /** Attempts that failed before this one. */
  failures: number;
}

// #region outbox-task-state
/** The outbox seen per task: what waits, what runs, what is late, what Redis lost. */
export interface OutboxTaskState {
  task: string;
  /** Written, not yet published. */
  pending: number;
  /** Published, not done, within its lease. */
  inFlight: number;
  /** Published, not done, past its lease: the sweeper is about to publish it again. */
  overdue: number;
  /** Times a job was published again because Redis no longer had it (rows still kept). */
  republished: number;
  /** Age of the oldest row not done yet. */
  oldestAgeSeconds: number | null;
}
// #endregion outbox-task-state

/** One attempt of a job, as the worker runs it. */
export interface JobAttempt {
  jobId: string;
  queue: string;
  message: TaskMessage;
  /** 1 for the first attempt, 2 for the first retry, …; a redelivery after a stall keeps it. */
  attempt: number;
}
