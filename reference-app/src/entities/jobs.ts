import type { TaskMessage } from './tasks.ts';

/** A task waiting in the outbox to be published; its id becomes the job id. */
export interface OutboxEntry {
  id: string;
  message: TaskMessage;
}

export type DeadLetterReason = 'retries-exhausted' | 'stalled-too-often';

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
