import { z } from 'zod';
import type { PublicProfile } from '../../entities/user.ts';
import { timestamp } from './common.ts';

export const publicProfileResponse = z
  .strictObject({ id: z.uuid(), name: z.string(), memberSince: timestamp })
  .meta({ id: 'PublicProfile' });

export function toPublicProfileResponse(
  profile: PublicProfile,
): z.input<typeof publicProfileResponse> {
  return { id: profile.id, name: profile.name, memberSince: profile.memberSince.toISOString() };
}
