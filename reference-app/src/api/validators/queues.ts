import { z } from 'zod';
import { taskNames } from '../../entities/tasks.ts';

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
