import { z } from 'zod';

// #region task-payloads
/** A scheduled task's payload: the slot it runs for, which the scheduler's lock per slot is named after. */
const slotPayload = z.strictObject({ slot: z.iso.datetime() });

/**
 * Every task the worker knows, by name, with the schema of its payload. The worker checks every
 * job's payload with it before the task runs, as the router checks every request.
 */
export const taskPayloadSchemas = {
  'send-welcome-email': z.strictObject({ userId: z.uuid() }),
  'export-users': z.strictObject({ exportId: z.uuid() }),
  // #region anonymise-deleted-user-payload
  'anonymise-deleted-user': z.strictObject({ userId: z.uuid() }),
  // #endregion anonymise-deleted-user-payload
  'purge-expired-sessions': slotPayload,
  'purge-finished-outbox': slotPayload,
  'purge-expired-idempotency-keys': slotPayload,
};

export type TaskPayloads = {
  [T in keyof typeof taskPayloadSchemas]: z.output<(typeof taskPayloadSchemas)[T]>;
};

export type TaskName = keyof TaskPayloads;

/** Every task name, for the code that needs them at run time (validation, routing checks). */
export const taskNames = Object.keys(taskPayloadSchemas) as [TaskName, ...TaskName[]];

/** Tasks run on a schedule: their payload is the slot they run for. */
export type ScheduledTaskName = {
  [K in TaskName]: TaskPayloads[K] extends { slot: string } ? K : never;
}[TaskName];

/**
 * What travels through the queue: the task's name, its payload, the request that caused it, and
 * the trace context of the span that wrote or published it (W3C `traceparent`), when traced.
 */
export interface TaskMessage<T extends TaskName = TaskName> {
  task: T;
  payload: TaskPayloads[T];
  requestId?: string | undefined;
  traceContext?: Record<string, string> | undefined;
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
