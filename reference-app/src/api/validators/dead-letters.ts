import { z } from 'zod';
import { type DeadLetter, deadLetterReasons } from '../../entities/dead-letter.ts';
import { taskNames } from '../../entities/tasks.ts';
import { timestamp } from './common.ts';

const deadLetterReason = z.enum(deadLetterReasons);

export const deadLetterParams = z.strictObject({ id: z.uuid() });

export const listDeadLettersQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .transform((limit) => Math.min(limit, 100)),
});

export const deadLetterResponse = z
  .strictObject({
    id: z.uuid(),
    queue: z.string(),
    task: z.string(),
    jobId: z.string(),
    payload: z.unknown(),
    requestId: z.string().nullable(),
    reason: deadLetterReason,
    error: z.string(),
    attempts: z.number().int(),
    failedAt: timestamp,
    retriedAt: timestamp.nullable(),
  })
  .meta({ id: 'FailedJob' });

export const deadLetterListResponse = z
  .strictObject({ items: z.array(deadLetterResponse) })
  .meta({ id: 'FailedJobList' });

export const retryAcceptedResponse = z
  .strictObject({ outboxId: z.uuid() })
  .meta({ id: 'RetryAccepted' });

export const retryManyBody = z.strictObject({
  task: z.enum(taskNames),
  reason: deadLetterReason.optional(),
  limit: z.number().int().min(1).max(1_000).default(100),
});

export const retryManyAcceptedResponse = z
  .strictObject({
    retried: z.number().int().meta({ description: 'Dead letters put back in the outbox.' }),
    remaining: z
      .number()
      .int()
      .meta({ description: 'Dead letters of that task (and reason) still not retried.' }),
  })
  .meta({ id: 'RetryManyAccepted' });

// #region dead-letter-response
export function toDeadLetterResponse(deadLetter: DeadLetter): z.input<typeof deadLetterResponse> {
  const { id, queue, task, jobId, payload, requestId, reason, error, attempts } = deadLetter;
  return {
    ...{ id, queue, task, jobId, payload, requestId, reason, error, attempts },
    failedAt: deadLetter.failedAt.toISOString(),
    retriedAt: deadLetter.retriedAt?.toISOString() ?? null,
  };
}
// #endregion dead-letter-response
