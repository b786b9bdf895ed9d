import { z } from 'zod';
import { timestamp } from './common.ts';

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
    reason: z.enum(['retries-exhausted', 'stalled-too-often']),
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

const counts = z.number().int().optional();
export const queueReportResponse = z
  .strictObject({
    queues: z.array(
      z.strictObject({
        name: z.string(),
        reachable: z.boolean(),
        waiting: counts,
        active: counts,
        succeeded: counts,
        failed: counts,
        delayed: counts,
        deadLettered: z.number().int(),
      }),
    ),
    outboxPending: z
      .number()
      .int()
      .meta({ description: 'Tasks written but not yet published to Redis.' }),
  })
  .meta({ id: 'QueueReport' });
