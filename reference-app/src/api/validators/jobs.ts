import { z } from 'zod';
import { deadLetterReasons } from '../../entities/jobs.ts';
import { taskNames } from '../../entities/tasks.ts';
import { timestamp } from './common.ts';

const deadLetterReason = z.enum(deadLetterReasons);

export const exportParams = z.strictObject({ id: z.uuid() });
export const deadLetterParams = z.strictObject({ id: z.uuid() });

export const exportAcceptedResponse = z
  .strictObject({ exportId: z.uuid() })
  .meta({ id: 'ExportAccepted' });

export const exportResponse = z
  .strictObject({
    id: z.uuid(),
    status: z.enum(['pending', 'running', 'done', 'failed']),
    rowCount: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
    download: z
      .strictObject({ url: z.url(), expiresAt: timestamp })
      .nullable()
      .meta({ description: 'A time-limited link to the CSV, once the export is done.' }),
  })
  .meta({ id: 'Export' });

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

const redisCount = z.number().int().optional();
const outboxCount = z.number().int();
export const queueReportResponse = z
  .strictObject({
    tasks: z.array(
      z.strictObject({
        task: z.enum(taskNames),
        queue: z.string(),
        pending: outboxCount.meta({ description: 'Written, not yet published to Redis.' }),
        inFlight: outboxCount.meta({ description: 'Published, not done, within its lease.' }),
        overdue: outboxCount.meta({
          description: 'Published, not done, past its lease: about to be published again.',
        }),
        republished: outboxCount.meta({
          description: 'Times a job was published again because Redis no longer had it.',
        }),
        oldestAgeSeconds: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'Age of the oldest row not done; null when none.' }),
        deadLettered: outboxCount.meta({ description: 'Dead letters not retried yet.' }),
      }),
    ),
    queues: z.array(
      z.strictObject({
        name: z.string(),
        reachable: z.boolean(),
        waiting: redisCount,
        active: redisCount,
        delayed: redisCount,
      }),
    ),
  })
  .meta({ id: 'QueueReport' });
