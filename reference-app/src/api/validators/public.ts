import { z } from 'zod';
import { timestamp } from './common.ts';

export const publicProfileResponse = z
  .strictObject({ id: z.uuid(), name: z.string(), memberSince: timestamp })
  .meta({ id: 'PublicProfile' });
