import type { Context } from 'koa';
import type { z } from 'zod';
import type { UserService } from '../../../services/users/user-service.ts';
import type { userIdParams } from '../../validators/common.ts';
import { toPublicProfileResponse } from '../../validators/public.ts';
import { cacheable } from './cacheable.ts';

// #region profiles-controller
/** How long a CDN or a browser may keep a public profile. */
export const PROFILE_MAX_AGE_SECONDS = 60;

export function makeProfilesController({ userService }: { userService: UserService }) {
  return {
    async show(ctx: Context, { params }: { params: z.output<typeof userIdParams> }) {
      const profile = await userService.getPublicProfile(params.id);
      cacheable(ctx, toPublicProfileResponse(profile), { maxAgeSeconds: PROFILE_MAX_AGE_SECONDS });
    },
  };
}
// #endregion profiles-controller
