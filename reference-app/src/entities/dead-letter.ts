import type { TaskName } from './tasks.ts';

// #region dead-letter
/** Why a job became a dead letter; the migrations keep the same list in a CHECK constraint. */
export const deadLetterReasons = [
  'retries-exhausted',
  'stalled-too-often',
  'unknown-task',
  'invalid-payload',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

export interface DeadLetter {
  id: string;
  queue: string;
  task: string;
  jobId: string;
  payload: unknown;
  requestId: string | null;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
  failedAt: Date;
  retriedAt: Date | null;
}

export type NewDeadLetter = Omit<DeadLetter, 'id' | 'failedAt' | 'retriedAt'>;

/** Which dead letters a bulk retry takes. */
export interface DeadLetterFilter {
  task: TaskName;
  reason?: DeadLetterReason | undefined;
}
// #endregion dead-letter
