import { z } from 'zod';

export const healthResponse = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });

const dependency = z.enum(['up', 'down']);
export const readinessResponse = z
  .strictObject({
    status: z.literal('ready'),
    checks: z.strictObject({ postgres: dependency, redis: dependency }),
  })
  .meta({ id: 'Readiness' });

export const openApiResponse = z
  .record(z.string(), z.unknown())
  .meta({ description: 'OpenAPI 3.1 document' });

export const whoamiResponse = z.strictObject({ caller: z.string() }).meta({ id: 'InternalCaller' });
