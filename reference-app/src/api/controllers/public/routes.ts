import { invoke } from '../../middlewares/dependencies.ts';
import { anyone, type RouteGroup, route } from '../../route-definition.ts';
import { userIdParams } from '../../validators/common.ts';
import { publicProfileResponse } from '../../validators/public.ts';
import { makeProfilesController } from './profiles-controller.ts';

// #region public-routes
/** Anonymous readers: simple, cacheable answers a CDN can hold. */
export const publicRoutes: RouteGroup = {
  name: 'public',
  prefix: '/api/public',
  description: 'Anonymous readers. Cacheable answers with only public fields.',
  routes: [
    route({
      method: 'get',
      operationId: 'getPublicProfile',
      path: '/profiles/:id',
      summary: "A user's public profile (never the email)",
      access: anyone,
      errors: ['USER_NOT_FOUND'],
      request: { params: userIdParams },
      responses: {
        200: {
          description: 'The profile, with Cache-Control and ETag',
          schema: publicProfileResponse,
          headers: {
            etag: 'This version of the profile: send it back in If-None-Match to revalidate.',
            'cache-control': 'public, max-age=…: browsers and CDNs may keep the profile a while.',
          },
        },
        304: {
          description: 'Unchanged since the ETag sent in If-None-Match',
          headers: {
            etag: 'The version the cached copy still is.',
            'cache-control': 'public, max-age=…: the cached copy may be kept a while longer.',
          },
        },
      },
      handler: invoke(makeProfilesController, 'show'),
    }),
  ],
};
// #endregion public-routes
